package dev.holdfast.route;

import dev.holdfast.resolve.Readiness;
import dev.holdfast.resolve.RecordingWork;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.HeldRecording;
import dev.holdfast.sandbox.Journal;
import dev.holdfast.sandbox.Scenario;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Route {@code recordings} under Camel's own test kit against a Genesys sandbox that answers 30 % of the API calls
 * with 429 and a Retry-After of 1-2 s: conversations listed in parallel share one client token, so every call
 * waits out each announced pause, and every recording still reaches the download (a mock endpoint here).
 */
class RateLimitPauseRouteTest extends RouteTestSupport {

    private static final int CONVERSATIONS = 4;

    // a small org, every conversation held and every recording ready to download: the 429s are the only trouble
    private static final GenesysSandbox sandbox = GenesysSandbox.start(Scenario.builder(71).conversations(CONVERSATIONS)
            .heldShare(1.0).rate429(0.3).nullUrlShare(0.0).transcodingShare(0.0).staleUrlShare(0.0)
            .archivedShare(0.0).deletedShare(0.0).errorShare(0.0).build(), "127.0.0.1", 0);

    @Override
    protected GenesysSandbox sandbox() {
        return sandbox;
    }

    @Test
    void conversations_listed_in_parallel_all_wait_out_every_retry_after_and_every_recording_reaches_the_download()
            throws Exception {
        AdviceWith.adviceWith(context, "resolve", route -> route.weaveByToUri("direct:download").replace().to("mock:download"));
        context.start();
        List<HeldRecording> held = sandbox.groundTruth().held();
        MockEndpoint download = getMockEndpoint("mock:download");
        download.expectedMessageCount(held.size());
        List<String> conversations = sandbox.groundTruth().heldConversationIds();
        assertEquals(CONVERSATIONS, conversations.size());
        for (HeldRecording recording : held) {
            ledger().recordConversation(recording.conversationId(), recording.conversationStart(), "{}", "test-run");
        }
        sandbox.journal().reset();

        // one exchange per conversation, all at once: Camel's producer template sends each on its own thread
        List<CompletableFuture<Object>> listings = conversations.stream()
                .map(id -> template.asyncSendBody("direct:recordings", id)).toList();
        CompletableFuture.allOf(listings.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        download.assertIsSatisfied();
        Journal journal = sandbox.journal();
        assertTrue(journal.tooManyRequestsSent() > 0, "the sandbox answered some calls with 429");
        assertEquals(0, journal.retryAfterViolations(), "no call carried the token before its Retry-After had passed");
        Map<String, Integer> received = new HashMap<>();
        for (Exchange exchange : download.getReceivedExchanges()) {
            RecordingWork work = exchange.getMessage().getBody(RecordingWork.class);
            received.merge(work.conversationId() + "/" + work.recordingId(), 1, Integer::sum);
            assertEquals(Readiness.READY, work.readiness(), work.recordingId());
        }
        Set<String> expected = held.stream().map(h -> h.conversationId() + "/" + h.recordingId()).collect(Collectors.toSet());
        assertEquals(expected, received.keySet(), "every recording reached the download despite the 429s");
        assertTrue(received.values().stream().allMatch(n -> n == 1), "each recording reached the download once: " + received);
    }

}
