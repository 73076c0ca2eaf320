package dev.holdfast.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mypurecloud.sdk.v2.ApiClient;
import com.mypurecloud.sdk.v2.ApiException;
import com.mypurecloud.sdk.v2.ApiResponse;
import com.mypurecloud.sdk.v2.api.ConversationsApi;
import com.mypurecloud.sdk.v2.model.AnalyticsConversation;
import com.mypurecloud.sdk.v2.model.AnalyticsConversationAsyncQueryResponse;
import com.mypurecloud.sdk.v2.model.AnalyticsConversationQueryResponse;
import com.mypurecloud.sdk.v2.model.AnalyticsConversationWithoutAttributes;
import com.mypurecloud.sdk.v2.model.AsyncConversationQuery;
import com.mypurecloud.sdk.v2.model.AsyncQueryResponse;
import com.mypurecloud.sdk.v2.model.AsyncQueryStatus;
import com.mypurecloud.sdk.v2.model.ConversationQuery;
import com.mypurecloud.sdk.v2.model.PagingSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AnalyticsContractTest {

    private static GenesysSandbox sandbox;
    private static SandboxHttp http;
    private static ConversationsApi api;

    @BeforeAll
    static void start() {
        sandbox = GenesysSandbox.start(Scenario.builder(21L).repeatedShare(0.10).build(), "127.0.0.1", 0);
        http = new SandboxHttp(sandbox);
        ApiClient client = http.sdk();
        api = new ConversationsApi(client);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static String window(Instant from, Instant to) {
        return from + "/" + to;
    }

    private static Instant now() {
        return sandbox.org().startInstant();
    }

    @Test
    void the_details_query_pages_every_conversation_of_the_window_without_attributes() throws Exception {
        String interval = window(now().minus(Duration.ofHours(48)), now());
        AnalyticsConversationQueryResponse first = api.postAnalyticsConversationsDetailsQuery(new ConversationQuery()
                .interval(interval).order(ConversationQuery.OrderEnum.ASC).paging(new PagingSpec().pageSize(100).pageNumber(1)));
        assertEquals(120, first.getTotalHits());
        assertEquals(100, first.getConversations().size());
        AnalyticsConversationQueryResponse second = api.postAnalyticsConversationsDetailsQuery(new ConversationQuery()
                .interval(interval).paging(new PagingSpec().pageSize(100).pageNumber(2)));
        assertEquals(20, second.getConversations().size());
        AnalyticsConversationWithoutAttributes c = first.getConversations().get(0);
        assertNotNull(c.getConversationStart());
        assertTrue(c.getParticipants().stream().flatMap(p -> p.getSessions().stream())
                .anyMatch(s -> Boolean.TRUE.equals(s.getRecording())));
        assertTrue(first.getConversations().get(0).getConversationStart().before(first.getConversations().get(99).getConversationStart()));
        // an empty page leaves "conversations" out, as Genesys does
        AnalyticsConversationQueryResponse empty = api.postAnalyticsConversationsDetailsQuery(new ConversationQuery()
                .interval(interval).paging(new PagingSpec().pageSize(100).pageNumber(3)));
        assertTrue(empty.getConversations() == null || empty.getConversations().isEmpty());
        assertEquals(120, empty.getTotalHits());
        String emptyRaw = http.send("POST", "/api/v2/analytics/conversations/details/query", http.token(),
                "{\"interval\":\"" + interval + "\",\"paging\":{\"pageSize\":100,\"pageNumber\":3}}").body();
        assertEquals("{\"totalHits\":120}", emptyRaw);
        String raw = http.send("POST", "/api/v2/analytics/conversations/details/query", http.token(),
                "{\"interval\":\"" + interval + "\",\"paging\":{\"pageSize\":100}}").body();
        assertFalse(raw.contains("\"attributes\""), "the synchronous query never carries participant attributes");
        assertTrue(raw.contains("\"screenRecording\""));
    }

    @Test
    void the_details_query_returns_the_whole_utc_day_touched_by_a_short_interval() throws Exception {
        SeededConversation target = sandbox.org().conversations().get(60);
        Instant from = target.start().minusMillis(1);
        AnalyticsConversationQueryResponse r = api.postAnalyticsConversationsDetailsQuery(new ConversationQuery()
                .interval(window(from, from.plusMillis(2))).paging(new PagingSpec().pageSize(100).pageNumber(1)));
        var day = target.start().atZone(ZoneOffset.UTC).toLocalDate();
        long sameDay = sandbox.org().conversations().stream()
                .filter(c -> c.start().atZone(ZoneOffset.UTC).toLocalDate().equals(day)).count();
        assertEquals(sameDay, r.getTotalHits().longValue());
        assertTrue(sameDay > 1, "more than the one conversation inside the interval");
    }

    @Test
    void the_details_query_refuses_long_intervals_big_pages_and_missing_or_bad_intervals() {
        assertError(400, "bad.request", () -> api.postAnalyticsConversationsDetailsQuery(new ConversationQuery()
                .interval(window(now().minus(Duration.ofDays(8)), now()))));
        assertError(400, "bad.request", () -> api.postAnalyticsConversationsDetailsQuery(new ConversationQuery()
                .interval(window(now().minus(Duration.ofDays(1)), now())).paging(new PagingSpec().pageSize(101).pageNumber(1))));
        assertError(400, "bad.request", () -> api.postAnalyticsConversationsDetailsQuery(new ConversationQuery()));
        assertError(400, "invalid.date", () -> api.postAnalyticsConversationsDetailsQuery(new ConversationQuery()
                .interval("yesterday/today")));
    }

    @Test
    void a_conversation_has_analytics_details_and_an_unknown_one_is_404() throws Exception {
        SeededConversation c = sandbox.org().conversations().get(3);
        AnalyticsConversationWithoutAttributes details = api.getAnalyticsConversationDetails(c.id());
        assertEquals(c.id(), details.getConversationId());
        assertEquals(c.participants().size(), details.getParticipants().size());
        assertError(404, "conversation.not.found",
                () -> api.getAnalyticsConversationDetails("00000000-0000-4000-8000-000000000000"));
    }

    @Test
    void an_async_job_is_queued_then_fulfilled_and_pages_results_with_attributes_by_cursor() throws Exception {
        Instant now = now();
        ApiResponse<AsyncQueryResponse> submitted = api.postAnalyticsConversationsDetailsJobsWithHttpInfo(
                new AsyncConversationQuery().interval(window(now.minus(Duration.ofHours(48)), now)));
        assertEquals(202, submitted.getStatusCode());
        String jobId = submitted.getBody().getJobId();
        assertNotNull(jobId);
        assertError(400, "bad.request", () -> api.getAnalyticsConversationsDetailsJobResults(jobId, null, 25));
        assertEquals(AsyncQueryStatus.StateEnum.QUEUED, api.getAnalyticsConversationsDetailsJob(jobId).getState());
        AsyncQueryStatus done = api.getAnalyticsConversationsDetailsJob(jobId);
        assertEquals(AsyncQueryStatus.StateEnum.FULFILLED, done.getState());
        assertNotNull(done.getCompletionDate());

        List<List<String>> pages = new ArrayList<>();
        Map<String, String> holdValues = new java.util.HashMap<>();
        String cursor = null;
        Instant availability = null;
        do {
            AnalyticsConversationAsyncQueryResponse page = api.getAnalyticsConversationsDetailsJobResults(jobId, cursor, 25);
            availability = page.getDataAvailabilityDate().toInstant();
            List<String> ids = new ArrayList<>();
            for (AnalyticsConversation c : page.getConversations()) {
                ids.add(c.getConversationId());
                c.getParticipants().stream().filter(p -> p.getAttributes() != null && p.getAttributes().containsKey("legal_hold"))
                        .forEach(p -> holdValues.put(c.getConversationId(), p.getAttributes().get("legal_hold")));
            }
            pages.add(ids);
            cursor = page.getCursor();
        } while (cursor != null);
        Instant availableBefore = availability;

        // data-lake lag: only conversations that started before the availability date (now - 2 h) are there
        assertTrue(Math.abs(Duration.between(now.minus(Duration.ofHours(2)), availability).toSeconds()) < 60);
        Set<String> seen = new HashSet<>();
        pages.forEach(seen::addAll);
        for (SeededConversation c : sandbox.org().conversations()) {
            assertEquals(c.start().isBefore(availability), seen.contains(c.id()), c.id() + " started " + c.start());
        }
        assertTrue(sandbox.org().conversations().stream().anyMatch(c -> !c.start().isBefore(availableBefore)),
                "some recent conversations are hidden by the lag");
        // repeated conversations come back on a second page
        List<String> repeated = sandbox.org().conversations().stream()
                .filter(c -> c.repeated() && seen.contains(c.id())).map(SeededConversation::id).toList();
        assertFalse(repeated.isEmpty());
        for (String id : repeated) {
            long pagesWithIt = pages.stream().filter(p -> p.contains(id)).count();
            assertEquals(2, pagesWithIt, id);
        }
        // the async shape carries attributes: held ones say exactly "true"
        for (String id : sandbox.groundTruth().heldConversationIds()) {
            if (seen.contains(id)) {
                assertEquals("true", holdValues.get(id), id);
            }
        }

        assertTrue(api.getAnalyticsConversationsDetailsJobsAvailability().getDataAvailabilityDate().toInstant()
                .isAfter(now.minus(Duration.ofHours(3))));
        api.deleteAnalyticsConversationsDetailsJob(jobId);
        assertError(404, "not.found", () -> api.getAnalyticsConversationsDetailsJob(jobId));
    }

    @Test
    void an_async_job_needs_an_interval() {
        assertError(400, "bad.request", () -> api.postAnalyticsConversationsDetailsJobs(new AsyncConversationQuery()));
    }

    interface Call {
        Object run() throws Exception;
    }

    static void assertError(int status, String code, Call call) {
        ApiException e = assertThrows(ApiException.class, call::run);
        assertEquals(status, e.getStatusCode(), e.getRawBody());
        assertEquals(code, SandboxHttp.errorBody(e).getCode(), e.getRawBody());
        assertEquals(status, SandboxHttp.errorBody(e).getStatus());
    }
}
