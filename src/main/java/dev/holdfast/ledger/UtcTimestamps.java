package dev.holdfast.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Instants as the ledger's {@code TIMESTAMP} columns hold them: UTC wall-clock values, whatever the time zone of
 * the JVM that writes or reads them. {@link java.sql.Timestamp} goes through the JVM's default zone, which
 * PostgreSQL's driver applies afresh on every call: a node in another zone would read every lease and
 * watermark shifted, and a zone's repeated autumn hour would read back an hour off.
 */
public final class UtcTimestamps {

    private UtcTimestamps() {
    }

    /** The value to bind for a {@code TIMESTAMP} column (null stays null). */
    public static LocalDateTime toColumn(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** The instant a {@code TIMESTAMP} column holds, or null. */
    public static Instant fromColumn(ResultSet rs, int column) throws SQLException {
        LocalDateTime value = rs.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }
}
