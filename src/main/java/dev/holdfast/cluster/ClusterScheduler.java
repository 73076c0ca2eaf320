package dev.holdfast.cluster;

import dev.holdfast.config.Settings;
import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;

/**
 * Makes the schedule one across the nodes of a PostgreSQL ledger: camel-quartz gets Quartz's JDBC job store,
 * clustered, in the ledger's database (its tables created at start-up), so each firing runs on one node and a
 * firing whose node died is recovered by another. A node whose clock is off the database's refuses to start.
 * On H2 (one node) the in-memory scheduler stays.
 */
public final class ClusterScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterScheduler.class);
    /** The name Quartz's job store looks the ledger's pool up by. */
    static final String DATA_SOURCE = "holdfastLedger";
    private static final String QUARTZ_PREFIX = "org.quartz.";

    private ClusterScheduler() {
    }

    /** Whether the ledger is one several nodes share (PostgreSQL). */
    public static boolean clustered(String dbUrl) {
        return dbUrl.startsWith("jdbc:postgresql:");
    }

    /**
     * Configures the quartz component of a service-mode node on a shared ledger; does nothing on H2.
     *
     * @param quartzSettings every {@code org.quartz.*} setting given: they override the ones built here
     */
    public static void configure(CamelContext context, Settings settings, DataSource ledger, Clock clock,
                                 Properties quartzSettings) {
        if (!clustered(settings.required("holdfast.db.url"))) {
            return;
        }
        Duration skew = ClockCheck.require(ledger, clock, settings.duration("holdfast.cluster.max-clock-skew"));
        QuartzTables.create(ledger);
        DBConnectionManager.getInstance().addConnectionProvider(DATA_SOURCE, new LedgerConnections(ledger));
        Properties quartz = properties();
        quartzSettings.forEach((k, v) -> {
            if (String.valueOf(k).startsWith(QUARTZ_PREFIX)) {
                quartz.setProperty(String.valueOf(k), String.valueOf(v));
            }
        });
        QuartzComponent component = context.getComponent("quartz", QuartzComponent.class);
        component.setProperties(quartz);
        LOG.info("schedule clustered in the ledger's PostgreSQL (Quartz JDBC job store); this node's clock is {} ms off the database's",
                skew.toMillis());
    }

    /** The clustered job store's settings, before the user's {@code org.quartz.*} ones. */
    static Properties properties() {
        Properties p = new Properties();
        // the scheduler's name is this plus the Camel context's: every node has the same, so they are one cluster
        p.setProperty("org.quartz.scheduler.instanceName", "holdfast");
        p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        // one schedule route: one thread runs a firing, the other is spare for a recovered one
        p.setProperty("org.quartz.threadPool.threadCount", "2");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", DATA_SOURCE);
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        // a node takes the next trigger under the cluster's lock: two nodes never acquire the same firing
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        return p;
    }

    /** Quartz's connections come from the ledger's pool: one database, one pool, one set of credentials. */
    private record LedgerConnections(DataSource dataSource) implements ConnectionProvider {

        @Override
        public Connection getConnection() throws SQLException {
            return dataSource.getConnection();
        }

        @Override
        public void shutdown() {
            // the pool is the ledger's: it closes with the ledger
        }

        @Override
        public void initialize() {
            // the pool is open already
        }
    }
}
