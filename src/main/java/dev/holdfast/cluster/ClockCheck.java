package dev.holdfast.cluster;

import dev.holdfast.config.ConfigurationException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Refuses a node whose clock is off the database's by more than the cluster tolerates. Quartz's clustering
 * compares the nodes' clocks (a check-in seen as late makes a live node look dead, and its firing runs twice);
 * the database's {@code now()} is the one clock every node can read.
 */
public final class ClockCheck {

    private ClockCheck() {
    }

    /** Throws a ConfigurationException naming both clocks when they differ by more than {@code tolerance}. */
    public static Duration require(DataSource dataSource, Clock clock, Duration tolerance) {
        Instant before = clock.instant();
        Instant database;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT now()")) {
            rs.next();
            database = rs.getObject(1, OffsetDateTime.class).toInstant();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the database's clock: " + e.getMessage(), e);
        }
        Instant after = clock.instant();
        // the database read its clock somewhere within the round trip: only what lies beyond half of it is skew
        Duration roundTrip = Duration.between(before, after);
        Instant middle = before.plus(roundTrip.dividedBy(2));
        Duration skew = Duration.between(database, middle).abs().minus(roundTrip.dividedBy(2));
        if (skew.isNegative()) {
            skew = Duration.ZERO;
        }
        if (skew.compareTo(tolerance) > 0) {
            throw new ConfigurationException("this node's clock (" + middle + ") is " + skew.toMillis()
                    + " ms off the database's (" + database + "), more than holdfast.cluster.max-clock-skew ("
                    + tolerance + ") allows: the cluster's nodes would take each other for dead and run a firing twice."
                    + " Synchronise this host's clock (NTP) before starting it");
        }
        return skew;
    }
}
