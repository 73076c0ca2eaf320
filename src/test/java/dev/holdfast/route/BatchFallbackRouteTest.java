package dev.holdfast.route;

import dev.holdfast.resolve.Readiness;
import dev.holdfast.resolve.RecordingWork;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.HeldRecording;
import dev.holdfast.sandbox.Scenario;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Route {@code fallback} under Camel's own test kit: recordings listed without a media URL are asked of Genesys'
 * batch download in requests of at most 100, and each result goes back to the router once. The router is replaced
 * by a mock endpoint; the Genesys sandbox answers the analytics lookups and the batch requests.
 */
class BatchFallbackRouteTest extends RouteTestSupport {

    private static final int RECORDINGS = 250;

    // every conversation held, every recording listed without a media URL, no transfers: one recording each
    private static final GenesysSandbox sandbox = GenesysSandbox.start(Scenario.builder(67).conversations(300)
            .heldShare(1.0).transferShare(0.0).nullUrlShare(1.0).transcodingShare(0.0).staleUrlShare(0.0)
            .archivedShare(0.0).deletedShare(0.0).errorShare(0.0).build(), "127.0.0.1", 0);

    @Override
    protected GenesysSandbox sandbox() {
        return sandbox;
    }

    @Test
    void recordings_without_a_media_url_are_requested_in_batches_of_at_most_100_and_each_reaches_the_router_once()
            throws Exception {
        AdviceWith.adviceWith(context, "fallback", route -> route.weaveByToUri("direct:resolve").replace().to("mock:resolve"));
        context.start();
        MockEndpoint resolve = getMockEndpoint("mock:resolve");
        resolve.expectedMessageCount(RECORDINGS);
        List<HeldRecording> waiting = sandbox.groundTruth().held().stream().filter(HeldRecording::batchOnly)
                .limit(RECORDINGS).toList();
        assertEquals(RECORDINGS, waiting.size(), "the scenario holds enough recordings without a media URL");
        for (HeldRecording held : waiting) {
            ledger().recordConversation(held.conversationId(), held.conversationStart(), "{}", "test-run");
            ledger().registerRecording(held.conversationId(), held.recordingId());
            assertTrue(ledger().markPending(held.conversationId(), held.recordingId(), "no-media-url", null,
                    Instant.now().minusSeconds(1)));
        }
        sandbox.journal().reset();

        template.sendBody("direct:fallback", null);

        resolve.assertIsSatisfied();
        assertEquals(3L, sandbox.journal().requestsByEndpoint().get("POST /api/v2/recording/batchrequests"),
                "ceil(250 / 100) batch requests");
        List<Integer> sizes = sandbox.journal().batchRequestSizes().stream().sorted(Comparator.reverseOrder()).toList();
        assertEquals(List.of(100, 100, 50), sizes, "items per batch request");
        Map<String, Integer> received = new HashMap<>();
        for (Exchange exchange : resolve.getReceivedExchanges()) {
            RecordingWork work = exchange.getMessage().getBody(RecordingWork.class);
            received.merge(work.conversationId() + "/" + work.recordingId(), 1, Integer::sum);
            assertEquals(Readiness.READY, work.readiness(), work.recordingId() + ": its batch result carries a URL");
            assertEquals("batch", exchange.getProperty("holdfastPath"));
        }
        Set<String> expected = waiting.stream().map(h -> h.conversationId() + "/" + h.recordingId()).collect(Collectors.toSet());
        assertEquals(expected, received.keySet(), "every recording reached the router");
        assertTrue(received.values().stream().allMatch(n -> n == 1), "each recording reached the router once: " + received);
    }

}
