package dev.holdfast.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An org whose clock starts at a chosen instant and whose calls keep arriving after it: a call that has not started
 * is unknown, one that has started and not ended is in progress, and moving the clock on ends it.
 */
class SandboxClockTest {

    @Test
    void a_call_arriving_after_the_start_is_unknown_then_in_progress_then_ended_as_the_clock_moves_on() {
        Instant start = Instant.parse("2026-11-30T21:45:00Z");
        Scenario scenario = Scenario.builder(1306).conversations(400).span(Duration.ofHours(4)).heldShare(0.0)
                .clockStart(start).arrivals(Duration.ofHours(2)).build();
        try (GenesysSandbox sandbox = GenesysSandbox.start(scenario, "127.0.0.1", 0)) {
            assertTrue(Duration.between(start, sandbox.now()).abs().compareTo(Duration.ofSeconds(30)) < 0,
                    "the org's clock starts at the chosen instant: " + sandbox.now());
            SeededConversation later = sandbox.org().conversations().stream()
                    .filter(c -> c.start().isAfter(start.plus(Duration.ofMinutes(30))))
                    .filter(c -> c.end().isBefore(c.start().plus(Duration.ofMinutes(15))))
                    .findFirst().orElseThrow();
            SandboxHttp http = new SandboxHttp(sandbox);
            String token = http.token();
            String path = "/api/v2/conversations/" + later.id();

            assertEquals(404, http.get(path, token).statusCode(), "a call that has not started yet is unknown");

            sandbox.advanceClock(Duration.between(sandbox.now(), later.start().plusSeconds(5)));
            JsonNode inProgress = SandboxHttp.json(http.get(path, token).body());
            assertEquals(later.id(), inProgress.path("id").asText());
            assertTrue(inProgress.path("endTime").asText("").isEmpty(), "in progress: no end yet " + inProgress);

            sandbox.advanceClock(Duration.between(sandbox.now(), later.end().plusSeconds(5)));
            JsonNode ended = SandboxHttp.json(http.get(path, token).body());
            assertEquals(later.end(), Instant.parse(ended.path("endTime").asText()));
        }
    }
}
