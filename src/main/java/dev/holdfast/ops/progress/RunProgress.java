package dev.holdfast.ops.progress;

import dev.holdfast.discover.Window;
import dev.holdfast.run.RunContext;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What the run under way has done so far in this process: recordings resolved, delivered (and their bytes),
 * put back to pending, made terminal. The ledger adds what the run's window holds in all.
 */
public final class RunProgress {

    private volatile Current current;

    /** @param run the run's context once its first step has made it (read lazily) */
    public void begin(Supplier<RunContext> run, Instant now) {
        current = new Current(run, now);
    }

    public void end() {
        current = null;
    }

    public Optional<Current> current() {
        return Optional.ofNullable(current);
    }

    public void resolved() {
        Current c = current;
        if (c != null) {
            c.resolved.incrementAndGet();
        }
    }

    public void delivered(long bytes) {
        Current c = current;
        if (c != null) {
            c.delivered.incrementAndGet();
            c.bytes.addAndGet(Math.max(0, bytes));
        }
    }

    public void pending() {
        Current c = current;
        if (c != null) {
            c.pending.incrementAndGet();
        }
    }

    public void terminal() {
        Current c = current;
        if (c != null) {
            c.terminal.incrementAndGet();
        }
    }

    /** One run's counters. */
    public static final class Current {
        private final Supplier<RunContext> run;
        final Instant started;
        final AtomicLong resolved = new AtomicLong();
        final AtomicLong delivered = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong pending = new AtomicLong();
        final AtomicLong terminal = new AtomicLong();

        private Current(Supplier<RunContext> run, Instant started) {
            this.run = run;
            this.started = started;
        }

        Optional<String> runId() {
            return Optional.ofNullable(run.get()).map(RunContext::runId);
        }

        Optional<Window> window() {
            return Optional.ofNullable(run.get()).map(RunContext::window);
        }
    }
}
