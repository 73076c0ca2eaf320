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

    public String required(String key) {
        return optional(key).orElseThrow(() -> new ConfigurationException(
                "setting '" + key + "' is required (set it in application.properties, as --" + key
                        + "=..., or in the environment as " + envName(key) + ")"));
    }

    public String string(String key, String fallback) {
        return optional(key).orElse(fallback);
    }

    public int integer(String key, int fallback) {
        return optional(key).map(v -> parse(key, v, Integer::parseInt, "a whole number")).orElse(fallback);
    }

    public boolean flag(String key, boolean fallback) {
        return optional(key).map(v -> parse(key, v, Settings::strictBoolean, "true or false")).orElse(fallback);
    }

    public Duration duration(String key, Duration fallback) {
        return optional(key).map(v -> parse(key, v, Duration::parse, "an ISO-8601 duration such as PT48H")).orElse(fallback);
    }

    public List<String> list(String key) {
        return optional(key).map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
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
