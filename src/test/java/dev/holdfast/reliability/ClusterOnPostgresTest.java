package dev.holdfast.reliability;

import dev.holdfast.custody.CustodyEvent;
import dev.holdfast.ledger.Firings;
import dev.holdfast.ledger.Ledger;
import dev.holdfast.ledger.RecordingState;
import dev.holdfast.ledger.WorkQueue;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.HeldRecording;
import dev.holdfast.sandbox.Scenario;
import dev.holdfast.testsupport.ChildExporter;
import dev.holdfast.testsupport.ClusterNodes;
import dev.holdfast.testsupport.CustodyChains;
import dev.holdfast.testsupport.DestinationView;
import dev.holdfast.testsupport.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three nodes in service mode ({@code run}) on one PostgreSQL ledger, each with its own OAuth client, one
 * destination. Each firing of the schedule runs on one node; the work it queues is done by more than one node;
 * the node running a firing is killed (-9) mid-run, and a survivor recovers the firing and finishes the work:
 * every recording delivered once, no duplicate payload, one custody chain.
 */
class ClusterOnPostgresTest {

    private static final List<String> NODES = List.of("node-a", "node-b", "node-c");

    @TempDir
    Path work;

    @Test
    void three_nodes_share_one_schedule_and_its_work_and_a_survivor_takes_over_the_firing_of_a_killed_node() throws Exception {
        long seed = Figures.seed(1301);
        Scenario.Builder org = Scenario.builder(seed).conversations(120).heldShare(1.0);
        for (String node : NODES) {
            org.extraClient(node + "-client", node + "-secret");
        }
        try (PostgresServer postgres = PostgresServer.start();
             GenesysSandbox sandbox = GenesysSandbox.start(org.build(), "127.0.0.1", 0)) {
            PostgresServer.Database database = postgres.createDatabase();
            Path export = work.resolve("export").toAbsolutePath();
            Map<String, ChildExporter> running = new LinkedHashMap<>();
            List<ChildExporter> all = new ArrayList<>();
            try {
                for (String node : NODES) {
                    ChildExporter child = ClusterNodes.start(sandbox, database, export, work.resolve(node), node, List.of("-Xmx192m"), Map.of());
                    running.put(node, child);
                    all.add(child);
                }
                DataSource ledgerDb = database.dataSource();
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> tableExists(ledgerDb, "hf_firing") && tableExists(ledgerDb, "hf_work"));
                Ledger ledger = new Ledger(ledgerDb, Clock.systemUTC());
                Firings firings = new Firings(ledgerDb, Clock.systemUTC());
                WorkQueue queue = new WorkQueue(ledgerDb, Clock.systemUTC());

                // the first firing: its node has downloaded media, and queued work is still waiting or claimed.
                // Downloads, not deliveries: a recording is delivered once its original came in the firing's batch
                // fallback, after the queue is drained, so only the few without an original are delivered before
                await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    assertTrue(running.values().stream().allMatch(ChildExporter::isAlive), "a node died:\n" + logs(all));
                    List<Firings.Firing> started = firings.all();
                    return !started.isEmpty() && eventsBy(ledgerDb, CustodyEvent.DOWNLOADED).getOrDefault(started.get(0).node(), 0L) >= 3
                            && queue.size() > 0;
                });
                Firings.Firing first = firings.all().get(0);
                ChildExporter firingNode = running.remove(first.node());
                firingNode.kill9();
                long killedAt = System.nanoTime();
                Instant killed = Instant.now();
                int queuedAtKill = queue.size();

