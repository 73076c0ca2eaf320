package dev.holdfast.timestamp;

import dev.holdfast.testsupport.TestTsa;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tokens from a real TSA on loopback, checked offline against a trust store of CA certificates. */
class TokenCheckTest {

    private static final Duration SKEW = Duration.ofMinutes(5);
    private static final byte[] TAG_MANIFEST = "abc  bagit.txt\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path work;
    private static TestTsa tsa;
    private static TestTsa stranger;
    private static TokenCheck check;

    @BeforeAll
    static void start() throws Exception {
        tsa = TestTsa.start("Trusted");
        stranger = TestTsa.start("Stranger");
        check = TokenCheck.trusting(tsa.writeCa(work.resolve("ca.pem")), SKEW);
    }

    @AfterAll
    static void stop() {
        tsa.close();
        stranger.close();
    }

    @Test
    void a_token_the_client_got_over_the_tag_manifest_proves_its_time() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        TsaClient.Stamp stamp = new TsaClient(URI.create(tsa.url()), TestTsa.POLICY, Duration.ofSeconds(10))
                .stamp(MessageDigest.getInstance("SHA-256").digest(TAG_MANIFEST));
        ProvenTime proven = check.check(stamp.response(), TAG_MANIFEST, before, Instant.now());
        assertEquals(stamp.genTime(), proven.time());
        assertTrue(!proven.time().isBefore(before) && !proven.time().isAfter(Instant.now()), proven.toString());
        assertTrue(proven.tsa().contains("Trusted TSA"), proven.tsa());
    }

    @Test
    void a_token_over_other_bytes_does_not_match_the_tag_manifest() throws Exception {
        byte[] token = tsa.stamp("other".getBytes(StandardCharsets.UTF_8));
        var e = assertThrows(TokenCheck.InvalidTokenException.class, () -> check.check(token, TAG_MANIFEST, null, Instant.now()));
        assertTrue(e.getMessage().contains("message imprint"), e.getMessage());
    }

    @Test
    void a_token_from_a_tsa_the_trust_store_does_not_know_is_refused() throws Exception {
        byte[] token = stranger.stamp(TAG_MANIFEST);
        var e = assertThrows(TokenCheck.InvalidTokenException.class, () -> check.check(token, TAG_MANIFEST, null, Instant.now()));
        assertTrue(e.getMessage().contains("trust store"), e.getMessage());
    }

    @Test
    void a_token_with_one_altered_byte_of_its_signature_is_refused() throws Exception {
        byte[] token = tsa.stamp(TAG_MANIFEST);
        byte[] altered = token.clone();
        // the signature value ends the DER of an ECDSA SignerInfo: flip a byte inside it
        altered[altered.length - 5] ^= 0x01;
        assertThrows(TokenCheck.InvalidTokenException.class, () -> check.check(altered, TAG_MANIFEST, null, Instant.now()));
        check.check(token, TAG_MANIFEST, null, Instant.now());
    }

    @Test
    void a_token_older_than_the_bag_it_claims_to_stamp_is_refused() throws Exception {
        byte[] token = tsa.stamp(TAG_MANIFEST);
        Instant bagLater = Instant.now().plus(Duration.ofHours(1));
        var e = assertThrows(TokenCheck.InvalidTokenException.class, () -> check.check(token, TAG_MANIFEST, bagLater, Instant.now()));
        assertTrue(e.getMessage().contains("before the bag"), e.getMessage());
    }

    @Test
    void a_tsa_that_refuses_service_gives_no_token() {
        tsa.down(true);
        try {
            TsaClient client = new TsaClient(URI.create(tsa.url()), "", Duration.ofSeconds(5));
            assertThrows(TsaClient.TsaUnavailableException.class, () -> client.stamp(new byte[32]));
        } finally {
            tsa.down(false);
        }
    }

    @Test
    void a_tsa_nobody_listens_for_gives_no_token() throws Exception {
        String url;
        try (TestTsa gone = TestTsa.start("Gone")) {
            url = gone.url();
        }
        TsaClient client = new TsaClient(URI.create(url), "", Duration.ofSeconds(5));
        var e = assertThrows(TsaClient.TsaUnavailableException.class, () -> client.stamp(new byte[32]));
        assertTrue(e.getMessage().contains("ConnectException"), e.getMessage());
    }
}
