package dev.holdfast.ops.metrics;

import dev.holdfast.genesys.GenesysApi;
import dev.holdfast.ledger.OpsLedger;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.camel.CamelContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/** {@code GET /observe/metrics}: Holdfast's metrics and Camel's route metrics in Prometheus text. */
public final class MetricsServlet extends HttpServlet {

    private final transient OpsMetrics metrics;
    private final transient OpsLedger ledger;
    private final transient GenesysApi api;
    private final transient CamelRouteMetrics routes;

    public MetricsServlet(OpsMetrics metrics, OpsLedger ledger, GenesysApi api, CamelContext context) {
        this.metrics = metrics;
        this.ledger = ledger;
        this.api = api;
        this.routes = new CamelRouteMetrics(context);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body = render().getBytes(StandardCharsets.UTF_8);
        response.setContentType(PrometheusText.CONTENT_TYPE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    String render() {
        PrometheusText text = new PrometheusText();
        text.family("holdfast_recordings_total", "counter",
                "Recordings put in each state by this process (a pending recording counts again at each retry)");
        for (String state : new String[]{"delivered", "pending", "terminal"}) {
            text.sample("holdfast_recordings_total", Map.of("state", state), metrics.recordings().getOrDefault(state, 0L));
        }
        text.family("holdfast_bytes_delivered_total", "counter", "Bytes of media delivered and confirmed by this process")
                .sample("holdfast_bytes_delivered_total", metrics.bytesDelivered());
        text.family("holdfast_api_requests_total", "counter", "Genesys API requests by endpoint and HTTP status");
        api.requestCounts().forEach((key, count) -> {
            int split = key.lastIndexOf(' ');
            text.sample("holdfast_api_requests_total", Map.of("endpoint", key.substring(0, Math.max(0, split)),
                    "status", key.substring(split + 1)), count);
        });
        text.family("holdfast_runs_total", "counter", "Runs by outcome: success, failed, or skipped (the run before was still going)");
        metrics.runs().forEach((outcome, count) -> text.sample("holdfast_runs_total", Map.of("outcome", outcome), count));
        if (metrics.lastRunSeconds() >= 0) {
            text.family("holdfast_run_duration_seconds", "gauge", "How long the last finished run took")
                    .sample("holdfast_run_duration_seconds", metrics.lastRunSeconds());
        }
        Instant success = metrics.lastSuccess();
        if (success != null) {
            text.family("holdfast_last_success_timestamp_seconds", "gauge", "When the last successful run ended (Unix time)")
                    .sample("holdfast_last_success_timestamp_seconds", success.toEpochMilli() / 1000.0);
        }
        text.family("holdfast_pending", "gauge", "Recordings pending in the ledger now, by reason");
        try {
            ledger.pendingByReason().forEach((reason, count) -> text.sample("holdfast_pending", Map.of("reason", reason), count));
        } catch (RuntimeException e) {
            // a ledger outage shows in /observe/health; the rest of the metrics still answer
        }
        routes.write(text);
        return text.toString();
    }
}