                // a survivor runs a firing after the kill (Quartz's recovery of the killed one, or the next one)
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() ->
                        firings.all().stream().anyMatch(f -> !f.node().equals(first.node()) && f.startedAt().isAfter(killed)));
                double takeover = (System.nanoTime() - killedAt) / 1e9;
                // and the work is done: every recording in a final state, nothing queued, every bag sealed (the
                // killed node's too, by a later firing once its silence outlasted the lease)
                await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                    assertTrue(running.values().stream().allMatch(ChildExporter::isAlive), "a survivor died:\n" + logs(all));
                    boolean allDelivered = sandbox.groundTruth().held().stream().filter(HeldRecording::exportable)
                            .allMatch(t -> ledger.row(t.conversationId(), t.recordingId())
                                    .map(r -> r.state() == RecordingState.DELIVERED).orElse(false));
                    return allDelivered && queue.size() == 0 && openBags(ledgerDb) == 0;
                });
                double settled = (System.nanoTime() - killedAt) / 1e9;
                running.values().forEach(ChildExporter::kill9);

                Invariants.Result result = Invariants.check(sandbox, ledger, DestinationView.folder(export),
                        truth -> false);
                Map<String, Long> byNode = eventsBy(ledgerDb, CustodyEvent.DELIVERED);
                Map<String, Long> downloadsByNode = eventsBy(ledgerDb, CustodyEvent.DOWNLOADED);
                Map<Instant, List<Firings.Firing>> byFireTime = firings.all().stream()
                        .collect(Collectors.groupingBy(Firings.Firing::scheduledAt, TreeMap::new, Collectors.toList()));
                Map<Instant, Long> scheduledTwice = new TreeMap<>();
                byFireTime.forEach((at, runs) -> {
                    long onTime = runs.stream().filter(f -> !f.recovering()).count();
                    if (onTime != 1) {
                        scheduledTwice.put(at, onTime);
                    }
                });
                long recovered = firings.all().stream().filter(Firings.Firing::recovering).count();
                Map<String, List<String>> forks = CustodyChains.forks(export);
                Figures.report("cluster of 3 nodes on PostgreSQL, firing node killed", result.exportable(), seed,
                        "firings=" + byFireTime.size() + " recoveredFirings=" + recovered + " deliveredByNode=" + byNode + " downloadsByNode=" + downloadsByNode
                                + " queuedAtKill=" + queuedAtKill + " takeover=" + String.format("%.1fs", takeover)
                                + " settledAfterKill=" + String.format("%.1fs", settled)
                                + " custodyForks=" + forks.size() + " " + result);

                assertEquals(Map.of(), scheduledTwice, "firings that did not run exactly once (scheduled time: runs)");
                assertTrue(downloadsByNode.size() >= 2, "work done by one node only: " + downloadsByNode);
                assertEquals(result.delivered(), result.payloadObjects(), "one payload per delivered recording");
                assertTrue(result.delivered() > 0, result.toString());
                assertEquals(Map.of(), forks, "bags sharing a prev (the custody chain forks)");
                // one check-in interval (7.5 s) plus Quartz's 7.5 s grace to see the node dead, or the next trigger
                // (60 s), plus the survivor's start of the run on 2 shared cores
                assertTrue(takeover < 7.5 + 60 + 30, "a survivor ran a firing " + takeover + " s after the kill");
            } catch (Throwable t) {
                throw new AssertionError("seed " + seed + ": " + t.getMessage() + "\n" + logs(all), t);
            } finally {
                all.forEach(ChildExporter::close);
            }
        }
    }

    /** Custody events of one kind (downloaded, delivered), by the node that wrote them. */
    private static Map<String, Long> eventsBy(DataSource db, String event) throws Exception {
        Map<String, Long> byNode = new TreeMap<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT node, COUNT(*) FROM hf_custody WHERE event = '" + event
                     + "' GROUP BY node")) {
            while (rs.next()) {
                byNode.put(rs.getString(1), rs.getLong(2));
            }
        }
        return byNode;
    }

    private static int openBags(DataSource db) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM hf_bag WHERE sealed_at IS NULL")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static boolean tableExists(DataSource db, String table) {
        try (Connection c = db.getConnection(); ResultSet rs = c.getMetaData().getTables(null, null, table, null)) {
            return rs.next();
        } catch (Exception e) {
            return false;
        }
    }

    private static String logs(List<ChildExporter> children) {
        StringBuilder text = new StringBuilder();
        for (ChildExporter child : children) {
            text.append("---- ").append(child.log()).append('\n').append(child.logTail()).append('\n');
        }
        return text.toString();
    }
}
