package dev.holdfast.app;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.holdfast.config.Settings;

/** The ledger's connection pool, from {@code holdfast.db.*}. */
public final class LedgerDataSources {

    private LedgerDataSources() {
    }

    public static HikariDataSource open(Settings settings) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.string("holdfast.db.url", "jdbc:h2:file:./data/holdfast"));
        config.setUsername(settings.string("holdfast.db.user", "sa"));
        config.setPassword(settings.string("holdfast.db.password", ""));
        config.setMaximumPoolSize(10);
        config.setPoolName("holdfast-ledger");
        return new HikariDataSource(config);
    }
}
