package dev.holdfast.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Typed, read-only access to the settings of {@code application.properties} (after every override: command
 * line, -D, environment). Beans receive what they need from here through their constructors.
 */
public final class Settings {

    private final Function<String, Optional<String>> lookup;

    public Settings(Function<String, Optional<String>> lookup) {
        this.lookup = lookup;
    }

    /** The value, or empty when the key is unset or blank. */
    public Optional<String> optional(String key) {
        return lookup.apply(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    private static final String DURATION = "an ISO-8601 duration such as PT48H";

    public String required(String key) {
        return optional(key).orElseThrow(() -> new ConfigurationException(
                "setting '" + key + "' is required (set it in application.properties, as --" + key
                        + "=..., or in the environment as " + envName(key) + ")"));
    }

    /**
     * The value, blank allowed (a blank value means "none" to the settings that accept it). Every setting has its
     * default in application.properties and only there: a key missing from it is an error, never a silent
     * default in Java.
     */
    public String string(String key) {
        return lookup.apply(key).map(String::trim).orElseThrow(() -> missing(key));
    }

    public int integer(String key) {
        return parse(key, present(key), Integer::parseInt, "a whole number");
    }

    public boolean flag(String key) {
        return parse(key, present(key), Settings::strictBoolean, "true or false");
    }

    public Duration duration(String key) {
        return parse(key, present(key), Duration::parse, DURATION);
    }

    /** A duration that may be left blank (the caller then derives it). */
    public Optional<Duration> optionalDuration(String key) {
        if (lookup.apply(key).isEmpty()) {
            throw missing(key);
        }
        return optional(key).map(v -> parse(key, v, Duration::parse, DURATION));
    }

    public List<String> list(String key) {
        return optional(key).map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    private String present(String key) {
        String value = string(key);
        if (value.isEmpty()) {
            throw new ConfigurationException("setting '" + key + "' is blank: it needs a value (application.properties"
                    + " ships one)");
        }
        return value;
    }

    private static ConfigurationException missing(String key) {
        return new ConfigurationException("setting '" + key + "' is missing: application.properties is where every"
                + " setting has its default (set it there, as --" + key + "=..., or in the environment as "
                + envName(key) + ")");
    }

    /** The environment variable that overrides a key: upper case, {@code .} and {@code -} become {@code _}. */
    public static String envName(String key) {
        return key.toUpperCase().replace('.', '_').replace('-', '_');
    }

    private static boolean strictBoolean(String v) {
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException(v);
    }

    private static <T> T parse(String key, String value, Function<String, T> parser, String expected) {
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            throw new ConfigurationException("setting '" + key + "' is '" + value + "', expected " + expected);
        }
    }
}
