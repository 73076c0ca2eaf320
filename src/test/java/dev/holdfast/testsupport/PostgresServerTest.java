package dev.holdfast.testsupport;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PostgresServerTest {

    @Test
    void a_cluster_starts_within_seconds_gives_each_caller_its_own_database_and_is_gone_after_close() throws Exception {
        long started = System.nanoTime();
        PostgresServer postgres = PostgresServer.start();
        Duration startup = Duration.ofNanos(System.nanoTime() - started);
        int port = postgres.port();
        try (postgres) {
            assertTrue(startup.compareTo(Duration.ofSeconds(15)) < 0, "started in " + startup);
            PostgresServer.Database one = postgres.createDatabase();
            PostgresServer.Database two = postgres.createDatabase();
            try (Connection c = one.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (x INT)");
                try (ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int / 10000")) {
                    rs.next();
                    assertTrue(rs.getInt(1) >= 15, "PostgreSQL " + rs.getInt(1));
                }
            }
            try (Connection c = two.dataSource().getConnection(); Statement s = c.createStatement()) {
                assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM t"), "the other database has no table t");
            }
            assertEquals(one.url(), one.settings().get("holdfast.db.url"));
        }
        assertFalse(accepts(port), "the server still listens on " + port + " after close");
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
