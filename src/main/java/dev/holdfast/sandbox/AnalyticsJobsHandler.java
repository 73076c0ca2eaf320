package dev.holdfast.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The asynchronous analytics jobs: submit, poll (QUEUED on the first poll, then FULFILLED), page through results
 * by cursor, cancel, and the data-lake availability date. Results hold conversations whose activity overlaps the
 * interval and which started before the data availability date (now - dataLakeLag), with participant attributes.
 */
final class AnalyticsJobsHandler {

    private static final int DEFAULT_PAGE_SIZE = 100;
    private static final int MAX_PAGE_SIZE = 1000;
    private static final String BASE = "/api/v2/analytics/conversations/details/jobs";

    /** One submitted job; the result list is fixed at submission, like a snapshot of the data lake. */
    private static final class Job {
        final String id;
        final Instant submitted;
        final Instant availability;
        final List<SeededConversation> results;
        int polls;
        Instant completed;

        Job(String id, Instant submitted, Instant availability, List<SeededConversation> results) {
            this.id = id;
            this.submitted = submitted;
            this.availability = availability;
            this.results = results;
        }
    }

    private final LiveOrg org;
    private final Views views;
    private final Duration lag;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final SplittableRandom jobIds;

    AnalyticsJobsHandler(LiveOrg org, Views views, Scenario scenario) {
        this.org = org;
        this.views = views;
        this.lag = scenario.dataLakeLag();
        this.jobIds = SeededOrg.stream(scenario.seed(), 60);
    }

    void register(ApiRouter router) {
        router.route("GET", BASE + "/availability", this::availability);
        router.route("POST", BASE, this::submit);
        router.route("GET", BASE + "/{jobId}", this::status);
        router.route("GET", BASE + "/{jobId}/results", this::results);
        router.route("DELETE", BASE + "/{jobId}", this::cancel);
    }

    private Reply availability(ApiCall call) {
        ObjectNode answer = Json.object();
        answer.put("dataAvailabilityDate", Json.date(call.now().minus(lag)));
        return Reply.ok(answer);
    }

    private Reply submit(ApiCall call) {
        JsonNode body = call.json();
        Interval interval = Interval.parse(Json.text(body, "interval"));
        Instant availability = call.now().minus(lag);
        List<SeededConversation> matched = new ArrayList<>();
        for (SeededConversation c : org.seeded.conversations()) {
            if (c.overlaps(interval.start(), interval.end()) && c.start().isBefore(availability) && org.visible(c, call.now())
                    && QueryFilter.matchesAll(body.get("conversationFilters"), c, false)
                    && QueryFilter.matchesAll(body.get("segmentFilters"), c, true)) {
                matched.add(c);
            }
        }
        AnalyticsHandler.sort(matched, Json.text(body, "order"), Json.text(body, "orderBy"));
        JsonNode limit = body.get("limit");
        if (limit != null && limit.canConvertToInt() && limit.asInt() > 0 && limit.asInt() < matched.size()) {
            matched = new ArrayList<>(matched.subList(0, limit.asInt()));
        }
        // a data-lake quirk to survive: some conversations come back a second time, on a later page
        List<SeededConversation> results = new ArrayList<>(matched);
        for (SeededConversation c : matched) {
            if (c.repeated()) {
                results.add(c);
            }
        }
        String id;
        synchronized (jobIds) {
            id = SeededOrg.uuid(jobIds);
        }
        jobs.put(id, new Job(id, call.now(), availability, List.copyOf(results)));
        ObjectNode answer = Json.object();
        answer.put("jobId", id);
        return Reply.of(202, answer);
    }

    private Reply status(ApiCall call) {
        Job job = job(call.path("jobId"));
        ObjectNode answer = Json.object();
        synchronized (job) {
            job.polls++;
            if (job.polls > 1 && job.completed == null) {
                job.completed = call.now();
            }
            answer.put("state", job.completed == null ? "QUEUED" : "FULFILLED");
            answer.put("submissionDate", Json.date(job.submitted));
            if (job.completed != null) {
                answer.put("completionDate", Json.date(job.completed));
            }
            answer.put("expirationDate", Json.date(job.submitted.plus(Duration.ofDays(1))));
        }
        return Reply.ok(answer);
    }

    private Reply results(ApiCall call) {
        Job job = job(call.path("jobId"));
        synchronized (job) {
            if (job.completed == null) {
                // Genesys answers a results read of an unfinished job with a client error; 400 is the plausible
                // choice (the job exists, so 404 would mislead a client into resubmitting)
                throw ApiError.badRequest("The results of job " + job.id + " are not available until its state is FULFILLED.");
            }
        }
        Integer requested = call.queryInt("pageSize");
        int pageSize = requested == null ? DEFAULT_PAGE_SIZE : requested;
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw ApiError.badRequest("pageSize must be between 1 and " + MAX_PAGE_SIZE + ".");
        }
        int offset = decodeCursor(call.query("cursor"), job.results.size());
        int end = Math.min(job.results.size(), offset + pageSize);
        ObjectNode answer = Json.object();
        ArrayNode conversations = answer.putArray("conversations");
        for (SeededConversation c : job.results.subList(offset, end)) {
            conversations.add(views.analytics(c, true, job.submitted));
        }
        if (end < job.results.size()) {
            answer.put("cursor", encodeCursor(job.id, end));
        }
        answer.put("dataAvailabilityDate", Json.date(job.availability));
        return Reply.ok(answer);
    }

    private Reply cancel(ApiCall call) {
        Job job = job(call.path("jobId"));
        jobs.remove(job.id);
        return Reply.empty(204);
    }

    private Job job(String id) {
        Job job = jobs.get(id);
        if (job == null) {
            throw ApiError.notFound("The requested job " + id + " was not found.");
        }
        return job;
    }

    private static String encodeCursor(String jobId, int offset) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((jobId + ":" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int decodeCursor(String cursor, int size) {
        if (cursor == null || cursor.isEmpty()) {
            return 0;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int offset = Integer.parseInt(text.substring(text.lastIndexOf(':') + 1));
            if (offset < 0 || offset > size) {
                throw ApiError.badRequest("Invalid cursor.");
            }
            return offset;
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw ApiError.badRequest("Invalid cursor.");
        }
    }
}
