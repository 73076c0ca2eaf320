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
        config.setJdbcUrl(durable(settings.required("holdfast.db.url")));
        config.setUsername(settings.required("holdfast.db.user"));
        config.setPassword(settings.string("holdfast.db.password"));
        config.setMaximumPoolSize(10);
        config.setPoolName("holdfast-ledger");
        return new HikariDataSource(config);
    }

    /**
     * H2 writes a commit to disk up to half a second later by default: a {@code kill -9} in between loses it,
     * while what the commit recorded (a key planned before its upload) has already happened at the destination.
     * The ledger's commits must be on disk before the next step, so H2 files get {@code WRITE_DELAY=0}.
     */
    static String durable(String url) {
        if (url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:mem:") && !url.toUpperCase().contains("WRITE_DELAY")) {
            return url + ";WRITE_DELAY=0";
        }
        return url;
    }
}
