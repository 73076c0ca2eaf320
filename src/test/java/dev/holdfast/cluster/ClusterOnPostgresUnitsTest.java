package dev.holdfast.cluster;

import dev.holdfast.config.ConfigurationException;
import dev.holdfast.ledger.WorkQueue;
import dev.holdfast.testsupport.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parts of the cluster that live in PostgreSQL: the clock check, Quartz's tables, the shared work queue. */
class ClusterOnPostgresUnitsTest {

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

    @Test
    void a_node_whose_clock_is_five_seconds_off_the_database_refuses_to_start_and_names_the_setting() {
        DataSource db = postgres.createDatabase().dataSource();
        Clock off = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(5));
        ConfigurationException refused = assertThrows(ConfigurationException.class,
                () -> ClockCheck.require(db, off, Duration.ofSeconds(1)));
        assertTrue(refused.getMessage().contains("holdfast.cluster.max-clock-skew"), refused.getMessage());
        Duration skew = ClockCheck.require(db, Clock.system(ZoneOffset.UTC), Duration.ofSeconds(1));
        assertTrue(skew.compareTo(Duration.ofSeconds(1)) <= 0, skew.toString());
    }

    @Test
    void quartz_tables_are_created_by_nodes_starting_together_and_again_on_a_restart() throws Exception {
        DataSource db = postgres.createDatabase().dataSource();
        ExecutorService nodes = Executors.newFixedThreadPool(3);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> starts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            starts.add(nodes.submit(() -> {
                go.await();
                QuartzTables.create(db);
                return null;
            }));
        }
        go.countDown();
        for (Future<?> start : starts) {
            start.get();
        }
        nodes.shutdown();
        QuartzTables.create(db);
        Set<String> tables = new HashSet<>();
        try (Connection c = db.getConnection(); ResultSet rs = c.getMetaData().getTables(null, null, "qrtz_%", new String[]{"TABLE"})) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME"));
            }
        }
        assertEquals(11, tables.size(), tables.toString());
    }

    @Test
    void three_nodes_claiming_the_queue_at_once_work_each_conversation_once_and_all_of_them_take_part() throws Exception {
        DataSource db = postgres.createDatabase().dataSource();
        WorkQueue queue = new WorkQueue(db, Clock.systemUTC());
        List<String> conversations = IntStream.range(0, 300).mapToObj(i -> "c-" + i).toList();
        assertEquals(300, queue.queue(conversations, "2026-01-01T00:00:00Z/2026-01-02T00:00:00Z", "node-a"));
        Map<String, String> claimedBy = new ConcurrentHashMap<>();
        List<String> twice = Collections.synchronizedList(new ArrayList<>());
        ExecutorService nodes = Executors.newFixedThreadPool(3);
        List<Future<?>> workers = new ArrayList<>();
        for (String node : List.of("node-a", "node-b", "node-c")) {
            workers.add(nodes.submit(() -> {
                for (List<String> batch = queue.claim(node, 4, Duration.ofSeconds(60)); !batch.isEmpty();
                     batch = queue.claim(node, 4, Duration.ofSeconds(60))) {
                    for (String id : batch) {
                        if (claimedBy.putIfAbsent(id, node) != null) {
                            twice.add(id);
                        }
                        queue.done(id, node);
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        nodes.shutdown();
        assertEquals(List.of(), twice, "conversations claimed by two nodes");
        assertEquals(new HashSet<>(conversations), claimedBy.keySet());
        assertEquals(3, new HashSet<>(claimedBy.values()).size(), "nodes that claimed work");
        assertEquals(0, queue.size());
    }

    @Test
    void a_dead_node_s_claim_is_taken_over_once_its_lease_ran_out() throws Exception {
        DataSource db = postgres.createDatabase().dataSource();
        WorkQueue queue = new WorkQueue(db, Clock.systemUTC());
        queue.queue(List.of("c-1"), "2026-01-01T00:00:00Z/2026-01-02T00:00:00Z", "node-a");
        // a lease of 200 ms stands for the shipped minute: only its running out is under test
        assertEquals(List.of("c-1"), queue.claim("dead-node", 4, Duration.ofMillis(200)));
        assertEquals(List.of(), queue.claim("node-b", 4, Duration.ofSeconds(60)), "a live claim is kept");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> queue.claim("node-b", 4, Duration.ofSeconds(60)).equals(List.of("c-1")));
        queue.done("c-1", "dead-node");
        assertEquals(1, queue.size(), "the dead node's late done leaves the survivor's claim");
        queue.done("c-1", "node-b");
        assertEquals(0, queue.size());
    }

    @Test
    void the_firing_node_waits_for_the_conversations_other_nodes_still_work_and_no_longer_than_their_lease() throws Exception {
        DataSource db = postgres.createDatabase().dataSource();
        WorkQueue queue = new WorkQueue(db, Clock.systemUTC());
        queue.queue(List.of("c-1", "c-2"), "2026-01-01T00:00:00Z/2026-01-02T00:00:00Z", "node-a");
        assertEquals(List.of("c-1", "c-2"), queue.claim("node-b", 4, Duration.ofSeconds(60)));
        java.util.concurrent.CompletableFuture<Boolean> firing =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> queue.awaitClaimsDone(Duration.ofSeconds(65)));
        org.awaitility.Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> !firing.isDone());
        queue.done("c-1", "node-b");
        queue.done("c-2", "node-b");
        assertTrue(firing.get(10, java.util.concurrent.TimeUnit.SECONDS), "the wait ends once every claim is done");

        // a node that dies holding a claim: the wait ends when its lease runs out (200 ms standing for the minute)
        queue.queue(List.of("c-3"), "2026-01-01T00:00:00Z/2026-01-02T00:00:00Z", "node-a");
        assertEquals(List.of("c-3"), queue.claim("dead-node", 4, Duration.ofMillis(200)));
        assertFalse(queue.awaitClaimsDone(Duration.ofSeconds(10)), "a lapsed claim is not waited for");
        assertTrue(queue.waiting(), "the dead node's conversation waits for a worker");
    }
}
