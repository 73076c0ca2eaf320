package dev.holdfast.cli;

import dev.holdfast.sandbox.Scenario;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SandboxSettingsTest {

    @Test
    void sandbox_media_types_add_those_conversations_and_nothing_else_changes() {
        Scenario defaults = Scenario.defaults(1);
        assertSame(defaults, SandboxSettings.withMediaTypes(defaults, Map.of()));
        Scenario more = SandboxSettings.withMediaTypes(defaults, Map.of("sandbox.media-types", " email, chat ,message"));
        assertEquals(List.of("email", "chat", "message"), more.mediaTypes());
        assertEquals(defaults.conversations(), more.conversations());
        assertThrows(IllegalArgumentException.class,
                () -> SandboxSettings.withMediaTypes(defaults, Map.of("sandbox.media-types", "fax")));
    }
}
