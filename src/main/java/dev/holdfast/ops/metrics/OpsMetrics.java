package dev.holdfast.ops.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of this process: recordings by the state they were put in, bytes delivered, runs by outcome,
 * the last run's duration and the last successful run's end. Prometheus counters restart at zero with the
 * process; the ledger keeps the durable truth.
 */
public final class OpsMetrics {

    private final Map<String, LongAdder> recordings = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> runs = new ConcurrentHashMap<>();
    private final LongAdder bytesDelivered = new LongAdder();
    private final AtomicLong lastRunMillis = new AtomicLong(-1);
    private final AtomicReference<Instant> lastSuccess = new AtomicReference<>();

    /** @param state {@code delivered}, {@code pending} or {@code terminal} */
    public void recording(String state) {
        recordings.computeIfAbsent(state, k -> new LongAdder()).increment();
    }

    public void delivered(long bytes) {
        recording("delivered");
        bytesDelivered.add(Math.max(0, bytes));
    }

    /** @param outcome {@code success}, {@code failed} or {@code skipped} */
    public void run(String outcome, Duration took, Instant finished) {
        runs.computeIfAbsent(outcome, k -> new LongAdder()).increment();
        if (took != null) {
            lastRunMillis.set(took.toMillis());
        }
        if ("success".equals(outcome)) {
            lastSuccess.accumulateAndGet(finished, (a, b) -> a == null || b.isAfter(a) ? b : a);
        }
    }

    /** A success known from before this process started (the ledger's schedule watermark). */
    public void successBefore(Instant at) {
        lastSuccess.accumulateAndGet(at, (a, b) -> a == null || b.isAfter(a) ? b : a);
    }

    public Map<String, Long> recordings() {
        return snapshot(recordings);
    }

    public Map<String, Long> runs() {
        return snapshot(runs);
    }

    public long bytesDelivered() {
        return bytesDelivered.sum();
    }

    /** Seconds the last finished run took; negative before the first. */
    public double lastRunSeconds() {
        long ms = lastRunMillis.get();
        return ms < 0 ? -1 : ms / 1000.0;
    }

    public Instant lastSuccess() {
        return lastSuccess.get();
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> counters) {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
