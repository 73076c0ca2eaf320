package dev.holdfast.deliver;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyPolicyTest {

    private static final Path ROOT = Path.of("/srv/export");

    @Example
    void keys_holdfast_builds_are_safe() {
        for (String key : List.of("holdfast-20261126T0840Z-1a2b/bagit.txt",
                "holdfast-r/data/2026-11-25/0b6a1d4e-7f1c-4c2a-9d3e-1f2a3b4c5d6e/7c9e6679-7425-40de-944b-e07fc1f90ae7.wav",
                "holdfast-r/tagmanifest-sha256.txt", "holdfast-r/custody.jsonl")) {
            assertEquals(key, KeyPolicy.requireSafe(key));
        }
    }

    @Example
    void traversal_encoding_and_invisible_characters_are_refused() {
        for (String key : List.of("", "../x", "a/../x", "a/./x", "/etc/passwd", "a//b", "a/", "a\\b", "%2e%2e/x",
                "a%2fb", "a/\u0000b", "a/b\nc", "a/\u202eb", "a/\u2066b", "a/\u200bb", "a/.hidden", "a/-rf",
                "a/x.wav.part", "a/${header.x}", "a/b c", "a/b:c", "a/caf\u00e9", "x".repeat(256), "a/".repeat(600) + "b")) {
            assertThrows(UnsafeKeyException.class, () -> KeyPolicy.requireSafe(key), key);
        }
    }

    @Example
    void the_refusal_shows_the_raw_key_escaped_and_cut() {
        UnsafeKeyException refused = assertThrows(UnsafeKeyException.class,
                () -> KeyPolicy.requireSafe("a/\u202e\u0000" + "x".repeat(300)));

        assertTrue(refused.getMessage().contains("\\u202e\\u0000"), refused.getMessage());
        assertFalse(refused.getMessage().chars().anyMatch(c -> c < 0x20 || c == 0x202e), refused.getMessage());
        assertTrue(refused.getMessage().length() < 250, refused.getMessage());
    }

    @Property(tries = 3000)
    void no_accepted_key_leaves_the_root(@ForAll("keyLike") String key) {
        String safe;
        try {
            safe = KeyPolicy.requireSafe(key);
        } catch (UnsafeKeyException refused) {
            return;
        }
        Path resolved = ROOT.resolve(safe);
        assertEquals(resolved, resolved.normalize(), key);
        assertTrue(resolved.startsWith(ROOT) && !resolved.equals(ROOT), key);
        assertTrue(safe.chars().allMatch(c -> c > 0x20 && c < 0x7f), key);
    }

    @Property(tries = 1000)
    void arbitrary_unicode_is_refused_or_stays_inside(@ForAll String key) {
        no_accepted_key_leaves_the_root(key);
    }

    @Provide
    Arbitrary<String> keyLike() {
        // built from the pieces that make traversals, so that the property meets them often
        Arbitrary<String> piece = Arbitraries.of("a", "b1", "..", ".", "/", "//", "\\", "%2e", "%2f", "\u0000", "\u202e",
                "\n", "holdfast-x", "data", "x.wav", ".part", "-", "_", "~", "${x}", " ", "\u00e9");
        return piece.list().ofMinSize(0).ofMaxSize(12).map(parts -> String.join("", parts));
    }
}
