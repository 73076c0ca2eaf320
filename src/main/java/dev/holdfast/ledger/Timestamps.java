package dev.holdfast.ledger;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The ledger's record of each sealed bag's RFC 3161 timestamp: pending until a token is at the destination
 * (asked again on every run), then done, and then chained: its token's hash recorded in a later bag's custody log.
 */
public final class Timestamps {

    private static final List<String> TABLES = List.of("""
            CREATE TABLE IF NOT EXISTS hf_timestamp (
              bag VARCHAR(100) PRIMARY KEY,
              tagmanifest_sha256 VARCHAR(64) NOT NULL,
              state VARCHAR(16) NOT NULL,
              attempts INT NOT NULL,
              detail VARCHAR(2000),
              token_sha256 VARCHAR(64),
              gen_time TIMESTAMP,
              done_at TIMESTAMP,
              chained_in VARCHAR(100))""");

    private final Jdbc jdbc;
    private final Clock clock;

    public Timestamps(DataSource dataSource, Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
        try {
            SharedTables.create(dataSource, TABLES);
        } catch (SQLException e) {
            throw new LedgerException("cannot prepare the timestamp table: " + e.getMessage(), e);
        }
    }

    /** A bag just sealed needs a timestamp over its tag manifest (idempotent). */
    public void due(String bag, String tagManifestSha256) {
        update("INSERT INTO hf_timestamp (bag, tagmanifest_sha256, state, attempts) SELECT ?, ?, 'PENDING', 0 "
                + "WHERE NOT EXISTS (SELECT 1 FROM hf_timestamp WHERE bag = ?)", bag, tagManifestSha256, bag);
    }

    /** Bags whose timestamp is not at the destination yet, oldest first. */
    public List<Pending> pending() {
        return query("SELECT bag, tagmanifest_sha256 FROM hf_timestamp WHERE state = 'PENDING' ORDER BY bag",
                rs -> new Pending(rs.getString(1), rs.getString(2)));
    }

    public int pendingCount() {
        return pending().size();
    }

    /** The TSA was asked and gave nothing usable: still pending. */
    public void failed(String bag, String detail) {
        update("UPDATE hf_timestamp SET attempts = attempts + 1, detail = ? WHERE bag = ? AND state = 'PENDING'",
                detail.length() > 2000 ? detail.substring(0, 2000) : detail, bag);
    }

    /** The token is at the destination. */
    public void done(String bag, String tokenSha256, Instant genTime) {
        update("UPDATE hf_timestamp SET state = 'DONE', attempts = attempts + 1, detail = NULL, token_sha256 = ?, gen_time = ?, done_at = ? "
                + "WHERE bag = ? AND state = 'PENDING'", tokenSha256, UtcTimestamps.toColumn(genTime),
                UtcTimestamps.toColumn(clock.instant()), bag);
    }

    /**
     * Done timestamps not yet chained into a bag that is sealed or still to be sealed: a bag that was dropped
     * (its run wrote nothing) gives its timestamps back.
     */
    public List<Done> unchained() {
        return query("""
                SELECT t.bag, t.token_sha256, t.gen_time, t.tagmanifest_sha256 FROM hf_timestamp t
                WHERE t.state = 'DONE' AND (t.chained_in IS NULL OR NOT EXISTS (SELECT 1 FROM hf_bag b WHERE b.bag = t.chained_in))
                ORDER BY t.done_at, t.bag""",
                rs -> new Done(rs.getString(1), rs.getString(2), UtcTimestamps.fromColumn(rs, 3), rs.getString(4)));
    }

    /** Claims a done timestamp for a bag's custody log; false when another run claimed it first. */
    public boolean chain(String bag, String into) {
        return update("""
                UPDATE hf_timestamp SET chained_in = ? WHERE bag = ? AND state = 'DONE'
                  AND (chained_in IS NULL OR NOT EXISTS (SELECT 1 FROM hf_bag b WHERE b.bag = hf_timestamp.chained_in))""",
                into, bag) == 1;
    }

    /** A bag whose timestamp is still to be obtained. */
    public record Pending(String bag, String tagManifestSha256) {
    }

    /** A bag's timestamp at the destination: the token's hash and time. */
    public record Done(String bag, String tokenSha256, Instant genTime, String tagManifestSha256) {
    }

    private int update(String sql, Object... args) {
        return jdbc.update(sql, args);
    }

    private <T> List<T> query(String sql, Jdbc.RowMapper<T> mapper, Object... args) {
        return jdbc.query(sql, mapper, args);
    }
}
