package dev.holdfast.discover;

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
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A window with more conversations than one page of either source is read completely: the synchronous query page by
 * page (100 each) and the data-lake job by its cursor (1,000 each), each held conversation handed over as it is found.
 */
class DiscoveryPagingTest {

    @TempDir
    Path work;

    @Test
    void every_held_conversation_is_found_across_many_query_pages_and_job_cursor_pages() throws Exception {
        // 2,600 calls over 48 h, 5% held; the data lake lags 3 h: about 160 calls in the tail (two query pages at
        // least, the query answering whole days), some 2,400 in the lake (three job pages)
        Scenario scenario = Scenario.builder(1304).conversations(2600).heldShare(0.05)
                .dataLakeLag(Duration.ofHours(3)).build();
        try (GenesysSandbox sandbox = GenesysSandbox.start(scenario, "127.0.0.1", 0)) {
            Map<String, String> settings = Exporter.settingsFor(sandbox, work);
            settings.putAll(Destinations.folder(work.resolve("export")));
            try (Exporter exporter = Exporter.start(settings)) {
                HeldConversationFinder finder = exporter.app().bean("finder", HeldConversationFinder.class);
                Instant now = Instant.now();
                Journal journal = sandbox.journal();
                journal.reset();

                List<String> found = new ArrayList<>();
                int count = finder.find(new Window(now.minus(Duration.ofHours(72)), now.plus(Duration.ofMinutes(1))),
                        conversation -> found.add(conversation.conversationId()));

                assertEquals(count, found.size());
                assertEquals(new HashSet<>(sandbox.groundTruth().heldConversationIds()), new HashSet<>(found));
                Map<String, Long> requests = journal.requestsByEndpoint();
                long queryPages = requests.getOrDefault("POST /api/v2/analytics/conversations/details/query", 0L);
                long jobPages = requests.getOrDefault("GET /api/v2/analytics/conversations/details/jobs/{jobId}/results", 0L);
                assertTrue(queryPages >= 2, "query pages: " + requests);
                assertEquals(3, jobPages, "job result pages: " + requests);
            }
        }
    }

    @Test
    void a_recent_tail_late_in_the_day_is_paged_from_its_newest_call_not_from_the_days_first() throws Exception {
        // 24 h of calls, 200 an hour, the org's clock at 23:30 UTC: the synchronous query answers the whole day
        // touched by the tail (some 4,700 calls); read oldest first, the 75 minutes a scheduled run's tail covers
        // would take some 47 pages, newest first they take 3 or 4
        Instant lateInTheDay = Instant.parse("2026-11-30T23:30:00Z");
        Scenario scenario = Scenario.builder(1305).conversations(4800).span(Duration.ofHours(24)).heldShare(0.05)
                .dataLakeLag(Duration.ofHours(2)).clockStart(lateInTheDay).build();
        try (GenesysSandbox sandbox = GenesysSandbox.start(scenario, "127.0.0.1", 0)) {
            Map<String, String> settings = Exporter.settingsFor(sandbox, work);
            settings.putAll(Destinations.folder(work.resolve("export")));
            try (Exporter exporter = Exporter.start(settings)) {
                HeldConversationFinder finder = exporter.app().bean("finder", HeldConversationFinder.class);
                Instant now = sandbox.now();
                Window tail = new Window(now.minus(Duration.ofMinutes(75)), now);
                Journal journal = sandbox.journal();
                journal.reset();

                List<String> found = new ArrayList<>();
                finder.find(tail, conversation -> found.add(conversation.conversationId()));

                List<String> heldInTail = sandbox.groundTruth().held().stream()
                        .filter(h -> tail.contains(h.conversationStart())).map(h -> h.conversationId()).distinct().toList();
                assertTrue(heldInTail.size() >= 3, "the scenario puts held calls in the tail: " + heldInTail);
                assertTrue(new HashSet<>(found).containsAll(heldInTail), "found " + found + ", held " + heldInTail);
                assertTrue(sandbox.groundTruth().heldConversationIds().containsAll(found), "found a call not held: " + found);
                long queryPages = journal.requestsByEndpoint()
                        .getOrDefault("POST /api/v2/analytics/conversations/details/query", 0L);
                assertTrue(queryPages <= 4, "query pages for a 75-minute tail at 23:30: " + queryPages);
            }
        }
    }
}
