package dev.holdfast.safety;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Credentials in text are masked before it leaves the process; everything else stays readable. */
class RedactorTest {

    @Test
    void presigned_url_signatures_and_credentials_are_masked_and_host_and_path_kept() {
        String url = "https://media.example.com/r/abc.wav?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F2026"
                + "&X-Amz-Date=20261126T000000Z&X-Amz-Security-Token=FwoGZX&X-Amz-Signature=deadbeef01";
        assertEquals("https://media.example.com/r/abc.wav?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=xxxxxx"
                + "&X-Amz-Date=20261126T000000Z&X-Amz-Security-Token=xxxxxx&X-Amz-Signature=xxxxxx", Redactor.mask(url));
    }

    @Test
    void cloudfront_signatures_bearer_tokens_and_secrets_are_masked() {
        String text = "GET https://cdn.example.net/a.ogg?Expires=1&Signature=abc~def&Policy=eyJ&Key-Pair-Id=K2 failed;"
                + " Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig client_secret=hunter2 password=pw";
        String masked = Redactor.mask(text);
        for (String secret : new String[]{"abc~def", "eyJhbGciOiJIUzI1NiJ9", "hunter2", "Policy=eyJ", "K2 ", "=pw"}) {
            assertFalse(masked.contains(secret), secret + " in " + masked);
        }
        assertEquals("plain text with no secrets", Redactor.mask("plain text with no secrets"));
    }
}
