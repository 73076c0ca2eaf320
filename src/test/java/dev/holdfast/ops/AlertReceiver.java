package dev.holdfast.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A webhook receiver for the tests: keeps every JSON alert posted to it. */
public final class AlertReceiver implements AutoCloseable {

    private final HttpServer server;
    private final List<JsonNode> alerts = new CopyOnWriteArrayList<>();

    public AlertReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectMapper json = new ObjectMapper();
        server.createContext("/alerts", exchange -> {
            alerts.add(json.readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/alerts";
    }

    public List<JsonNode> of(String kind) {
        return alerts.stream().filter(a -> kind.equals(a.path("alert").asText())).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
