import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes a screenshot of the Hawtio console's Camel routes view, logged in as a console user: drives headless
 * Chromium over the DevTools protocol with nothing but the JDK (run it as {@code java ConsoleScreenshot.java}).
 * Arguments: chromium binary, console base URL, user, output PNG; the password comes from the environment
 * variable named by the user ({@code HOLDFAST_CONSOLE_<USER>_PASSWORD}), never from the command line.
 * With {@code CDP_DEBUG} set, every HTTP status the page receives is printed (to see what the console refused).
 */
public final class ConsoleScreenshot {

    private static final Duration STEP = Duration.ofSeconds(60);

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: java ConsoleScreenshot.java CHROMIUM BASE_URL USER OUT.png");
            System.exit(2);
        }
        String chromium = args[0];
        String base = args[1];
        String user = args[2];
        Path out = Path.of(args[3]);
        String variable = "HOLDFAST_CONSOLE_" + user.toUpperCase().replaceAll("[^A-Z0-9]", "_") + "_PASSWORD";
        String password = System.getenv(variable);
        if (password == null || password.isEmpty()) {
            throw new IllegalStateException(variable + " is not set");
        }
        Path profile = Files.createTempDirectory("holdfast-chromium");
        Process browser = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", "--window-size=1440,900",
                "--hide-scrollbars", "about:blank")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (Cdp cdp = Cdp.connect(profile)) {
            cdp.call("Page.enable", "{}");
            if (System.getenv("CDP_DEBUG") != null) cdp.call("Network.enable", "{}");
            cdp.call("Emulation.setDeviceMetricsOverride", "{\"width\":1440,\"height\":900,\"deviceScaleFactor\":1,\"mobile\":false}");
            cdp.navigate(base + "/hawtio/login");
            cdp.waitFor("!!document.querySelector('input[type=password]')");
            // the login form's own call: the session cookie lands in the browser
            String login = "fetch('/hawtio/auth/login',{method:'POST',headers:{'Content-Type':'application/json'},"
                    + "body:JSON.stringify({username:" + js(user) + ",password:" + js(password) + "})}).then(r=>r.status)";
            String status = cdp.evaluate(login);
            if (!status.contains("200")) {
                throw new IllegalStateException("console login answered " + status);
            }
            try {
                showRoutes(cdp, base);
            } catch (IllegalStateException e) {
                capture(cdp, out.resolveSibling(out.getFileName() + ".failed.png"));
                System.err.println("page text: " + cdp.evaluate("document.body.innerText.slice(0,1500)"));
                throw e;
            }
            capture(cdp, out);
            System.out.println("screenshot: " + out.toAbsolutePath());
        } finally {
            browser.destroy();
            browser.waitFor(10, TimeUnit.SECONDS);
            browser.destroyForcibly();
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void showRoutes(Cdp cdp, String base) throws Exception {
        cdp.navigate(base + "/hawtio/camel");
        // the Camel tree: open the context's "routes" folder, which shows the Routes table
        cdp.waitFor("[...document.querySelectorAll('button,span')].some(e=>e.textContent.trim()==='routes')");
        cdp.evaluate("[...document.querySelectorAll('button,span')].find(e=>e.textContent.trim()==='routes').click()");
        cdp.waitFor("[...document.querySelectorAll('td')].some(e=>e.textContent.trim()==='export')");
        cdp.pause(Duration.ofSeconds(2));
    }

    private static void capture(Cdp cdp, Path file) throws Exception {
        String data = cdp.call("Page.captureScreenshot", "{\"format\":\"png\"}");
        Matcher m = Pattern.compile("\"data\":\"([^\"]+)\"").matcher(data);
        if (!m.find()) {
            throw new IllegalStateException("no screenshot in " + data.substring(0, Math.min(200, data.length())));
        }
        Files.write(file, Base64.getDecoder().decode(m.group(1)));
    }

    private static String js(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** A minimal DevTools protocol client on the JDK's WebSocket. */
    private static final class Cdp implements WebSocket.Listener, AutoCloseable {
        private final Map<Integer, CompletableFuture<String>> waiting = new ConcurrentHashMap<>();
        private final AtomicInteger ids = new AtomicInteger();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static Cdp connect(Path profile) throws Exception {
            Path portFile = profile.resolve("DevToolsActivePort");
            Instant deadline = Instant.now().plus(STEP);
            while (!Files.exists(portFile) || Files.readAllLines(portFile).size() < 2) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("chromium did not open its DevTools port");
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
            String port = Files.readAllLines(portFile).get(0).trim();
            HttpClient http = HttpClient.newHttpClient();
            String targets = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher page = Pattern.compile("\"type\"\\s*:\\s*\"page\"[\\s\\S]*?\"webSocketDebuggerUrl\"\\s*:\\s*\"([^\"]+)\"").matcher(targets);
            Matcher any = Pattern.compile("\"webSocketDebuggerUrl\"\\s*:\\s*\"(ws://[^\"]+/page/[^\"]+)\"").matcher(targets);
            String url = any.find() ? any.group(1) : page.find() ? page.group(1) : null;
            if (url == null) {
                throw new IllegalStateException("no page target in " + targets);
            }
            Cdp cdp = new Cdp();
            cdp.socket = http.newWebSocketBuilder().buildAsync(URI.create(url), cdp).get(30, TimeUnit.SECONDS);
            return cdp;
        }

        String call(String method, String params) throws Exception {
            int id = ids.incrementAndGet();
            CompletableFuture<String> answer = new CompletableFuture<>();
            waiting.put(id, answer);
            socket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true).join();
            String result = answer.get(STEP.toSeconds(), TimeUnit.SECONDS);
            if (result.contains("\"error\":{")) {
                throw new IllegalStateException(method + " failed: " + result);
            }
            return result;
        }

        void navigate(String url) throws Exception {
            call("Page.navigate", "{\"url\":" + js(url) + "}");
            waitFor("document.readyState==='complete'");
        }

        String evaluate(String expression) throws Exception {
            return call("Runtime.evaluate", "{\"expression\":" + js(expression) + ",\"awaitPromise\":true,\"returnByValue\":true}");
        }

        void waitFor(String condition) throws Exception {
            Instant deadline = Instant.now().plus(STEP);
            while (!evaluate(condition).contains("\"value\":true")) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("the console never showed: " + condition);
                }
                pause(Duration.ofMillis(250));
            }
        }

        void pause(Duration d) throws InterruptedException {
            TimeUnit.MILLISECONDS.sleep(d.toMillis());
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                if (System.getenv("CDP_DEBUG") != null && message.contains("Network.responseReceived")) {
                    Matcher r = Pattern.compile("\"url\":\"([^\"]+)\",\"status\":(\\d+)").matcher(message);
                    if (r.find()) System.err.println("net " + r.group(2) + " " + r.group(1));
                }
                Matcher id = Pattern.compile("^\\{\"id\":(\\d+)").matcher(message);
                if (id.find()) {
                    CompletableFuture<String> answer = waiting.remove(Integer.parseInt(id.group(1)));
                    if (answer != null) {
                        answer.complete(message);
                    }
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void close() {
            socket.abort();
        }
    }
}
