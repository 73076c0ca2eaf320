package dev.holdfast.deliver;

import dev.holdfast.config.ConfigurationException;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/**
 * The Object Lock retention every delivered object gets ({@code holdfast.s3.retention}, such as
 * {@code COMPLIANCE:P7Y}): the mode, and how long after its writing the object may not be deleted or overwritten.
 *
 * @param mode COMPLIANCE (no one, not even the account's root, can shorten or lift it) or GOVERNANCE (whoever holds
 *             s3:BypassGovernanceRetention can)
 * @param period added to the time of writing to give the retain-until date
 */
public record S3Retention(ObjectLockMode mode, Period period) {

    public static final String SETTING = "holdfast.s3.retention";

    /** The setting's value parsed; empty when it is blank (no retention). */
    public static Optional<S3Retention> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String[] parts = value.strip().split(":", 2);
        ObjectLockMode mode = parts.length == 2 ? ObjectLockMode.fromValue(parts[0].toUpperCase(Locale.ROOT)) : null;
        if (mode == ObjectLockMode.COMPLIANCE || mode == ObjectLockMode.GOVERNANCE) {
            try {
                Period period = Period.parse(parts[1].toUpperCase(Locale.ROOT));
                if (!period.isNegative() && !period.isZero()) {
                    return Optional.of(new S3Retention(mode, period));
                }
            } catch (DateTimeException e) {
                // reported below
            }
        }
        throw new ConfigurationException("setting '" + SETTING + "' is '" + value + "', expected MODE:PERIOD with MODE"
                + " COMPLIANCE or GOVERNANCE and an ISO-8601 period such as P7Y or P90D (empty: no retention)");
    }

    /** The retain-until date of an object written at {@code written}, in whole seconds as S3 keeps it. */
    public Instant retainUntil(Instant written) {
        return written.atOffset(ZoneOffset.UTC).plus(period).toInstant().truncatedTo(ChronoUnit.SECONDS);
    }

    @Override
    public String toString() {
        return mode + ":" + period;
    }
}
