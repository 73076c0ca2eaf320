package dev.holdfast.ops.progress;

import dev.holdfast.ledger.OpsLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Tells people how a run is going: a log line every {@code holdfast.progress.interval} while a run lasts longer
 * than that, and, for {@code export} and {@code demo} on a terminal, a live line redrawn every second.
 */
public final class ProgressReporter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("holdfast.progress");
    private static final Duration REDRAW = Duration.ofSeconds(1);

    private final RunProgress progress;
    private final OpsLedger ledger;
    private final Duration every;
    private final PrintStream terminal;
    private final Clock clock;
    private final ScheduledExecutorService ticker;
    private Instant lastLogged;
    private int drawnWidth;

    /** @param terminal where the live line goes, or {@code null} when output is not a terminal (plain log lines only) */
    public ProgressReporter(RunProgress progress, OpsLedger ledger, Duration every, PrintStream terminal, Clock clock) {
        this.progress = progress;
        this.ledger = ledger;
        this.every = every;
        this.terminal = terminal;
        this.clock = clock;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "holdfast-progress");
            t.setDaemon(true);
            return t;
        });
        long period = (terminal != null ? REDRAW : every.compareTo(REDRAW) < 0 ? every : REDRAW).toMillis();
        ticker.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    /** The run is over: the live line is wiped so that the reconciliation prints on a clean line. */
    public synchronized void runEnded() {
        lastLogged = null;
        if (terminal != null && drawnWidth > 0) {
            terminal.print("\r" + " ".repeat(drawnWidth) + "\r");
            terminal.flush();
            drawnWidth = 0;
        }
    }

    synchronized void tick() {
        try {
            RunProgress.Current run = progress.current().orElse(null);
            if (run == null) {
                return;
            }
            Instant now = clock.instant();
            boolean logDue = Duration.between(lastLogged == null ? run.started : lastLogged, now).compareTo(every) >= 0;
            if (!logDue && terminal == null) {
                return;
            }
            Map<String, Long> window = run.window().map(w -> ledger.statesIn(w.from(), w.to())).orElse(null);
            String line = ProgressLine.render(run, window, now);
            if (logDue) {
                lastLogged = now;
                LOG.info(line);
            }
            if (terminal != null) {
                terminal.print("\r" + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
                terminal.flush();
                drawnWidth = line.length();
            }
        } catch (RuntimeException e) {
            // progress is a courtesy: a failed count never disturbs the run
            LOG.debug("progress not shown: {}", e.toString());
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
