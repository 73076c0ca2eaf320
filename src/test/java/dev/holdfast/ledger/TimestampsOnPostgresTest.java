package dev.holdfast.ledger;

import dev.holdfast.testsupport.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import javax.sql.DataSource;
import java.nio.file.Path;

/** The timestamps' contract on PostgreSQL, the database several nodes share: a real server, a database per test. */
class TimestampsOnPostgresTest extends TimestampsContract {

    private static PostgresServer postgres;

    @BeforeAll
    static void startServer() {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    DataSource newDatabase(Path file) {
        return postgres.createDatabase().dataSource();
    }
}
