package dev.holdfast.deliver;

import dev.holdfast.safety.InvalidIdException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.time.api.Dates;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyBuilderTest {

    private static final String CONVERSATION = "0b6a1d4e-7f1c-4c2a-9d3e-1f2a3b4c5d6e";
    private static final String RECORDING = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    private static final LocalDate DAY = LocalDate.of(2026, 11, 25);

    @Example
    void keys_follow_the_destination_layout() {
        assertEquals("holdfast-20261126T0840Z-1a2b", KeyBuilder.bagRoot("20261126T0840Z-1a2b"));
        assertEquals("holdfast-20261126T0840Z-1a2b/data/2026-11-25/" + CONVERSATION + "/" + RECORDING + ".wav",
                KeyBuilder.payloadKey("20261126T0840Z-1a2b", DAY, CONVERSATION, RECORDING, "audio/wav"));
        assertEquals("holdfast-r1/data/0987-01-02/" + CONVERSATION + "/" + RECORDING + ".json",
                KeyBuilder.sidecarKey("r1", LocalDate.of(987, 1, 2), CONVERSATION, RECORDING));
    }

    @Example
    void an_original_a_review_copy_and_other_media_share_one_sidecar_named_after_the_recording() {
        String sidecar = KeyBuilder.sidecarKey("r1", DAY, CONVERSATION, RECORDING);
        String original = KeyBuilder.originalKey("r1", DAY, CONVERSATION, RECORDING, "audio/ogg");
        assertEquals("holdfast-r1/data/2026-11-25/" + CONVERSATION + "/" + RECORDING + ".original.ogg", original);
        assertEquals(sidecar, KeyBuilder.sidecarKeyOf(original));
        assertEquals(sidecar, KeyBuilder.sidecarKeyOf(KeyBuilder.payloadKey("r1", DAY, CONVERSATION, RECORDING, "audio/wav")));
        assertEquals(RECORDING + ".eml", tail(KeyBuilder.payloadKey("r1", DAY, CONVERSATION, RECORDING, "message/rfc822")));
        assertEquals(RECORDING + ".zip", tail(KeyBuilder.payloadKey("r1", DAY, CONVERSATION, RECORDING, "application/zip")));
        String transcript = KeyBuilder.transcriptKey("r1", DAY, CONVERSATION, RECORDING);
        assertEquals(RECORDING + ".transcript.json", tail(transcript));
        assertEquals(sidecar, KeyBuilder.sidecarKeyOf(transcript));
    }

    private static String tail(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    @Example
    void a_payloads_sidecar_and_its_bags_tag_files_are_keyed_beside_it() {
        String media = KeyBuilder.payloadKey("r1", DAY, CONVERSATION, RECORDING, "audio/wav");
        assertEquals(KeyBuilder.sidecarKey("r1", DAY, CONVERSATION, RECORDING), KeyBuilder.sidecarKeyOf(media));
        assertEquals("holdfast-r1/tagmanifest-sha256.txt", KeyBuilder.bagFile(KeyBuilder.bagRoot("r1"), "tagmanifest-sha256.txt"));
        assertEquals(media.substring("holdfast-r1/".length()), KeyBuilder.inBag(media));
        // verify reads back bags named by BagPaths' wider run-id rule: bagName checks nothing itself
        assertEquals("holdfast-run.1_x", KeyBuilder.bagName("run.1_x"));
    }

    @Example
    void the_extension_comes_from_the_content_type() {
        String[][] cases = {{"audio/wav", "wav"}, {"audio/x-wav", "wav"}, {"AUDIO/WAV", "wav"}, {"audio/ogg", "ogg"},
                {"audio/ogg; codecs=opus", "ogg"}, {"audio/webm", "webm"}, {"video/webm;codecs=vp8", "webm"},
                {"audio/mpeg", "mp3"}, {"audio/opus", "opus"}, {"application/octet-stream", "bin"},
                {"", "bin"}, {null, "bin"}, {"audio/wav/../../x", "bin"}};
        for (String[] c : cases) {
            assertEquals(c[1], KeyBuilder.extension(c[0]), String.valueOf(c[0]));
        }
    }

    @Example
    void malicious_ids_are_refused_with_the_field_named() {
        for (String bad : new String[]{"../../etc/x", "%2e%2e%2f", "/abs", "a\u0000b", "x".repeat(300), "x".repeat(2000),
                "\u202e" + CONVERSATION, CONVERSATION.toUpperCase(), CONVERSATION + " ", "not-a-uuid", "", null}) {
            InvalidIdException refused = assertThrows(InvalidIdException.class,
                    () -> KeyBuilder.payloadKey("r1", DAY, bad, RECORDING, "audio/wav"));
            assertEquals("conversationId", refused.field());
            assertThrows(InvalidIdException.class, () -> KeyBuilder.sidecarKey("r1", DAY, CONVERSATION, bad));
        }
        assertThrows(InvalidIdException.class, () -> KeyBuilder.bagRoot("../x"));
        assertThrows(InvalidIdException.class, () -> KeyBuilder.bagRoot("x".repeat(65)));
        assertThrows(IllegalArgumentException.class,
                () -> KeyBuilder.payloadKey("r1", LocalDate.of(10000, 1, 1), CONVERSATION, RECORDING, "audio/wav"));
    }

    @Property(tries = 2000)
    void arbitrary_ids_never_produce_a_key_escaping_the_root(@ForAll("idLike") String runId, @ForAll("idLike") String conversationId,
                                                              @ForAll("idLike") String recordingId, @ForAll String contentType) {
        String key;
        try {
            key = KeyBuilder.payloadKey(runId, DAY, conversationId, recordingId, contentType);
        } catch (InvalidIdException refused) {
            return;
        }
        assertSafeUnderRoot(key, runId);
    }

    @Property(tries = 500)
    void valid_ids_on_any_day_give_a_safe_key(@ForAll("runIds") String runId, @ForAll("days") LocalDate day,
                                              @ForAll String contentType) {
        String key = KeyBuilder.payloadKey(runId, day, UUID.randomUUID().toString(), UUID.randomUUID().toString(), contentType);

        assertSafeUnderRoot(key, runId);
        assertTrue(key.matches("holdfast-[A-Za-z0-9-]+/data/\\d{4}-\\d{2}-\\d{2}/[0-9a-f-]{36}/[0-9a-f-]{36}\\.(wav|ogg|webm|mp3|opus|bin)"), key);
    }

    private static void assertSafeUnderRoot(String key, String runId) {
        assertEquals(key, KeyPolicy.requireSafe(key));
        Path root = Path.of("/srv/export");
        Path resolved = root.resolve(key);
        assertEquals(resolved, resolved.normalize());
        assertTrue(resolved.startsWith(root.resolve("holdfast-" + runId)), key);
    }

    @Provide
    Arbitrary<String> idLike() {
        return Arbitraries.oneOf(
                Arbitraries.create(() -> UUID.randomUUID().toString()),
                Arbitraries.strings().withChars("0123456789abcdefABCDEF-./\\%\u0000\u202eTZ").ofMaxLength(40),
                Arbitraries.strings().ofMaxLength(80));
    }

    @Provide
    Arbitrary<String> runIds() {
        return Arbitraries.strings().withChars("abcxyzABCTZ0123456789-").ofMinLength(1).ofMaxLength(63)
                .map(s -> "r" + s);
    }

    @Provide
    Arbitrary<LocalDate> days() {
        return Dates.dates().between(LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31));
    }
}
