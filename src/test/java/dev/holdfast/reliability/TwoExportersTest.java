package dev.holdfast.reliability;

import dev.holdfast.testsupport.Destinations;
import dev.holdfast.ledger.Ledger;
import dev.holdfast.ledger.LedgerRow;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.Scenario;
import dev.holdfast.testsupport.ChildExporter;
import dev.holdfast.testsupport.CustodyChains;
import dev.holdfast.testsupport.DestinationView;
import dev.holdfast.testsupport.PostgresServer;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenario (i), two exporter processes at once: two child JVMs on one ledger and one folder destination, started
 * together, rounds after rounds until settled; the ledger is an H2 file ({@code AUTO_SERVER=TRUE}) or a real
 * PostgreSQL database, the one several nodes share in production. Every recording delivered once (one payload
 * object), no duplicate ledger rows, and the custody chain of the bags one line: the ledger's seal lock keeps two
 * runs sealing at once from linking to the same previous bag (a fork).
 */
class TwoExportersTest {

    @TempDir
    Path work;

    @Test
    void two_exporters_on_one_h2_ledger_and_destination_write_each_recording_once() {
        String url = Invariants.h2Url(work) + ";AUTO_SERVER=TRUE";
        JdbcDataSource check = new JdbcDataSource();
        check.setURL(url);
        check.setUser("sa");
        // H2's AUTO_SERVER has a race when two processes open the file in the same instant ("Locked by another
        // process"): the second starts once the first holds the ledger; their runs overlap
        twoExportersAtOnce("H2 AUTO_SERVER", Map.of("holdfast.db.url", url), check, true);
    }

    @Test
    void two_exporters_on_one_postgresql_ledger_and_destination_write_each_recording_once() {
        try (PostgresServer postgres = PostgresServer.start()) {
            PostgresServer.Database database = postgres.createDatabase();
            // both nodes start in the same instant on an empty database: each creates the ledger's tables
            twoExportersAtOnce("PostgreSQL", database.settings(), database.dataSource(), false);
        }
    }

    /**
     * @param ledgerSettings the nodes' {@code holdfast.db.*}
     * @param check          the same database, for the test to read the ledger
     * @param staggered      the second node starts once the first has opened the ledger
     */
    private void twoExportersAtOnce(String database, Map<String, String> ledgerSettings, DataSource check, boolean staggered) {
        long seed = Figures.seed(691);
        int rounds = Figures.n(2, 5);
        try (GenesysSandbox sandbox = GenesysSandbox.start(Scenario.builder(seed).conversations(60).build(), "127.0.0.1", 0)) {
            Path destination = work.resolve("export");
            String[] window = ChildRuns.window(sandbox);
            List<String> exits = new ArrayList<>();
            long started = System.nanoTime();
            boolean settled = false;
            for (int round = 0; round < rounds + 4 && !(settled && round >= rounds); round++) {
                List<ChildExporter> pair = new ArrayList<>();
                for (String node : List.of("a", "b")) {
                    Map<String, String> settings = ChildRuns.settings(sandbox, work.resolve(node));
                    settings.putAll(ledgerSettings);
                    settings.put("holdfast.node", "node-" + node);
                    settings.putAll(Destinations.folder(destination));
                    ChildExporter child = ChildExporter.start(work.resolve(node), List.of("-Xmx160m"), settings, window);
                    pair.add(child);
                    if (staggered && pair.size() == 1) {
                        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1))
                                .until(() -> child.logText().contains("holdfast-ledger - Start completed") || !child.isAlive());
                    }
                }
                List<Integer> codes = new ArrayList<>();
                for (ChildExporter child : pair) {
                    int exit = child.awaitExit(Duration.ofMinutes(3));
                    codes.add(exit);
                    assertTrue(exit == 0 || exit == 3, "export exited " + exit + ":\n" + child.logTail());
                }
                exits.add(codes.toString());
                settled = codes.contains(0);
            }
            Ledger ledger = new Ledger(check, Clock.systemUTC());
            Invariants.Result result = Invariants.assertAllDelivered(sandbox, ledger, DestinationView.folder(destination));
            List<LedgerRow> rows = ledger.rowsIn(Instant.EPOCH, Instant.now().plusSeconds(3600));
            long duplicateRows = rows.size() - rows.stream().map(r -> r.conversationId() + "/" + r.recordingId()).distinct().count();

            // the custody chain: each sealed bag's first line links to the previous bag's last line
            List<Path> logs = CustodyChains.logs(destination);
            Map<String, List<String>> forks = CustodyChains.forks(destination);
            Figures.report("i two exporters at once (" + database + ", folder)", result.exportable(), seed,
                    "rounds=" + exits.size() + " exits=" + exits + " duplicateLedgerRows=" + duplicateRows
                            + " bags=" + logs.size() + " custodyForks=" + forks.size() + (forks.isEmpty() ? "" : " " + forks)
                            + " time=" + String.format("%.0fs", (System.nanoTime() - started) / 1e9) + " " + result);
            assertEquals(0, duplicateRows, "duplicate ledger rows");
            assertEquals(result.delivered(), result.payloadObjects(), "I2: payload objects per recording");
            assertEquals(Map.of(), forks, "bags sharing a prev, or not reached from the chain's start");
        } catch (Throwable t) {
            throw new AssertionError(database + ", seed " + seed + ": " + t.getMessage(), t);
        }
    }
}
