package dev.holdfast.ops.health;

import dev.holdfast.deliver.DestinationReader;
import dev.holdfast.ledger.OpsLedger;
import dev.holdfast.ops.metrics.OpsMetrics;
import dev.holdfast.safety.Redactor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The service's health: the ledger database answers, the destination is reachable, a Genesys token can be had,
 * and the last successful run is not older than the schedule allows. Results are kept a few seconds, so that a
 * busy prober does not turn into load on Genesys or the destination.
 */
public final class HealthChecks {

    private static final Duration KEEP = Duration.ofSeconds(10);
    /** A key no run ever writes: asking for it proves the destination answers, without listing it. */
    static final String PROBE_KEY = "holdfast-health-probe";

    private final OpsLedger ledger;
    private final DestinationReader destination;
    private final GenesysReach genesys;
    private final OpsMetrics metrics;
    private final Duration maxAge;
    private final Clock clock;
    private final Instant started;
    private List<Check> last;
    private Instant lastAt;

    public HealthChecks(OpsLedger ledger, DestinationReader destination, GenesysReach genesys, OpsMetrics metrics,
                        Duration maxAge, Clock clock) {
        this.ledger = ledger;
        this.destination = destination;
        this.genesys = genesys;
        this.metrics = metrics;
        this.maxAge = maxAge;
        this.clock = clock;
        this.started = clock.instant();
    }

    public synchronized List<Check> checks() {
        Instant now = clock.instant();
        if (last == null || lastAt.plus(KEEP).isBefore(now)) {
            last = List.of(check("ledger", () -> {
                ledger.ping();
                return "answers";
            }), destination(), check("genesys", genesys::check), lastRun(now));
            lastAt = now;
        }
        return last;
    }

    public static boolean up(List<Check> checks) {
        return checks.stream().allMatch(Check::up);
    }

    /** The destination answers a read (also the end-of-run check behind the "destination unreachable" alert). */
    public Check destination() {
        return check("destination", () -> {
            destination.stat(PROBE_KEY);
            return destination.describe() + " reachable";
        });
    }

    private Check lastRun(Instant now) {
        Instant success = metrics.lastSuccess();
        Instant since = success != null ? success : started;
        Duration age = Duration.between(since, now);
        String what = success != null ? "last successful run ended " + age.toSeconds() + " s ago"
                : "no successful run since start-up " + age.toSeconds() + " s ago";
        return new Check("last-run", age.compareTo(maxAge) <= 0, what + " (allowed " + maxAge + ")");
    }

    private static Check check(String name, Callable<String> probe) {
        try {
            return new Check(name, true, probe.call());
        } catch (Exception e) {
            return new Check(name, false, Redactor.mask(e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }
}
