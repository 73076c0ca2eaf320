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

/** Every setting's default lives in application.properties, with a comment, and nowhere in Java. */
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
