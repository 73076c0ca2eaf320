package dev.holdfast.ops.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;

/** {@code GET /observe/health}: {@code {"status":"UP","checks":{...}}}, HTTP 200 when up and 503 when down. */
public final class HealthServlet extends HttpServlet {

    private final transient HealthChecks health;
    private final transient ObjectMapper json = new ObjectMapper();

    public HealthServlet(HealthChecks health) {
        this.health = health;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<Check> checks = health.checks();
        boolean up = HealthChecks.up(checks);
        ObjectNode body = json.createObjectNode().put("status", up ? "UP" : "DOWN");
        ObjectNode details = body.putObject("checks");
        checks.forEach(c -> details.putObject(c.name()).put("status", c.up() ? "UP" : "DOWN").put("detail", c.detail()));
        response.setStatus(up ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), body);
    }
}
