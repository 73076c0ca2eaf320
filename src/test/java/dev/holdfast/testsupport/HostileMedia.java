package dev.holdfast.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A hostile stand-in for the Genesys API and its media host, in front of the sandbox. The API side forwards every
 * call to the sandbox and rewrites the media URLs in its answers so they point at the media side (or, for the
 * recordings {@link #foreignHost} picks, at a host outside the allow-list). The media side relays the sandbox's
 * bytes, or serves the fault {@link #faults} chooses for the request: a short body, a connection reset, a 200
 * with an HTML error page, a redirect to a foreign host, or a stall (headers and part of the body, then silence with
 * the connection open until this closes). It counts what it saw, Authorization headers included.
 */
public final class HostileMedia implements AutoCloseable {

    /** What the media side answers to one request. */
    public enum Fault { NONE, SHORT_BODY, RESET, HTML_200, REDIRECT_TO_FOREIGN_HOST, STALL }

    private static final Pattern MEDIA_URL = Pattern.compile("http://localhost:(\\d+)/media/(\\d+)-");

    private final URI sandbox;
    private final HttpServer api;
    private final ServerSocket media;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final Map<Integer, AtomicInteger> requestsByKey = new ConcurrentHashMap<>();
    private final Map<Fault, AtomicLong> served = new ConcurrentHashMap<>();
    private final AtomicLong foreignHostRequests = new AtomicLong();
    private final AtomicLong withAuthorization = new AtomicLong();
    private final AtomicLong mediaRequests = new AtomicLong();
    private final java.util.concurrent.CountDownLatch closing = new java.util.concurrent.CountDownLatch(1);
    private volatile BiFunction<Integer, Integer, Fault> faults = (key, n) -> Fault.NONE;
    private volatile java.util.function.IntPredicate foreignHost = key -> false;

    private HostileMedia(URI sandbox) throws IOException {
        this.sandbox = sandbox;
        media = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptMedia, "hostile-media");
        accept.setDaemon(true);
        accept.start();
        api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        api.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "hostile-api");
            t.setDaemon(true);
            return t;
        }));
        api.createContext("/", this::forwardApi);
        api.start();
    }

    public static HostileMedia before(URI sandboxBaseUrl) {
        try {
            return new HostileMedia(sandboxBaseUrl);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Give this to {@code genesys.api-url} and {@code genesys.login-url}. */
    public String apiUrl() {
        return "http://127.0.0.1:" + api.getAddress().getPort();
    }

    /** The fault for a media request: (the sandbox's media key, the how-many-th request for it, from 1). */
    public void faults(BiFunction<Integer, Integer, Fault> faults) {
        this.faults = faults;
    }

    /** Media keys whose URLs name a host outside the allow-list (127.0.0.1 instead of localhost). */
    public void foreignHost(java.util.function.IntPredicate keys) {
        this.foreignHost = keys;
    }

    public long served(Fault fault) {
        return served.getOrDefault(fault, new AtomicLong()).get();
    }

    /** Requests that reached the media side under a host name outside the allow-list: must stay 0. */
    public long foreignHostRequests() {
        return foreignHostRequests.get();
    }

    /** Media requests that carried an Authorization header: must stay 0. */
    public long requestsWithAuthorization() {
        return withAuthorization.get();
    }

    public long mediaRequests() {
        return mediaRequests.get();
    }

    /** Distinct media keys a URL was served for, with how often each was requested. */
    public Map<Integer, AtomicInteger> requestsByKey() {
        return requestsByKey;
    }

    @Override
    public void close() {
        closing.countDown();
        api.stop(0);
        try {
            media.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    // ----- API side ------------------------------------------------------------------------------------

    private void forwardApi(HttpExchange exchange) throws IOException {
        try (exchange) {
            HttpRequest.Builder request = HttpRequest.newBuilder(sandbox.resolve(exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery())));
            byte[] body = exchange.getRequestBody().readAllBytes();
            request.method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                String n = name.toLowerCase(Locale.ROOT);
                if (!n.equals("host") && !n.equals("connection") && !n.equals("content-length") && !n.equals("expect")
                        && !n.equals("upgrade")) {
                    values.forEach(v -> request.header(name, v));
                }
            });
            HttpResponse<byte[]> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            byte[] out = rewrite(new String(response.body(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            response.headers().map().forEach((name, values) -> {
                String n = name.toLowerCase(Locale.ROOT);
                if (!n.equals("content-length") && !n.equals("transfer-encoding") && !n.equals("connection") && !n.startsWith(":")
                        && !n.equals("date")) {
                    values.forEach(v -> exchange.getResponseHeaders().add(name, v));
                }
            });
            exchange.sendResponseHeaders(response.statusCode(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                exchange.getResponseBody().write(out);
            }
        }
    }

    private String rewrite(String body) {
        Matcher m = MEDIA_URL.matcher(body);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            int key = Integer.parseInt(m.group(2));
            String host = foreignHost.test(key) ? "127.0.0.1" : "localhost";
            m.appendReplacement(sb, "http://" + host + ":" + media.getLocalPort() + "/" + m.group(1) + "/media/" + key + "-");
        }
        m.appendTail(sb);
        return sb.toString();
    }

    // ----- media side ----------------------------------------------------------------------------------

    private void acceptMedia() {
        while (!media.isClosed()) {
            try {
                Socket socket = media.accept();
                Thread t = new Thread(() -> serveMedia(socket), "hostile-media-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serveMedia(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            String[] lines = head.split("\r\n");
            String target = lines[0].split(" ")[1];
            String host = "";
            for (String line : lines) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("host:")) {
                    host = line.substring(5).trim();
                }
                if (lower.startsWith("authorization:")) {
                    withAuthorization.incrementAndGet();
                }
            }
            mediaRequests.incrementAndGet();
            if (host.startsWith("127.0.0.1")) {
                foreignHostRequests.incrementAndGet();
            }
            // /<sandbox media port>/media/<key>-...
            String[] parts = target.split("/", 3);
            int port = Integer.parseInt(parts[1]);
            Matcher key = Pattern.compile("^media/(\\d+)-").matcher(parts[2]);
            int k = key.find() ? Integer.parseInt(key.group(1)) : -1;
            int n = requestsByKey.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet();
            Fault fault = faults.apply(k, n);
            served.computeIfAbsent(fault, f -> new AtomicLong()).incrementAndGet();
            OutputStream out = socket.getOutputStream();
            if (fault == Fault.REDIRECT_TO_FOREIGN_HOST) {
                out.write(("HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:" + media.getLocalPort() + target
                        + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                return;
            }
            if (fault == Fault.HTML_200) {
                byte[] page = "<html><body><h1>Service temporarily unavailable</h1></body></html>".getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " + page.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(page);
                return;
            }
            HttpResponse<byte[]> real = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/" + parts[2])).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            byte[] body = real.body();
            out.write(("HTTP/1.1 " + real.statusCode() + " X\r\nContent-Type: "
                    + real.headers().firstValue("Content-Type").orElse("application/octet-stream")
                    + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            if (fault == Fault.NONE || real.statusCode() != 200) {
                out.write(body);
            } else if (fault == Fault.SHORT_BODY) {
                out.write(body, 0, body.length / 2);
            } else if (fault == Fault.STALL) {
                out.write(body, 0, body.length / 2);
                out.flush();
                closing.await();
            } else if (fault == Fault.RESET) {
                out.write(body, 0, body.length / 3);
                out.flush();
                socket.setSoLinger(true, 0);
            }
            out.flush();
        } catch (IOException | RuntimeException e) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            sb.append((char) c);
            if (sb.length() >= 4 && sb.substring(sb.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        return sb.toString();
    }
}
