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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Discovery costs what the new calls cost: a conversation of the recent tail (newer than the data lake) that has
 * ended and was found not held is read once, by the first run that sees it, and never again. Default settings.
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
}
