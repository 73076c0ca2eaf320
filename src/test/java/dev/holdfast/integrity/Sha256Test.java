package dev.holdfast.integrity;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Sha256Test {

    @Test
    void digests_match_the_fips_180_vector_in_lower_case_hex() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Sha256.of("abc"));
        assertEquals("0".repeat(64), Sha256.ZERO);
    }

    @Test
    void a_streamed_digest_equals_the_digest_of_the_bytes_and_counts_them() throws Exception {
        byte[] bytes = new byte[200_000];
        new Random(5).nextBytes(bytes);
        Sha256.Measured measured = Sha256.measure(new ByteArrayInputStream(bytes));
        assertEquals(Sha256.of(bytes), measured.sha256());
        assertEquals(bytes.length, measured.size());
    }

    @Test
    void only_64_lower_case_hex_characters_are_a_sha256() {
        assertTrue(Sha256.isHex("ab".repeat(32)));
        assertFalse(Sha256.isHex("AB".repeat(32)));
        assertFalse(Sha256.isHex("ab".repeat(31)));
        assertFalse(Sha256.isHex(null));
    }
}
