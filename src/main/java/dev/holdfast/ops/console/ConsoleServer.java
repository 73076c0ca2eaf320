package dev.holdfast.ops.console;

import jakarta.servlet.http.HttpServlet;
import org.apache.camel.Service;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Service mode's one HTTP port ({@code holdfast.http.host}:{@code holdfast.http.port}): the Hawtio console at
 * {@code /hawtio}, {@code /observe/health} and {@code /observe/metrics}. Started and stopped with the Camel context.
 */
public final class ConsoleServer implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);

    private final String host;
    private final int port;
    private final boolean console;
    private final ConsoleUsers users;
    private final HttpServlet health;
    private final HttpServlet metrics;
    private Server server;
    private ServerConnector connector;
    private Path work;

    /** @param console false: health and metrics only, no Hawtio */
    public ConsoleServer(String host, int port, boolean console, ConsoleUsers users, HttpServlet health, HttpServlet metrics) {
        this.host = host;
        this.port = port;
        this.console = console;
        this.users = users;
        this.health = health;
        this.metrics = metrics;
    }

    @Override
    public synchronized void start() {
        if (server != null) {
            return;
        }
        QueuedThreadPool threads = new QueuedThreadPool(32, 2);
        threads.setName("holdfast-console");
        // never keeps the JVM alive on its own, even if a failed start-up forgets to stop it
        threads.setDaemon(true);
        Server jetty = new Server(threads);
        try {
            connector = new ServerConnector(jetty);
            connector.setHost(host);
            connector.setPort(port);
            jetty.addConnector(connector);
            // bound before the console is configured: Jolokia's CORS policy names the actual port
            connector.open();
            List<ContextHandler> contexts = new ArrayList<>();
            contexts.add(observe());
            boolean withConsole = console && HawtioWebapp.available();
            if (withConsole) {
                work = Files.createTempDirectory("holdfast-console");
                contexts.add(HawtioWebapp.create(users, origins(), work));
            } else if (console) {
                LOG.warn("the Hawtio console is not in this build (no {} on the classpath): health and metrics only",
                        HawtioWebapp.WAR);
            }
            jetty.setHandler(new ContextHandlerCollection(contexts.toArray(ContextHandler[]::new)));
            jetty.start();
            server = jetty;
            LOG.info("operations on {}: {}health {}/observe/health, metrics {}/observe/metrics", baseUrl(),
                    withConsole ? "console " + baseUrl() + "/hawtio (users " + users.names() + "), " : "",
                    baseUrl(), baseUrl());
            if (withConsole && !users.withoutPassword().isEmpty()) {
                users.withoutPassword().forEach(u -> LOG.warn("console user '{}' cannot log in: {} is not set", u,
                        ConsoleUsers.passwordVariable(u)));
            }
        } catch (Exception e) {
            stopQuietly(jetty);
            deleteWork();
            throw new IllegalStateException("cannot serve operations on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            stopQuietly(server);
            server = null;
        }
        deleteWork();
    }

    /** The port actually bound (differs from the setting when that is 0). */
    public int port() {
        return connector == null ? -1 : connector.getLocalPort();
    }

    public String baseUrl() {
        String shown = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + shown + ":" + port();
    }

    private ServletContextHandler observe() {
        ServletContextHandler observe = new ServletContextHandler("/observe");
        observe.addServlet(new ServletHolder("health", health), "/health");
        observe.addServlet(new ServletHolder("metrics", metrics), "/metrics");
        return observe;
    }

    /** The origins a browser on this console sends; a loopback binding is reached as localhost too. */
    private List<String> origins() {
        Set<String> origins = new LinkedHashSet<>();
        origins.add(baseUrl());
        if (host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1")) {
            origins.add("http://localhost:" + port());
            origins.add("http://127.0.0.1:" + port());
        }
        return List.copyOf(origins);
    }

    private static void stopQuietly(Server jetty) {
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("console did not stop cleanly: {}", e.toString());
        }
    }

    private void deleteWork() {
        if (work == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("console work folder {} left behind: {}", work, e.toString());
        }
        work = null;
    }
}
