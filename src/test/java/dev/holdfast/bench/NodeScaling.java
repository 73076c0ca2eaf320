package dev.holdfast.bench;

import dev.holdfast.custody.CustodyEvent;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.GroundTruth;
import dev.holdfast.sandbox.HeldRecording;
import dev.holdfast.sandbox.Scenario;
import dev.holdfast.testsupport.ChildExporter;
import dev.holdfast.testsupport.ClusterNodes;
import dev.holdfast.testsupport.PostgresServer;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The {@code nodes} suite: the same rate-bound org exported by one node and by three, each node a {@code holdfast
 * run} (service mode) in its own JVM with its own OAuth client (so its own 300 requests per minute at the sandbox),
 * all on one real PostgreSQL ledger and one destination folder. The rate is taken from the ledger, not from the
 * JVMs' start: held recordings delivered between the start of the first firing ({@code hf_firing}) and the last
 * {@code delivered} custody event, so the nodes' start-up and the wait for the first trigger do not count.
 */
final class NodeScaling {

    private static final List<String> NODES = List.of("node-a", "node-b", "node-c");
    private static final Duration MAX_RUN = Duration.ofMinutes(40);

    private NodeScaling() {
    }

    /** @param extra settings of every node besides the suite's own ({@code --set}), e.g. {@code holdfast.concurrency} */
    static Map<String, Object> run(int nodes, long seed, int conversations, Map<String, String> extra, Path work, int i)
            throws Exception {
        Scenario.Builder org = Scenario.builder(seed).conversations(conversations).heldShare(1.0).rateLimitPerMinute(300);
        for (String node : NODES) {
            org.extraClient(node + "-client", node + "-secret");
        }
        Scenario scenario = org.build();
        try (PostgresServer postgres = PostgresServer.start();
             GenesysSandbox sandbox = GenesysSandbox.start(scenario, "127.0.0.1", 0)) {
            GroundTruth truth = sandbox.groundTruth();
            long exportable = truth.held().stream().filter(HeldRecording::exportable).count();
            PostgresServer.Database database = postgres.createDatabase();
            DataSource db = database.dataSource();
            Path export = work.resolve("export").toAbsolutePath();
            List<ChildExporter> children = new ArrayList<>();
            Benchmark.log("nodes run " + i + ": " + nodes + " node(s), " + truth.heldConversationIds().size()
                    + " held conversations, " + exportable + " exportable recordings ...");
            try {
                for (String node : NODES.subList(0, nodes)) {
                    children.add(ClusterNodes.start(sandbox, database, export, work.resolve(node), node, List.of("-Xmx256m"), extra));
                }
                long deadline = System.nanoTime() + MAX_RUN.toNanos();
                long delivered;
                do {
                    TimeUnit.SECONDS.sleep(2);
                    for (ChildExporter child : children) {
                        if (!child.isAlive()) {
                            throw new IllegalStateException("a node died: " + child.log() + "\n" + child.logTail());
                        }
                    }
                    delivered = count(db, "SELECT COUNT(*) FROM hf_recording WHERE state = 'DELIVERED'");
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("not all delivered after " + MAX_RUN + ": " + delivered + " of "
                                + exportable + "; logs under target/child-logs");
                    }
                } while (delivered < exportable || count(db, "SELECT COUNT(*) FROM hf_work") > 0);
                Instant firstFiring = instant(db, "SELECT MIN(started_at) FROM hf_firing");
                Instant lastDelivered = instant(db, "SELECT MAX(event_time) FROM hf_custody WHERE event = '"
                        + CustodyEvent.DELIVERED + "'");
                double seconds = Duration.between(firstFiring, lastDelivered).toMillis() / 1000.0;
                Map<String, Long> byNode = byNode(db);
                children.forEach(ChildExporter::close);

                List<String> problems = new ArrayList<>();
                Map<String, String> files = Delivered.holdfastFiles(export, problems);
                problems = Delivered.check(truth, files, true, problems);
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("run", i);
                r.put("nodes", nodes);
                r.put("settings", extra);
                r.put("heldConversations", truth.heldConversationIds().size());
                r.put("heldRecordings", truth.held().size());
                r.put("exportable", exportable);
                r.put("delivered", delivered);
                r.put("correct", problems.isEmpty());
                r.put("problems", problems.stream().limit(20).toList());
                r.put("firstFiringToLastDeliverySeconds", seconds);
                r.put("deliveredPerMinute", delivered / (seconds / 60.0));
                r.put("deliveredByNode", byNode);
                r.put("firings", count(db, "SELECT COUNT(*) FROM hf_firing"));
                r.put("apiRequests", sandbox.journal().apiRequests());
                r.put("requestsPerDelivered", (double) sandbox.journal().apiRequests() / delivered);
                r.put("rateLimitFloorSeconds", sandbox.journal().apiRequests() * 60.0 / (300.0 * nodes));
                r.put("peakRequestsPerMinute", sandbox.journal().peakRequestsPerMinute());
                r.put("tooManyRequests", sandbox.journal().tooManyRequestsSent());
                r.put("retryAfterViolations", sandbox.journal().retryAfterViolations());
                r.put("requestsByEndpoint", sandbox.journal().requestsByEndpoint());
                return r;
            } finally {
                children.forEach(ChildExporter::close);
            }
        }
    }

    private static long count(DataSource db, String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            // the nodes have not made the ledger's tables yet
            return e.getSQLState() != null && e.getSQLState().equals("42P01") ? 0 : rethrow(e);
        }
    }

    private static long rethrow(java.sql.SQLException e) throws java.sql.SQLException {
        throw e;
    }

    private static Instant instant(DataSource db, String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            // the ledger keeps UTC wall-clock timestamps (UtcTimestamps)
            Timestamp t = rs.getTimestamp(1, java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("UTC")));
            return t.toInstant();
        }
    }

    private static Map<String, Long> byNode(DataSource db) throws Exception {
        Map<String, Long> byNode = new TreeMap<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT node, COUNT(*) FROM hf_custody WHERE event = '" + CustodyEvent.DELIVERED
                     + "' GROUP BY node")) {
            while (rs.next()) {
                byNode.put(rs.getString(1), rs.getLong(2));
            }
        }
        return byNode;
    }
}
