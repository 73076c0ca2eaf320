package dev.holdfast.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sandbox org's own time: the real clock, or the real clock shifted to a chosen instant
 * ({@link Scenario.Builder#clockStart}) and moved forward on demand ({@link GenesysSandbox#advanceClock}). It only
 * ever moves forward, at the real clock's pace between moves: rate limits, transcoding and media URLs keep their
 * real timing, while a simulation skips the quiet minutes between two scheduled runs.
 */
final class SandboxClock {

    private final AtomicLong offsetMillis;

    SandboxClock(Instant start) {
        this.offsetMillis = new AtomicLong(start.toEpochMilli() - System.currentTimeMillis());
    }

    long millis() {
        return System.currentTimeMillis() + offsetMillis.get();
    }

    Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("the sandbox clock only moves forward");
        }
        offsetMillis.addAndGet(by.toMillis());
    }
}
