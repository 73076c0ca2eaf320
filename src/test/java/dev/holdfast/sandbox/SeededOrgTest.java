package dev.holdfast.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SeededOrgTest {

    private static final Instant NOW = Instant.parse("2026-03-09T12:00:00Z");

    @Test
    void the_same_seed_gives_the_same_org_ids_bytes_and_hashes() {
        SeededOrg a = SeededOrg.generate(Scenario.defaults(7L), NOW);
        SeededOrg b = SeededOrg.generate(Scenario.defaults(7L), NOW.plusSeconds(3600));
        assertEquals(a.orgId(), b.orgId());
        assertEquals(ids(a), ids(b));
        assertEquals(a.groundTruth().held().stream().map(HeldRecording::directSha256).toList(),
                b.groundTruth().held().stream().map(HeldRecording::directSha256).toList());
        assertEquals(a.groundTruth().held().stream().map(HeldRecording::batchSha256).toList(),
                b.groundTruth().held().stream().map(HeldRecording::batchSha256).toList());
        assertEquals(a.groundTruth().heldConversationIds(), b.groundTruth().heldConversationIds());
    }

    @Test
    void another_seed_gives_another_org() {
        assertNotEquals(ids(SeededOrg.generate(Scenario.defaults(7L), NOW)), ids(SeededOrg.generate(Scenario.defaults(8L), NOW)));
    }

    @Test
    void conversations_start_inside_the_anchored_window_and_ids_are_version_4_uuids() {
        SeededOrg org = SeededOrg.generate(Scenario.defaults(3L), NOW);
        assertEquals(120, org.conversations().size());
        for (SeededConversation c : org.conversations()) {
            assertFalse(c.start().isBefore(NOW.minus(Duration.ofHours(48)).plus(Duration.ofMinutes(10))), c.id());
            assertFalse(c.start().isAfter(NOW.minus(Duration.ofMinutes(3))), c.id());
            assertTrue(c.end().isAfter(c.start()) && c.end().isBefore(NOW), c.id());
            assertEquals(4, UUID.fromString(c.id()).version());
        }
    }

    @Test
    void the_default_field_report_has_its_shares_of_holds_and_faults() {
        SeededOrg org = SeededOrg.generate(Scenario.defaults(5L), NOW);
        GroundTruth truth = org.groundTruth();
        assertEquals(36, truth.heldConversationIds().size()); // 30% of 120
        assertEquals(84, truth.unheldConversationIds().size());
        List<HeldRecording> held = truth.held();
        long deleted = held.stream().filter(h -> "DELETED".equals(h.terminalReason())).count();
        long archived = held.stream().filter(HeldRecording::archived).count();
        long batchOnly = held.stream().filter(HeldRecording::batchOnly).count();
        assertTrue(deleted >= 1 && deleted <= 2, "deleted " + deleted);
        assertTrue(archived >= 2, "archived " + archived);
        assertEquals(Math.round(held.size() * 0.15), batchOnly);
        assertTrue(held.stream().anyMatch(h -> "Consult".equals(h.mediaSubtype())));
        long transfers = org.conversations().stream().filter(SeededConversation::transfer).count();
        assertEquals(36, transfers);
        // held means exactly legal_hold == "true" on a customer or IVR participant; decoys are not held
        for (SeededConversation c : org.conversations()) {
            boolean hold = c.participants().stream().anyMatch(p -> "true".equals(p.attributes().get("legal_hold")));
            assertEquals(c.held(), hold, c.id());
        }
        assertTrue(org.conversations().stream().flatMap(c -> c.participants().stream())
                .anyMatch(p -> "True".equals(p.attributes().get("legal_hold"))), "a case-decoy exists");
        for (HeldRecording h : held) {
            if (h.exportable()) {
                assertEquals("audio/wav".equals(h.directContentType()) ? "audio/ogg" : "video/webm", h.batchContentType());
                assertTrue(h.directSize() >= 16 * 1024 && h.directSize() <= 2 * 96 * 1024, "size " + h.directSize());
            }
        }
    }

    @Test
    void malicious_ids_land_on_recording_ids_of_held_conversations_and_on_one_held_conversation() {
        SeededOrg org = SeededOrg.generate(Scenario.builder(9L).maliciousIds(true).build(), NOW);
        List<HeldRecording> invalid = org.groundTruth().held().stream()
                .filter(h -> "INVALID_ID".equals(h.terminalReason())).toList();
        assertTrue(invalid.stream().map(HeldRecording::recordingId).toList().containsAll(SeededOrg.MALICIOUS_IDS));
        assertTrue(invalid.stream().noneMatch(HeldRecording::exportable));
        List<SeededConversation> hostile = org.conversations().stream()
                .filter(c -> c.id().equals(SeededOrg.MALICIOUS_CONVERSATION_ID)).toList();
        assertEquals(1, hostile.size());
        assertTrue(hostile.get(0).held());
        assertTrue(hostile.get(0).recordings().stream().allMatch(SeededRecording::invalidId),
                "no recording of the hostile conversation can be exported");
        for (SeededConversation c : org.conversations()) {
            if (c != hostile.get(0)) {
                assertEquals(4, UUID.fromString(c.id()).version());
            }
        }
    }

    private static List<String> ids(SeededOrg org) {
        return org.conversations().stream()
                .flatMap(c -> java.util.stream.Stream.concat(java.util.stream.Stream.of(c.id()),
                        c.recordings().stream().map(SeededRecording::id)))
                .collect(Collectors.toList());
    }
}
