package dev.holdfast.ops.console;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;
import java.io.IOException;
import java.util.Map;

/**
 * The JAAS login of the console (realm {@code holdfast}): checks name and password against {@link ConsoleUsers}
 * (handed over in the options, see {@link ConsoleRealm}) and gives the subject its user and role principals.
 * Jetty's PropertyFileLoginModule fails outside its own login service, hence this one.
 */
public final class ConsoleLoginModule implements LoginModule {

    static final String USERS = "holdfast.console.users";

    private Subject subject;
    private CallbackHandler handler;
    private ConsoleUsers users;
    private ConsoleUser user;
    private ConsoleRole role;

    @Override
    public void initialize(Subject subject, CallbackHandler handler, Map<String, ?> sharedState, Map<String, ?> options) {
        this.subject = subject;
        this.handler = handler;
        this.users = (ConsoleUsers) options.get(USERS);
    }

    @Override
    public boolean login() throws LoginException {
        NameCallback name = new NameCallback("user");
        PasswordCallback password = new PasswordCallback("password", false);
        try {
            handler.handle(new Callback[]{name, password});
        } catch (IOException | UnsupportedCallbackException e) {
            throw new LoginException("cannot read the credentials: " + e.getClass().getSimpleName());
        }
        try {
            String found = users.authenticate(name.getName(), password.getPassword())
                    .orElseThrow(() -> new FailedLoginException("wrong user name or password"));
            user = new ConsoleUser(name.getName());
            role = new ConsoleRole(found);
            return true;
        } finally {
            password.clearPassword();
        }
    }

    @Override
    public boolean commit() {
        if (user == null) {
            return false;
        }
        subject.getPrincipals().add(user);
        subject.getPrincipals().add(role);
        return true;
    }

    @Override
    public boolean abort() {
        user = null;
        role = null;
        return true;
    }

    @Override
    public boolean logout() {
        if (user != null) {
            subject.getPrincipals().remove(user);
            subject.getPrincipals().remove(role);
        }
        return true;
    }
}
