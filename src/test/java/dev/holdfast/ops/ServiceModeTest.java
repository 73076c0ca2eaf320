package dev.holdfast.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdfast.app.HoldfastApp;
import dev.holdfast.ledger.Ledger;
import dev.holdfast.ledger.LedgerRow;
import dev.holdfast.ledger.RecordingState;
import dev.holdfast.ops.console.ConsoleServer;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.Scenario;
import dev.holdfast.testsupport.Exporter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code run} as operators run it: the real application in service mode on a 5-second schedule against the
 * sandbox (archived recordings restore slowly there, so some stay pending), observed only from outside, through
 * its one HTTP port, the webhook it posts to, and its logs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServiceModeTest {

    private static final String SECRET = "client-secret-" + UUID.randomUUID();
    private static final String OPERATOR_PASSWORD = "op-" + UUID.randomUUID();
    private static final String VIEWER_PASSWORD = "view-" + UUID.randomUUID();
    private static final Pattern METRIC = Pattern.compile("(?m)^([a-z_]+(?:\\{[^}]*})?) ([0-9.eE+-]+)$");

    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private PrintStream originalErr;
    private GenesysSandbox sandbox;
    private AlertReceiver receiver;
    private HoldfastApp app;
    private String base;

    @BeforeAll
    void startTheService() throws Exception {
        originalErr = System.err;
        System.setErr(new PrintStream(new Tee(originalErr, logs), true, StandardCharsets.UTF_8));
        Path work = Files.createTempDirectory("holdfast-service");
        sandbox = GenesysSandbox.start(Scenario.builder(21).clientSecret(SECRET).conversations(60)
                .archivedShare(0.15).restoreDelay(Duration.ofHours(1)).build(), "127.0.0.1", 0);
        receiver = new AlertReceiver();
        Map<String, String> settings = Exporter.settingsFor(sandbox, work);
        settings.put("holdfast.destination", "file");
        settings.put("holdfast.file.dir", work.resolve("export").toString());
        settings.put("holdfast.schedule", "0/5 * * * * ?");
        settings.put("holdfast.http.port", "0");
        settings.put("holdfast.console.users", "ops:operator,auditor:viewer");
        settings.put("holdfast.console.ops.password", OPERATOR_PASSWORD);
        settings.put("holdfast.console.auditor.password", VIEWER_PASSWORD);
        settings.put("holdfast.alert.webhook-url", receiver.url());
        settings.put("holdfast.alert.pending-after", "PT3S");
        settings.put("holdfast.progress.interval", "PT1S");
        app = HoldfastApp.start(settings, true);
        base = app.bean(OpsBeans.CONSOLE, ConsoleServer.class).baseUrl();
        // the first scheduled run has delivered
        await().atMost(Duration.ofMinutes(2)).until(() -> delivered(ledger()) > 0 && successfulRuns() >= 1);
    }

    @AfterAll
    void stopTheService() {
        if (app != null) {
            app.close();
        }
        if (receiver != null) {
            receiver.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
        System.setErr(originalErr);
    }

    @Test
    @Order(1)
    void health_says_up_with_each_check() {
        HttpResponse<String> response = new ConsoleClient(base, false).get("/observe/health");
        JsonNode health = new ConsoleClient(base, false).json(response);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("UP", health.path("status").asText());
        for (String check : List.of("ledger", "destination", "genesys", "last-run")) {
            assertEquals("UP", health.path("checks").path(check).path("status").asText(), check);
        }
    }

    @Test
    @Order(2)
    void metrics_show_the_delivered_count_of_the_runs() {
        // runs go on every 5 s: compare once the ledger and the counters agree (they are written one after the other)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Double> metrics = metrics();
            assertEquals((double) delivered(ledger()), metrics.get("holdfast_recordings_total{state=\"delivered\"}"));
        });
        Map<String, Double> metrics = metrics();
        assertTrue(metrics.get("holdfast_bytes_delivered_total") > 0);
        assertTrue(metrics.get("holdfast_last_success_timestamp_seconds") > Instant.now().minusSeconds(600).getEpochSecond());
        assertTrue(metrics.get("holdfast_run_duration_seconds") > 0);
        assertTrue(metrics.get("holdfast_pending{reason=\"restoring\"}") > 0, "archived recordings wait for their restore");
        assertTrue(metrics.keySet().stream().anyMatch(k -> k.startsWith("holdfast_api_requests_total{endpoint=\"POST /api/v2/analytics")
                && k.contains("status=\"200\"")), metrics.keySet().toString());
        assertTrue(metrics.get("camel_route_exchanges_total{outcome=\"completed\",route=\"export\"}") >= 1);
    }

    @Test
    @Order(3)
    void the_console_refuses_anonymous_requests_and_admits_a_logged_in_operator() {
        ConsoleClient anonymous = new ConsoleClient(base, true);
        for (String page : List.of("/hawtio", "/hawtio/", "/hawtio/camel/routes")) {
            int status = anonymous.get(page).statusCode();
            assertTrue(status == 401 || status == 403, page + " answered " + status);
        }
        int jolokia = anonymous.post("/hawtio/jolokia", "{\"type\":\"version\"}", null, null).statusCode();
        assertTrue(jolokia == 401 || jolokia == 403, "anonymous Jolokia answered " + jolokia);
        int wrong = anonymous.post("/hawtio/jolokia", "{\"type\":\"version\"}", "ops", "not-the-password").statusCode();
        assertTrue(wrong == 401 || wrong == 403, "a wrong password answered " + wrong);
        assertEquals(200, anonymous.get("/hawtio/login").statusCode(), "the login page itself is public");

        ConsoleClient operator = new ConsoleClient(base, true);
        assertEquals(200, operator.login("ops", OPERATOR_PASSWORD).statusCode());
        HttpResponse<String> page = operator.get("/hawtio/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<title>Hawtio"), "the console itself");
    }

    @Test
    @Order(4)
    void jolokia_lists_the_routes_for_an_operator_and_refuses_to_inject_messages() {
        ConsoleClient client = new ConsoleClient(base, false);
        JsonNode routes = client.json(client.post("/hawtio/jolokia",
                "{\"type\":\"search\",\"mbean\":\"org.apache.camel:type=routes,*\"}", "ops", OPERATOR_PASSWORD));
        assertEquals(200, routes.path("status").asInt(), routes.toString());
        for (String id : List.of("export", "discover", "resolve", "download", "store", "schedule")) {
            assertTrue(routes.path("value").toString().contains("name=\\\"" + id + "\\\""), id + " in " + routes);
        }
        JsonNode state = client.json(client.post("/hawtio/jolokia", "{\"type\":\"read\",\"mbean\":"
                + "\"org.apache.camel:context=holdfast,type=routes,name=\\\"export\\\"\",\"attribute\":\"State\"}",
                "ops", OPERATOR_PASSWORD));
        assertEquals("Started", state.path("value").asText(), state.toString());

        HttpResponse<String> inject = client.post("/hawtio/jolokia", "{\"type\":\"exec\",\"mbean\":"
                + "\"org.apache.camel:context=holdfast,type=context,name=\\\"holdfast\\\"\",\"operation\":\"sendBody(java.lang.String,java.lang.Object)\","
                + "\"arguments\":[\"direct:export\",\"x\"]}", "ops", OPERATOR_PASSWORD);
        assertEquals(403, statusOf(client, inject), "sendBody refused: " + inject.body());
        HttpResponse<String> dump = client.post("/hawtio/jolokia", "{\"type\":\"exec\",\"mbean\":"
                + "\"org.apache.camel:context=holdfast,type=context,name=\\\"holdfast\\\"\",\"operation\":\"dumpRoutesAsXml()\"}",
                "ops", OPERATOR_PASSWORD);
        assertEquals(403, statusOf(client, dump), "dumpRoutesAsXml refused: " + dump.body());
        HttpResponse<String> heap = client.post("/hawtio/jolokia", "{\"type\":\"exec\",\"mbean\":"
                + "\"com.sun.management:type=HotSpotDiagnostic\",\"operation\":\"dumpHeap\",\"arguments\":[\"/tmp/h.hprof\",true]}",
                "ops", OPERATOR_PASSWORD);
        assertEquals(403, statusOf(client, heap), "heap dumps refused: " + heap.body());

        // an operator may start a route (a started one: nothing changes); a viewer may not, but may read
        String start = "{\"type\":\"exec\",\"mbean\":\"org.apache.camel:context=holdfast,type=routes,name=\\\"discover\\\"\",\"operation\":\"start()\"}";
        assertEquals(200, statusOf(client, client.post("/hawtio/jolokia", start, "ops", OPERATOR_PASSWORD)));
        assertEquals(403, statusOf(client, client.post("/hawtio/jolokia", start, "auditor", VIEWER_PASSWORD)));
        assertEquals(200, statusOf(client, client.post("/hawtio/jolokia",
                "{\"type\":\"search\",\"mbean\":\"org.apache.camel:type=routes,*\"}", "auditor", VIEWER_PASSWORD)));
        // a browser page of another origin cannot use an operator's credentials
        int foreign = statusOf(client, client.postWithOrigin("/hawtio/jolokia", "{\"type\":\"version\"}", "ops",
                OPERATOR_PASSWORD, "http://evil.example"));
        assertEquals(403, foreign);
    }

    @Test
    @Order(5)
    void a_recording_kept_pending_is_alerted_once_not_at_every_retry() {
        await().atMost(Duration.ofMinutes(1)).until(() -> !receiver.of("recordings-pending").isEmpty());
        int runsBefore = successfulRuns();
        // two more runs retry the pending recordings: no alert repeats
        await().atMost(Duration.ofMinutes(2)).until(() -> successfulRuns() >= runsBefore + 2);
        Map<String, Integer> alerted = new HashMap<>();
        for (JsonNode alert : receiver.of("recordings-pending")) {
            alert.path("recordings").forEach(r -> alerted.merge(
                    r.path("conversationId").asText() + "/" + r.path("recordingId").asText(), 1, Integer::sum));
        }
        List<LedgerRow> restoring = ledger().rowsIn(Instant.EPOCH, Instant.now().plusSeconds(86400)).stream()
                .filter(r -> r.state() == RecordingState.PENDING && "restoring".equals(r.reason())).toList();
        assertFalse(restoring.isEmpty(), "the sandbox keeps archived recordings pending");
        for (LedgerRow row : restoring) {
            assertEquals(1, alerted.getOrDefault(row.conversationId() + "/" + row.recordingId(), 0),
                    "one alert for " + row.conversationId() + "/" + row.recordingId());
        }
        assertTrue(alerted.values().stream().allMatch(n -> n == 1), "no recording alerted twice: " + alerted);
    }

    @Test
    @Order(6)
    void logs_show_no_secret_bearer_token_or_url_signature() {
        String text = logs.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("delivered"), "the logs were captured");
        for (String secret : List.of(SECRET, OPERATOR_PASSWORD, VIEWER_PASSWORD)) {
            assertFalse(text.contains(secret), "a secret in the logs");
        }
        Matcher signature = Pattern.compile("(?i)(X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|Signature|Policy)=(?!xxxxxx)[^&\\s]+")
                .matcher(text);
        assertFalse(signature.find(), () -> "a URL signature in the logs: " + signature.group());
        Matcher bearer = Pattern.compile("Bearer (?!xxxxxx)[A-Za-z0-9._~+/=-]{6,}").matcher(text);
        assertFalse(bearer.find(), () -> "a bearer token in the logs: " + bearer.group());
    }

    @Test
    @Order(7)
    void a_failed_run_is_alerted_and_health_turns_down() {
        sandbox.close(); // Genesys is gone: the next run cannot even log in
        await().atMost(Duration.ofMinutes(1)).until(() -> !receiver.of("run-failed").isEmpty());
        JsonNode failed = receiver.of("run-failed").get(0);
        assertFalse(failed.path("runId").asText().isEmpty());
        assertFalse(failed.path("error").asText().isEmpty());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> health = new ConsoleClient(base, false).get("/observe/health");
            assertEquals(503, health.statusCode());
            assertEquals("DOWN", new ConsoleClient(base, false).json(health).path("checks").path("genesys").path("status").asText());
        });
        assertTrue(metrics().get("holdfast_runs_total{outcome=\"failed\"}") >= 1);
    }

    private Ledger ledger() {
        return app.bean("ledger", Ledger.class);
    }

    private static long delivered(Ledger ledger) {
        return ledger.rowsIn(Instant.EPOCH, Instant.now().plusSeconds(86400)).stream()
                .filter(r -> r.state() == RecordingState.DELIVERED).count();
    }

    private int successfulRuns() {
        return metrics().getOrDefault("holdfast_runs_total{outcome=\"success\"}", 0.0).intValue();
    }

    private Map<String, Double> metrics() {
        HttpResponse<String> response = new ConsoleClient(base, false).get("/observe/metrics");
        assertEquals(200, response.statusCode());
        Map<String, Double> values = new HashMap<>();
        Matcher m = METRIC.matcher(response.body());
        while (m.find()) {
            values.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return values;
    }

    /** Jolokia answers refusals inside a 200 body, our gate with the HTTP status: either way, the status. */
    private static int statusOf(ConsoleClient client, HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            return response.statusCode();
        }
        return client.json(response).path("status").asInt();
    }

    /** Copies what is written to the original stream and keeps it for the log assertions. */
    private static final class Tee extends OutputStream {
        private final OutputStream original;
        private final ByteArrayOutputStream copy;

        Tee(OutputStream original, ByteArrayOutputStream copy) {
            this.original = original;
            this.copy = copy;
        }

        @Override
        public synchronized void write(int b) {
            copy.write(b);
            try {
                original.write(b);
            } catch (java.io.IOException ignored) {
                // the copy is what the test reads
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            copy.write(b, off, len);
            try {
                original.write(b, off, len);
            } catch (java.io.IOException ignored) {
                // the copy is what the test reads
            }
        }
    }
}
