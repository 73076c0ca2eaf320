package dev.holdfast.ops.health;

import org.quartz.CronExpression;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.TimeZone;

/**
 * How old the last successful run may be before the service is unhealthy: {@code holdfast.health.max-age} when
 * set, else three periods of {@code holdfast.schedule} (a run may be skipped while the one before overruns),
 * and never less than an hour.
 */
public final class ScheduleAge {

    private static final Duration FLOOR = Duration.ofHours(1);

    private ScheduleAge() {
    }

    public static Duration maxAge(String cron, Duration configured) {
        if (configured != null) {
            return configured;
        }
        Duration threePeriods = period(cron).multipliedBy(3);
        return threePeriods.compareTo(FLOOR) < 0 ? FLOOR : threePeriods;
    }

    /** The time between two firings of the cron from now (Quartz syntax, in UTC like everything else). */
    static Duration period(String cron) {
        try {
            CronExpression expression = new CronExpression(cron);
            expression.setTimeZone(TimeZone.getTimeZone("UTC"));
            Date next = expression.getNextValidTimeAfter(Date.from(Instant.now()));
            Date after = next == null ? null : expression.getNextValidTimeAfter(next);
            return next == null || after == null ? FLOOR : Duration.ofMillis(after.getTime() - next.getTime());
        } catch (ParseException e) {
            return FLOOR;
        }
    }
}
