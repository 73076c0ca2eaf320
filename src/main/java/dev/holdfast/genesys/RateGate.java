package dev.holdfast.genesys;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

/**
 * Keeps every API call of this client under the per-token limit and honours 429s for all threads at once.
 * A sliding one-minute window lets short runs go at full speed and long runs settle just under the limit;
 * a {@code Retry-After} pauses every caller until it has passed.
 */
public final class RateGate {

    // our send time is before the server's receive time, so a little slack on the window keeps us under
    private static final Duration MINUTE_WITH_SLACK = Duration.ofSeconds(60).plusMillis(500);
    private static final long RETRY_AFTER_MARGIN_NANOS = Duration.ofMillis(100).toNanos();

    private final int perMinute;
    private final long windowNanos;
    private final Deque<Long> sent = new ArrayDeque<>();
    private boolean paused;
    private long pausedUntil;

    public RateGate(int perMinute) {
        this(perMinute, MINUTE_WITH_SLACK);
    }

    /** @param window the span the limit counts over (a minute, plus slack; shorter in tests) */
    public RateGate(int perMinute, Duration window) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("requests per minute must be positive");
        }
        this.perMinute = perMinute;
        this.windowNanos = window.toNanos();
    }

    /** Blocks until this caller may send one request now. */
    public void acquire() throws InterruptedException {
        while (true) {
            long waitNanos;
            synchronized (this) {
                long now = System.nanoTime();
                while (!sent.isEmpty() && now - sent.peekFirst() >= windowNanos) {
                    sent.pollFirst();
                }
                long pause = paused ? pausedUntil - now : 0;
                long window = sent.size() < perMinute ? 0 : sent.peekFirst() + windowNanos - now;
                waitNanos = Math.max(pause, window);
                if (waitNanos <= 0) {
                    sent.addLast(now);
                    return;
                }
            }
            TimeUnit.NANOSECONDS.sleep(waitNanos);
        }
    }

    /** Genesys said 429: nobody calls again before {@code retryAfter} has passed. */
    public synchronized void pauseFor(Duration retryAfter) {
        long until = System.nanoTime() + retryAfter.toNanos() + RETRY_AFTER_MARGIN_NANOS;
        pausedUntil = paused ? Math.max(pausedUntil, until) : until;
        paused = true;
    }
}
