package dev.holdfast.ops.console;

import dev.holdfast.config.ConfigurationException;
import dev.holdfast.config.Settings;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The console's users: names and roles from {@code holdfast.console.users} ({@code name:role,...}), each password
 * from the environment ({@code HOLDFAST_CONSOLE_<NAME>_PASSWORD}). A user without a password cannot log in.
 */
public final class ConsoleUsers {

    /** Reads, lists and searches; starts and stops routes. */
    public static final String OPERATOR = "operator";
    /** Reads, lists and searches only. */
    public static final String VIEWER = "viewer";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, User> users;
    // passwords are kept only as salted digests, compared in constant time
    private final byte[] salt = new byte[16];

    private ConsoleUsers(Map<String, String> roles, Function<String, Optional<String>> passwords) {
        RANDOM.nextBytes(salt);
        Map<String, User> known = new LinkedHashMap<>();
        roles.forEach((name, role) -> known.put(name,
                new User(name, role, passwords.apply(name).map(this::digest).orElse(null))));
        this.users = Map.copyOf(known);
    }

    /**
     * @param environment the process environment ({@code System::getenv}); the settings key
     *                    {@code holdfast.console.<name>.password} is read when the variable is unset (tests)
     */
    public static ConsoleUsers from(Settings settings, Function<String, String> environment) {
        Map<String, String> roles = parse(settings.required("holdfast.console.users"));
        return new ConsoleUsers(roles, name -> Optional.ofNullable(environment.apply(passwordVariable(name)))
                .filter(p -> !p.isBlank())
                .or(() -> settings.optional("holdfast.console." + name + ".password")));
    }

    /**
     * The environment variable holding a user's password: {@code HOLDFAST_CONSOLE_OPS_PASSWORD} for {@code ops}
     * (the key {@code holdfast.console.ops.password} by the usual rule; a key ending in {@code .password} is masked
     * wherever Camel lists the settings).
     */
    public static String passwordVariable(String user) {
        return "HOLDFAST_CONSOLE_" + user.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_PASSWORD";
    }

    /** The user's role when name and password match, else empty. */
    public Optional<String> authenticate(String name, char[] password) {
        User user = name == null ? null : users.get(name);
        byte[] offered = digest(new String(password == null ? new char[0] : password));
        // compare even for unknown users, so that timing does not tell which names exist
        byte[] expected = user == null || user.passwordDigest() == null ? digest("\u0000unknown") : user.passwordDigest();
        boolean match = MessageDigest.isEqual(expected, offered) && user != null && user.passwordDigest() != null;
        return match ? Optional.of(user.role()) : Optional.empty();
    }

    /** Users that cannot log in because their password variable is unset (said once at start-up). */
    public List<String> withoutPassword() {
        List<String> names = new ArrayList<>();
        users.values().forEach(u -> {
            if (u.passwordDigest() == null) {
                names.add(u.name());
            }
        });
        return names;
    }

    public Set<String> names() {
        return users.keySet();
    }

    private static Map<String, String> parse(String spec) {
        Map<String, String> roles = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            String name = colon < 0 ? trimmed : trimmed.substring(0, colon).trim();
            String role = colon < 0 ? VIEWER : trimmed.substring(colon + 1).trim();
            if (!name.matches("[A-Za-z0-9._-]{1,64}") || !(role.equals(OPERATOR) || role.equals(VIEWER))) {
                throw new ConfigurationException("holdfast.console.users: '" + trimmed
                        + "' is not name:role with role operator or viewer");
            }
            roles.put(name, role);
        }
        return roles;
    }

    private byte[] digest(String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            return sha.digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record User(String name, String role, byte[] passwordDigest) {
        @Override
        public String toString() {
            return "User[" + name + ", " + role + "]";
        }
    }
}
