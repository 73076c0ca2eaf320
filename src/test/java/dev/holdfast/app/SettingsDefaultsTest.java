package dev.holdfast.app;

import dev.holdfast.config.ConfigurationException;
import dev.holdfast.config.Settings;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every setting's default lives in application.properties, with a comment, and nowhere in Java or in a route. */
class SettingsDefaultsTest {

    // a key built from parts (holdfast.console.<name>.password) is not matched: only whole literal keys are

    private static final Pattern READ = Pattern.compile(
            "\\.(?:string|integer|flag|duration|optionalDuration|required|optional|list)\\(\"((?:holdfast|genesys)\\.[a-z0-9.-]*[a-z0-9])\"");

    @Test
    void everySettingTheCodeReadsIsInApplicationPropertiesWithAComment() throws IOException {
        String file = Files.readString(Path.of("application.properties"));
        Properties shipped = new Properties();
        shipped.load(new StringReader(file));
        Set<String> read = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = READ.matcher(Files.readString(source));
                while (m.find()) {
                    read.add(m.group(1));
                }
            }
        }
        assertTrue(read.size() > 40, "the scan finds the settings the beans read: " + read);
        assertEquals(List.of(), read.stream().filter(k -> !shipped.containsKey(k)).toList(),
                "settings read by the code that application.properties does not ship");
        List<String> lines = file.lines().toList();
        List<String> uncommented = read.stream().filter(k -> !commented(lines, k)).toList();
        assertEquals(List.of(), uncommented, "settings without a comment above them (or above their group)");
    }

    @Test
    void aSettingMissingFromTheFileFailsWithItsNameInsteadOfAJavaDefault() {
        Settings settings = new Settings(key -> Optional.ofNullable(Map.of("holdfast.window", "PT2H").get(key)));
        assertEquals(java.time.Duration.ofHours(2), settings.duration("holdfast.window"));
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> settings.duration("holdfast.lease"));
        assertTrue(e.getMessage().contains("'holdfast.lease'"), e.getMessage());
        assertThrows(ConfigurationException.class, () -> settings.string("holdfast.tsa.url"));
        assertThrows(ConfigurationException.class, () -> settings.flag("holdfast.service"));
    }

    @Test
    void everySettingTheRoutesReadIsInApplicationPropertiesAndNoRouteGivesOneADefaultOfItsOwn() throws IOException {
        Properties shipped = new Properties();
        shipped.load(new StringReader(Files.readString(Path.of("application.properties"))));
        Set<String> read = new TreeSet<>();
        Map<String, String> defaulted = new java.util.TreeMap<>();
        try (Stream<Path> routes = Files.list(Path.of("routes"))) {
            for (Path route : routes.filter(p -> p.toString().endsWith(".camel.yaml")).sorted().toList()) {
                Map<String, Optional<String>> named = settingsIn(Files.readString(route));
                read.addAll(named.keySet());
                named.forEach((key, fallback) -> fallback.ifPresent(
                        value -> defaulted.put(route.getFileName() + ": " + key, value)));
            }
        }
        assertTrue(read.containsAll(List.of("holdfast.destination", "holdfast.s3.part-size", "holdfast.service")),
                "the scan finds the settings the routes read: " + read);
        assertEquals(Map.of(), defaulted, "a route's own default for a setting (it belongs in application.properties)");
        assertEquals(List.of(), read.stream().filter(k -> !shipped.containsKey(k)).toList(),
                "settings read by the routes that application.properties does not ship");
    }

    @Test
    void theRouteScanSeesADefaultWrittenIntoAPlaceholder() {
        // the control: without it, a scan that never found a default would pass the test above
        Map<String, Optional<String>> found = settingsIn(
                "cron: \"{{holdfast.schedule:0 0/5 * * * ?}}\" key: \"{{?holdfast.sftp.private-key-file}}\" "
                        + "to: \"{{write}}\" secret: \"{{env:GENESYS_CLIENT_SECRET}}\" password: \"#property:holdfast.sftp.password\"");
        assertEquals(Map.of("holdfast.schedule", Optional.of("0 0/5 * * * ?"), "holdfast.sftp.private-key-file", Optional.empty(),
                "holdfast.sftp.password", Optional.empty()), found);
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\??([^{}]+)}}|#property:([a-z0-9.-]+)");

    /**
     * The settings a route's text names ({@code {{key}}}, {@code {{?key}}}, {@code #property:key}) with the default
     * each placeholder gives it, if any. Route template parameters ({@code {{write}}}, no dot) and the environment
     * ({@code {{env:NAME}}}) are not settings.
     */
    private static Map<String, Optional<String>> settingsIn(String text) {
        Map<String, Optional<String>> settings = new java.util.TreeMap<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            String inner = m.group(1) != null ? m.group(1) : m.group(2);
            int colon = inner.indexOf(':');
            String key = colon < 0 ? inner : inner.substring(0, colon);
            if (key.matches("(?:holdfast|genesys|camel)\\.[a-z0-9.-]+")) {
                settings.put(key, colon < 0 ? Optional.empty() : Optional.of(inner.substring(colon + 1)));
            }
        }
        return settings;
    }

    /** A key is commented when a comment line comes before it, with only other keys of its group between. */
    private static boolean commented(List<String> lines, String key) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(key + "=")) {
                for (int j = i - 1; j >= 0 && !lines.get(j).isBlank(); j--) {
                    if (lines.get(j).startsWith("#")) {
                        return true;
                    }
                }
                return false;
            }
        }
        return false;
    }
}
