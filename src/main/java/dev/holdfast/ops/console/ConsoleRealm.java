package dev.holdfast.ops.console;

import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import java.util.Map;

/**
 * The JVM's JAAS configuration with the console's realm added: no login.conf file to ship or point at with
 * {@code -Djava.security.auth.login.config}; any other realm is answered by the configuration found before.
 */
final class ConsoleRealm extends Configuration {

    static final String NAME = "holdfast";

    private final AppConfigurationEntry[] entries;
    private final Configuration previous;

    private ConsoleRealm(ConsoleUsers users, Configuration previous) {
        this.entries = new AppConfigurationEntry[]{new AppConfigurationEntry(ConsoleLoginModule.class.getName(),
                AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of(ConsoleLoginModule.USERS, users))};
        this.previous = previous;
    }

    /** Installs the realm for this JVM (the console's users replace those of an earlier install). */
    static synchronized void install(ConsoleUsers users) {
        Configuration before;
        try {
            before = Configuration.getConfiguration();
        } catch (SecurityException e) {
            before = null; // no login configuration at all: the usual case
        }
        if (before instanceof ConsoleRealm realm) {
            before = realm.previous;
        }
        Configuration.setConfiguration(new ConsoleRealm(users, before));
    }

    @Override
    public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
        if (NAME.equals(name)) {
            return entries.clone();
        }
        return previous == null ? null : previous.getAppConfigurationEntry(name);
    }
}
