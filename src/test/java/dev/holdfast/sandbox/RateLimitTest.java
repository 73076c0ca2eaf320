package dev.holdfast.sandbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitTest {

    @Test
    void over_the_limit_a_token_gets_429_with_retry_after_and_an_early_retry_is_a_counted_violation() {
        Scenario tight = Scenario.builder(1L).rateLimitPerMinute(5).build();
        try (GenesysSandbox sandbox = GenesysSandbox.start(tight, "127.0.0.1", 0)) {
            SandboxHttp http = new SandboxHttp(sandbox);
            String token = http.token();
            for (int i = 1; i <= 5; i++) {
                HttpResponse<String> ok = http.get("/api/v2/organizations/me", token);
                assertEquals(200, ok.statusCode());
                assertEquals("5", ok.headers().firstValue("inin-ratelimit-allowed").orElseThrow());
                assertEquals(Integer.toString(i), ok.headers().firstValue("inin-ratelimit-count").orElseThrow());
            }
            HttpResponse<String> limited = http.get("/api/v2/organizations/me", token);
            assertEquals(429, limited.statusCode());
            long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
            JsonNode body = SandboxHttp.json(limited.body());
            assertEquals("too.many.requests.retry.after", body.get("code").asText());
            assertEquals(429, body.get("status").asInt());
            assertEquals("Rate limit exceeded the maximum. Retry the request in [" + retryAfter + "] seconds",
                    body.get("message").asText());
            assertEquals("Rate limit exceeded the maximum. Retry the request in [{0}] seconds",
                    body.get("messageWithParams").asText());
            assertEquals(Long.toString(retryAfter), body.get("messageParams").get("0").asText());
            assertEquals(0, sandbox.journal().retryAfterViolations());

            // a request in flight when the 429 went out is not judged; one sent after the answer arrived is
            await().pollDelay(Duration.ofMillis(150)).atMost(Duration.ofSeconds(1)).until(() -> true);
            assertEquals(429, http.get("/api/v2/organizations/me", token).statusCode()); // ignores Retry-After
            assertEquals(1, sandbox.journal().retryAfterViolations());
            assertEquals(2, sandbox.journal().tooManyRequestsSent());
            assertEquals(7, sandbox.journal().peakRequestsPerMinute());
            // another token has its own window
            assertEquals(200, http.get("/api/v2/organizations/me", http.token()).statusCode());
        }
    }

    @Test
    void a_client_that_waits_out_retry_after_is_not_a_violation() {
        Scenario storm = Scenario.builder(2L).rate429(1.0).build();
        try (GenesysSandbox sandbox = GenesysSandbox.start(storm, "127.0.0.1", 0)) {
            SandboxHttp http = new SandboxHttp(sandbox);
            String token = http.token();
            HttpResponse<String> first = http.get("/api/v2/organizations/me", token);
            assertEquals(429, first.statusCode());
            long retryAfter = Long.parseLong(first.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retryAfter == 1 || retryAfter == 2);
            Instant allowed = Instant.now().plusSeconds(retryAfter);
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> !Instant.now().isBefore(allowed));
            assertEquals(429, http.get("/api/v2/organizations/me", token).statusCode());
            assertEquals(0, sandbox.journal().retryAfterViolations());
        }
    }

    @Test
    void harsh_injects_seeded_429s_and_5xx_with_error_bodies_in_a_reproducible_order() {
        Map<Integer, Integer> first = statuses(Scenario.harsh(11L));
        Map<Integer, Integer> second = statuses(Scenario.harsh(11L));
        assertEquals(first, second);
        assertTrue(first.getOrDefault(429, 0) > 20, "429s " + first);
        int fiveXx = first.getOrDefault(500, 0) + first.getOrDefault(502, 0) + first.getOrDefault(503, 0);
        assertTrue(fiveXx > 2, "5xx " + first);
        assertTrue(first.getOrDefault(200, 0) > 100, "200s " + first);
    }

    private static Map<Integer, Integer> statuses(Scenario scenario) {
        try (GenesysSandbox sandbox = GenesysSandbox.start(scenario.toBuilder().rateLimitPerMinute(1000).build(), "127.0.0.1", 0)) {
            SandboxHttp http = new SandboxHttp(sandbox);
            String token = http.token();
            Map<Integer, Integer> counts = new HashMap<>();
            for (int i = 0; i < 200; i++) {
                HttpResponse<String> r = http.get("/api/v2/organizations/me", token);
                counts.merge(r.statusCode(), 1, Integer::sum);
                if (r.statusCode() != 200) {
                    JsonNode body = SandboxHttp.json(r.body());
                    assertEquals(r.statusCode(), body.get("status").asInt());
                    assertTrue(body.get("code").asText().contains("."), body.toString());
                }
            }
            assertEquals(counts.getOrDefault(429, 0).longValue(), sandbox.journal().tooManyRequestsSent());
            return counts;
        }
    }
}
