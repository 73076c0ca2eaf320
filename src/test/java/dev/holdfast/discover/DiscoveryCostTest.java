package dev.holdfast.discover;

import dev.holdfast.run.RunSummary;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.Journal;
import dev.holdfast.sandbox.Scenario;
import dev.holdfast.testsupport.Destinations;
import dev.holdfast.testsupport.Exporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Discovery costs what the new calls cost: a conversation of the recent tail (newer than the data lake) that has
 * ended and was found not held is read once, by the first run that sees it, and never again; one still in progress
 * may yet get the hold, and is read by every run until it has ended. Default settings.
 */
class DiscoveryCostTest {

    private static final String CONVERSATION = "GET /api/v2/conversations/{id}";

    @TempDir
    Path work;

    @Test
    void a_second_run_of_the_same_window_reads_no_ended_unheld_conversation_again() throws Exception {
        // 800 calls over 48 h, 3% held; the data lake lags 6 h: about 100 calls are in the recent tail
        Scenario scenario = Scenario.builder(1303).conversations(800).heldShare(0.03)
                .dataLakeLag(Duration.ofHours(6)).build();
        try (GenesysSandbox sandbox = GenesysSandbox.start(scenario, "127.0.0.1", 0)) {
            Map<String, String> settings = Exporter.settingsFor(sandbox, work);
            settings.putAll(Destinations.folder(work.resolve("export")));
            List<String> unheld = sandbox.groundTruth().unheldConversationIds();
            // a call still going may yet get the hold: it is read again, and so is not counted here
            Set<String> inProgress = sandbox.liveConversationEnds().keySet();
            try (Exporter exporter = Exporter.start(settings)) {
                Journal journal = sandbox.journal();
                RunSummary first = exporter.export(exporter.defaultWindow());
                long firstRequests = journal.apiRequests();
                List<String> readByFirst = new ArrayList<>();
                for (String id : unheld) {
                    if (!inProgress.contains(id) && journal.requestsFor(CONVERSATION, id) > 0) {
                        readByFirst.add(id);
                    }
                }
                journal.reset();

                RunSummary second = exporter.export(exporter.defaultWindow());

                assertTrue(readByFirst.size() >= 50, "the recent tail must hold many ended unheld calls, or this test"
                        + " proves nothing: " + readByFirst.size());
                List<String> readAgain = unheld.stream().filter(id -> !inProgress.contains(id))
                        .filter(id -> journal.requestsFor(CONVERSATION, id) > 0).toList();
                assertEquals(0, readAgain.size(), "ended unheld conversations read again by the second run, e.g. "
                        + readAgain.stream().limit(3).toList());
                assertEquals(first.exitCode(), second.exitCode(), second.render());
                System.out.printf("FIGURE discovery cost: first run %d API requests (%d conversation records),"
                                + " second run of the same window %d (%d conversation records)%n",
                        firstRequests, readByFirst.size(), journal.apiRequests(),
                        journal.requestsByEndpoint().getOrDefault(CONVERSATION, 0L));
            }
        }
    }

    @Test
    void a_call_in_progress_found_not_held_is_read_again_by_every_run_until_it_has_ended() throws Exception {
        // three calls with no hold end 20 s after the sandbox starts; nothing in the org is held, so runs are quick
        Scenario scenario = Scenario.builder(1305).conversations(20).heldShare(0)
                .liveCalls(0, Duration.ofSeconds(20), Duration.ofSeconds(4)).liveUnheldCalls(3).build();
        try (GenesysSandbox sandbox = GenesysSandbox.start(scenario, "127.0.0.1", 0)) {
            Map<String, Instant> live = sandbox.liveConversationEnds();
            assertEquals(3, live.size());
            Map<String, String> settings = Exporter.settingsFor(sandbox, work);
            settings.putAll(Destinations.folder(work.resolve("export")));
            try (Exporter exporter = Exporter.start(settings)) {
                Journal journal = sandbox.journal();
                exporter.export(exporter.defaultWindow());
                journal.reset();
                exporter.export(exporter.defaultWindow());
                Instant lastEnd = live.values().stream().max(Instant::compareTo).orElseThrow();
                assertTrue(Instant.now().isBefore(lastEnd), "the second run must end while the calls go on, or this"
                        + " test proves nothing");
                Map<String, Long> whileInProgress = readsOf(journal, live.keySet());

                await().atMost(Duration.ofSeconds(60)).until(() -> Instant.now().isAfter(lastEnd.plusMillis(500)));
                journal.reset();
                exporter.export(exporter.defaultWindow());
                Map<String, Long> onceEnded = readsOf(journal, live.keySet());
                journal.reset();
                exporter.export(exporter.defaultWindow());
                Map<String, Long> afterwards = readsOf(journal, live.keySet());

                assertEquals(Map.of(1L, 3), histogram(whileInProgress), "each read again while in progress: " + whileInProgress);
                assertEquals(Map.of(1L, 3), histogram(onceEnded), "each read once more after its end: " + onceEnded);
                assertEquals(Map.of(0L, 3), histogram(afterwards), "never read again: " + afterwards);
                assertTrue(sandbox.groundTruth().heldConversationIds().isEmpty());
                assertTrue(exporter.ledger().conversationsIn(Instant.EPOCH, Instant.now().plusSeconds(60)).isEmpty());
            }
        }
    }

    private static Map<String, Long> readsOf(Journal journal, Set<String> ids) {
        Map<String, Long> reads = new TreeMap<>();
        ids.forEach(id -> reads.put(id, journal.requestsFor(CONVERSATION, id)));
        return reads;
    }

    private static Map<Long, Integer> histogram(Map<String, Long> reads) {
        Map<Long, Integer> counts = new TreeMap<>();
        reads.values().forEach(n -> counts.merge(n, 1, Integer::sum));
        return counts;
    }
}
