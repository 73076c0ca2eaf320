package dev.holdfast.safety;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GenesysIdsTest {

    @Test
    void a_canonical_uuid_passes_unchanged() {
        String id = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

        assertEquals(id, GenesysIds.requireUuid("recordingId", id));
    }

    @Test
    void the_refusal_names_the_field_and_shows_the_raw_value_escaped() {
        InvalidIdException refused = assertThrows(InvalidIdException.class,
                () -> GenesysIds.requireUuid("recordingId", "../\u0000\u202e\"\\\r\n" + "a".repeat(2000)));

        String message = refused.getMessage();
        assertEquals("recordingId", refused.field());
        assertTrue(message.startsWith("recordingId \"../\\u0000\\u202e\\u0022\\u005c\\u000d\\u000a"), message);
        assertTrue(message.contains("(2009 chars)"), message);
        assertFalse(message.chars().anyMatch(c -> c < 0x20 || c > 0x7e), message);
        assertTrue(message.length() < 200, message);
    }

    @Test
    void null_is_refused() {
        InvalidIdException refused = assertThrows(InvalidIdException.class, () -> GenesysIds.requireUuid("conversationId", null));

        assertTrue(refused.getMessage().startsWith("conversationId null"), refused.getMessage());
    }
}
