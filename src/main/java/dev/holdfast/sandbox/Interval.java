package dev.holdfast.sandbox;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** An ISO-8601 "start/end" query interval, half-open [start, end). */
record Interval(Instant start, Instant end) {

    /** Parses the interval of a query body: absent is 400 bad.request, unparsable or empty is 400 invalid.date. */
    static Interval parse(String text) {
        if (text == null || text.isBlank()) {
            throw ApiError.badRequest("interval is required");
        }
        String[] parts = text.split("/", -1);
        Instant start = parts.length == 2 ? Json.parseDate(parts[0]) : null;
        Instant end = parts.length == 2 ? Json.parseDate(parts[1]) : null;
        if (start == null || end == null) {
            throw new ApiError(400, "invalid.date", "Invalid interval: " + text
                    + ". Expected an ISO-8601 interval such as 2026-03-01T00:00:00.000Z/2026-03-08T00:00:00.000Z");
        }
        if (!end.isAfter(start)) {
            throw new ApiError(400, "invalid.date", "The interval end must be after its start: " + text);
        }
        return new Interval(start, end);
    }

    /** First UTC day the interval touches. */
    LocalDate firstDay() {
        return start.atZone(ZoneOffset.UTC).toLocalDate();
    }

    /** Last UTC day the interval touches (the end itself is excluded). */
    LocalDate lastDay() {
        return end.minusMillis(1).atZone(ZoneOffset.UTC).toLocalDate();
    }

    /** Whether an instant falls on a UTC day this interval touches: the synchronous query's documented rule. */
    boolean touchesDayOf(Instant instant) {
        LocalDate day = instant.atZone(ZoneOffset.UTC).toLocalDate();
        return !day.isBefore(firstDay()) && !day.isAfter(lastDay());
    }
}
