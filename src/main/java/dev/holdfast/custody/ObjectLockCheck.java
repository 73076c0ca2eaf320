package dev.holdfast.custody;

import dev.holdfast.deliver.S3DestinationReader;
import dev.holdfast.deliver.S3DestinationReader.ObjectLock;
import dev.holdfast.deliver.S3Retention;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the Object Lock of every object under the S3 destination for {@code verify}: reports each object's mode
 * and retain-until date, and finds the objects that {@code holdfast.s3.retention} says should be locked and are not.
 */
public final class ObjectLockCheck {

    // the retain-until date is counted from our clock when the PUT starts, S3's last-modified from its own when the
    // object is complete: a shortfall within this slack is that gap, not a shorter retention
    private static final Duration SLACK = Duration.ofDays(1);

    private final S3DestinationReader destination;
    private final Optional<S3Retention> wanted;
    private final Clock clock;

    public ObjectLockCheck(S3DestinationReader destination, Optional<S3Retention> wanted, Clock clock) {
        this.destination = destination;
        this.wanted = wanted;
        this.clock = clock;
    }

    /** Each object's lock, one line per object, and the problems. */
    public record Report(List<String> locks, List<Problem> problems) {
    }

    public Report check() throws IOException {
        List<String> locks = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (String key : destination.list("")) {
            Optional<ObjectLock> found = destination.lock(key);
            if (found.isEmpty()) {
                continue; // gone since the listing: the bag check reports a missing file
            }
            ObjectLock lock = found.get();
            locks.add(key + ": " + describe(lock));
            wanted.flatMap(w -> shortfall(lock, w)).ifPresent(what -> problems.add(new Problem(key, what)));
        }
        return new Report(locks, problems);
    }

    private static String describe(ObjectLock lock) {
        String retention = lock.mode() == null ? "no retention" : lock.mode() + " until " + lock.retainUntil();
        return retention + (lock.legalHold() ? ", legal hold ON" : "");
    }

    private Optional<String> shortfall(ObjectLock lock, S3Retention wanted) {
        String expected = "should be locked " + wanted + " but ";
        if (lock.mode() == null || lock.retainUntil() == null) {
            return Optional.of(expected + "has no retention");
        }
        // COMPLIANCE is the stronger mode: an object held in it where GOVERNANCE was asked for is locked enough
        if (!lock.mode().equals(wanted.mode().toString()) && !"COMPLIANCE".equals(lock.mode())) {
            return Optional.of(expected + "is locked in " + lock.mode() + " mode");
        }
        Instant now = clock.instant();
        if (!lock.retainUntil().isAfter(now)) {
            // a retention that has run out is what was asked for once its period is over
            return lock.written() != null && wanted.retainUntil(lock.written()).isAfter(now.plus(SLACK))
                    ? Optional.of(expected + "its retention ran out on " + lock.retainUntil())
                    : Optional.empty();
        }
        if (lock.written() != null && lock.retainUntil().plus(SLACK).isBefore(wanted.retainUntil(lock.written()))) {
            return Optional.of(expected + "is retained only until " + lock.retainUntil() + ", written "
                    + lock.written());
        }
        return Optional.empty();
    }
}
