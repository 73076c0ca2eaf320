package dev.holdfast.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SettingsLoaderTest {

    @TempDir
    Path dir;

    @Test
    void the_users_settings_file_overrides_the_jars_defaults_and_the_command_line_overrides_both() throws Exception {
        Path file = dir.resolve("holdfast.properties");
        Files.writeString(file, "genesys.region=mypurecloud.ie\nholdfast.concurrency=9\nholdfast.window=PT2H\n");
        try (SettingsLoader loader = new SettingsLoader(Map.of("holdfast.config", file.toString(), "holdfast.window", "PT3H"))) {
            assertEquals("mypurecloud.ie", loader.settings().string("genesys.region"));
            assertEquals("https://api.mypurecloud.ie", loader.settings().string("genesys.api-url"));
            assertEquals("9", loader.settings().string("holdfast.concurrency"));
            assertEquals("PT3H", loader.settings().string("holdfast.window"));
            // a key the file leaves out keeps the jar's default
            assertEquals("WAV", loader.settings().string("holdfast.format"));
        }
    }
}
