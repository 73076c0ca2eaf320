package dev.holdfast.ops.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Posts one alert as JSON to {@code holdfast.alert.webhook-url}. The URL is never logged (a chat webhook's path
 * is its credential), only its host.
 */
public final class AlertWebhook {

    private static final Logger LOG = LoggerFactory.getLogger(AlertWebhook.class);

    private final URI url;
    private final HttpClient http;
    private final ObjectMapper json;

    /** @param url {@code null}: alerts are only logged */
    public AlertWebhook(URI url, ObjectMapper json) {
        this.url = url;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public boolean configured() {
        return url != null;
    }

    /** True when the receiver accepted it (2xx), or when there is no receiver to tell. */
    public boolean post(Map<String, Object> alert) {
        if (url == null) {
            return true;
        }
        try {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(alert))).build();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 == 2) {
                return true;
            }
            LOG.warn("alert {} not accepted by the webhook on {}: HTTP {}", alert.get("alert"), url.getHost(), status);
        } catch (IOException e) {
            LOG.warn("alert {} not delivered to the webhook on {}: {}", alert.get("alert"), url.getHost(), e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }
}
