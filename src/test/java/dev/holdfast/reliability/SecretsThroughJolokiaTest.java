package dev.holdfast.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.holdfast.cli.SandboxSettings;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.Scenario;
import dev.holdfast.testsupport.ChildExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10.7: the secrets of {@code run} (Genesys client secret, SFTP and ledger passwords, S3 keys), given each way
 * an operator can give them (command line, {@code -D}, environment, properties file), then everything a console
 * viewer and an operator can read through Jolokia: every attribute of every MBean one by one, every MBean whole,
 * {@code list}, {@code search}, a pattern read of {@code *:*}, the issue's own GETs, the diagnostic operations.
 * Where {@code run} refuses a way, the same values are also put where it cannot see them as secrets (another key
 * on the command line, another {@code -D}), so that the console's own policy is checked too.
 */
class SecretsThroughJolokiaTest {

    private static final String OPERATOR = "ops";
    private static final String VIEWER = "auditor";
    private static final Pattern CONSOLE = Pattern.compile("console (http://\\S+)/hawtio");

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path work;

    @Test
    void a_viewer_and_an_operator_read_no_secret_through_jolokia_whichever_way_it_was_given() throws Exception {
        long seed = Figures.seed(701);
        Random random = new Random(seed);
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("genesys.client-secret", canary("hfClientSecret", random));
        secrets.put("holdfast.sftp.password", canary("hfSftpPassword", random));
        secrets.put("holdfast.db.password", canary("hfDbPassword", random));
        Map<String, String> s3Keys = new LinkedHashMap<>();
        s3Keys.put("aws.accessKeyId", canary("hfS3AccessKey", random));
        s3Keys.put("aws.secretAccessKey", canary("hfS3SecretKey", random));
        Map<String, String> variables = Map.of("genesys.client-secret", "GENESYS_CLIENT_SECRET",
                "holdfast.sftp.password", "HOLDFAST_SFTP_PASSWORD", "holdfast.db.password", "HOLDFAST_DB_PASSWORD",
                "aws.accessKeyId", "AWS_ACCESS_KEY_ID", "aws.secretAccessKey", "AWS_SECRET_ACCESS_KEY");
        List<String> canaries = new ArrayList<>(secrets.values());
        canaries.addAll(s3Keys.values());
        String operatorPassword = canary("hfOperator", random);
        String viewerPassword = canary("hfViewer", random);
        // the console passwords come from the environment in every way; they must not show either
        canaries.add(operatorPassword);
        canaries.add(viewerPassword);

        Scenario scenario = Scenario.builder(seed).conversations(6).clientSecret(secrets.get("genesys.client-secret")).build();
        List<String> figures = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        try (GenesysSandbox sandbox = GenesysSandbox.start(scenario, "127.0.0.1", 0)) {
            for (String way : List.of("command line", "-D", "environment", "properties file")) {
                Path dir = Files.createDirectories(work.resolve(way.replaceAll("[^a-z]", "")));
                Map<String, String> settings = new LinkedHashMap<>(SandboxSettings.pointingAt(sandbox));
                settings.remove("genesys.client-secret");
                settings.put("holdfast.db.url", Invariants.h2Url(dir));
                settings.put("holdfast.spool-dir", dir.resolve("spool").toString());
                settings.put("holdfast.file.dir", dir.resolve("export").toString());
                // any free port: several children may run one after the other on this host
                settings.put("holdfast.http.port", "0");
                settings.put("holdfast.console.users", OPERATOR + ":operator," + VIEWER + ":viewer");
                Map<String, String> environment = new LinkedHashMap<>();
                environment.put("HOLDFAST_CONSOLE_OPS_PASSWORD", operatorPassword);
                environment.put("HOLDFAST_CONSOLE_AUDITOR_PASSWORD", viewerPassword);
                List<String> jvm = new ArrayList<>(List.of("-Xmx256m"));
                List<String> args = new ArrayList<>();
                switch (way) {
                    case "command line" -> settings.putAll(secrets);
                    case "-D" -> {
                        secrets.forEach((k, v) -> jvm.add("-D" + k + "=" + v));
                        s3Keys.forEach((k, v) -> jvm.add("-D" + k + "=" + v));
                    }
                    case "environment" -> {
                        secrets.forEach((k, v) -> environment.put(variables.get(k), v));
                        s3Keys.forEach((k, v) -> environment.put(variables.get(k), v));
                    }
                    default -> {
                        // the user's settings file in the working folder, where run looks for it
                        StringBuilder text = new StringBuilder();
                        secrets.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
                        Files.writeString(dir.resolve("application.properties"), text);
                    }
                }
                settings.forEach((k, v) -> args.add("--" + k + "=" + v));
                Outcome given = serveAndScan(dir, jvm, environment, args, canaries, operatorPassword, viewerPassword);
                figures.add(way + ": " + given);
                failures.addAll(given.failures(way));
                if (way.equals("command line") || way.equals("-D")) {
                    List<String> refusedNames = new ArrayList<>(secrets.keySet());
                    if (way.equals("-D")) {
                        refusedNames.addAll(s3Keys.keySet());
                    }
                    for (String key : refusedNames) {
                        if (given.served() || given.exit != 1 || !given.output.contains(variables.get(key))) {
                            failures.add(way + ": run did not refuse " + key + " naming " + variables.get(key)
                                    + " (exit " + given.exit + ")");
                        }
                    }
                    // the console's own policy: the same values where run cannot tell them from other settings
                    // (a wrapper's argument, another tool's -D), the real secrets from the environment
                    List<String> hiddenJvm = new ArrayList<>(List.of("-Xmx256m"));
                    List<String> hiddenArgs = new ArrayList<>();
                    settings.keySet().removeAll(secrets.keySet());
                    settings.put("holdfast.db.url", Invariants.h2Url(dir.resolve("hidden")));
                    settings.forEach((k, v) -> hiddenArgs.add("--" + k + "=" + v));
                    secrets.forEach((k, v) -> environment.put(variables.get(k), v));
                    int n = 0;
                    for (String value : canaries) {
                        if (way.equals("-D")) {
                            hiddenJvm.add("-Dholdfast.note" + (++n) + "=" + value);
                        } else {
                            hiddenArgs.add("--holdfast.note" + (++n) + "=" + value);
                        }
                    }
                    Outcome hidden = serveAndScan(dir, hiddenJvm, environment, hiddenArgs, canaries, operatorPassword,
                            viewerPassword);
                    figures.add(way + " (under other names): " + hidden);
                    failures.addAll(hidden.failures(way + " (under other names)"));
                    if (!hidden.served()) {
                        failures.add(way + " (under other names): the service did not start (exit " + hidden.exit
                                + "):\n" + hidden.output);
                    }
                } else if (!given.served()) {
                    failures.add(way + ": the service did not start (exit " + given.exit + "):\n" + given.output);
                }
            }
        }
        Figures.report("10.7 secrets through Jolokia (`SecretsThroughJolokiaTest`)", figures.size(), seed,
                String.join("; ", figures));
        assertEquals(List.of(), failures);
    }

    /** {@code run} in a child JVM: refused (its exit and output), or serving, then scanned as both users and killed. */
    private Outcome serveAndScan(Path dir, List<String> jvm, Map<String, String> environment, List<String> args,
                                 List<String> canaries, String operatorPassword, String viewerPassword) throws IOException {
        try (ChildExporter child = ChildExporter.command(dir, jvm, environment, List.of(), "run", args)) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                    .until(() -> !child.isAlive() || CONSOLE.matcher(child.logText()).find());
            Matcher console = CONSOLE.matcher(child.logText());
            if (!console.find()) {
                int exit = child.awaitExit(Duration.ofSeconds(30));
                String output = child.logText();
                return new Outcome(exit, output, hits(output, canaries), null, null);
            }
            String base = console.group(1);
            Scan operator = scan(base, OPERATOR, operatorPassword, canaries);
            Scan viewer = scan(base, VIEWER, viewerPassword, canaries);
            return new Outcome(-1, child.logText(), hits(child.logText(), canaries), operator, viewer);
        }
    }

    /** Everything one user can read through the console's Jolokia, and how often a canary is in the answers. */
    private Scan scan(String base, String user, String password, List<String> canaries) throws IOException {
        String jolokia = base + "/hawtio/jolokia";
        List<String> answers = new ArrayList<>();
        int requests = 0;
        // the issue's own requests, as a browser or curl sends them
        for (String path : List.of("/read/java.lang:type=Runtime/SystemProperties", "/read/java.lang:type=Runtime/InputArguments",
                "/read/java.lang:type=Runtime", "/read/java.lang:type=Runtime/ClassPath")) {
            answers.add(get(jolokia + path, base, user, password).body());
            requests++;
        }
        answers.add(post(jolokia, base, user, password, "{\"type\":\"version\"}"));
        String search = post(jolokia, base, user, password, "{\"type\":\"search\",\"mbean\":\"*:*\"}");
        String list = post(jolokia, base, user, password, "{\"type\":\"list\"}");
        answers.add(search);
        answers.add(list);
        requests += 3;

        // every MBean whole (no attribute named; also as Hawtio asks, errors of single attributes ignored), the
        // patterns *:* and java.lang:*, then every attribute of every MBean on its own
        List<ObjectNode> wholes = new ArrayList<>();
        List<String> names = new ArrayList<>(List.of("*:*", "java.lang:*"));
        json.readTree(search).path("value").forEach(name -> names.add(name.asText()));
        for (String name : names) {
            wholes.add(json.createObjectNode().put("type", "read").put("mbean", name));
            ObjectNode asHawtio = json.createObjectNode().put("type", "read").put("mbean", name);
            asHawtio.putObject("config").put("ignoreErrors", true);
            wholes.add(asHawtio);
        }
        List<ObjectNode> attributes = new ArrayList<>();
        JsonNode domains = json.readTree(list).path("value");
        for (Iterator<Map.Entry<String, JsonNode>> d = domains.fields(); d.hasNext(); ) {
            Map.Entry<String, JsonNode> domain = d.next();
            for (Iterator<Map.Entry<String, JsonNode>> m = domain.getValue().fields(); m.hasNext(); ) {
                Map.Entry<String, JsonNode> mbean = m.next();
                for (Iterator<String> a = mbean.getValue().path("attr").fieldNames(); a.hasNext(); ) {
                    attributes.add(json.createObjectNode().put("type", "read")
                            .put("mbean", domain.getKey() + ":" + mbean.getKey()).put("attribute", a.next()));
                }
            }
        }
        // operations that would print the command line or the properties, and Hawtio's own listing
        List<ObjectNode> operations = new ArrayList<>();
        for (String op : List.of("vmCommandLine", "vmSystemProperties", "vmFlags")) {
            operations.add(json.createObjectNode().put("type", "exec").put("mbean", "com.sun.management:type=DiagnosticCommand")
                    .put("operation", op));
        }
        operations.add(json.createObjectNode().put("type", "exec").put("mbean", "hawtio:type=security,name=RBACRegistry")
                .put("operation", "list()"));
        int answered = 0;
        for (List<ObjectNode> batch : List.of(wholes, attributes, operations)) {
            for (int from = 0; from < batch.size(); from += 200) {
                ArrayNode bulk = json.createArrayNode();
                bulk.addAll(batch.subList(from, Math.min(batch.size(), from + 200)));
                String answer = post(jolokia, base, user, password, bulk.toString());
                answers.add(answer);
                if (batch == attributes) {
                    for (JsonNode single : json.readTree(answer)) {
                        answered += single.path("status").asInt() == 200 ? 1 : 0;
                    }
                }
            }
            requests += batch.size();
        }
        String all = String.join("\n", answers);
        keep(user + "-" + Integer.toHexString(base.hashCode()) + ".json", all);
        // the scan read values of the JVM's and Camel's MBeans (a scan that read nothing would find nothing)
        assertTrue(answered > 500 && all.contains("\"VmName\":\"") && all.contains("\"CamelId\":\"holdfast\""),
                user + " read " + answered + " of " + attributes.size() + " attributes");
        return new Scan(requests, names.size(), attributes.size(), answered, hits(all, canaries));
    }

    private HttpResponse<String> get(String url, String origin, String user, String password) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Origin", origin)
                .header("Authorization", basic(user, password)).GET());
    }

    private String post(String url, String origin, String user, String password, String body) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url)).header("Origin", origin)
                .header("Content-Type", "application/json").header("Authorization", basic(user, password))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        // a viewer's exec is refused by the console before Jolokia (403); anything else is Jolokia's own answer
        assertTrue(response.statusCode() == 200 || response.statusCode() == 403, response.statusCode() + " " + response.body());
        return response.body();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static int hits(String text, List<String> canaries) {
        int hits = 0;
        for (String canary : canaries) {
            for (int at = text.indexOf(canary); at >= 0; at = text.indexOf(canary, at + 1)) {
                hits++;
            }
        }
        return hits;
    }

    private static String canary(String prefix, Random random) {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }

    /** What was scanned stays under target/secrets-scan for review. */
    private static void keep(String name, String text) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "secrets-scan", "jolokia"));
            Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One user's scan: Jolokia requests made, MBeans (and patterns) read whole, attributes read one by one and how
     * many of them answered a value, canaries found.
     */
    private record Scan(int requests, int mbeans, int attributes, int answered, int hits) {
    }

    /** One start of {@code run}: its exit when it refused, its output, and the two users' scans when it served. */
    private record Outcome(int exit, String output, int outputHits, Scan operator, Scan viewer) {

        boolean served() {
            return operator != null;
        }

        List<String> failures(String way) {
            List<String> failures = new ArrayList<>();
            if (outputHits > 0) {
                failures.add(way + ": " + outputHits + " secrets in run's own output");
            }
            if (operator != null && operator.hits() > 0) {
                failures.add(way + ": " + operator.hits() + " secrets through Jolokia as the operator");
            }
            if (viewer != null && viewer.hits() > 0) {
                failures.add(way + ": " + viewer.hits() + " secrets through Jolokia as a viewer");
            }
            return failures;
        }

        @Override
        public String toString() {
            if (operator == null) {
                return "refused (exit " + exit + "), 0 reads, " + outputHits + " hits in its output";
            }
            return "hits viewer " + viewer.hits() + " / operator " + operator.hits() + " in " + viewer.requests()
                    + " / " + operator.requests() + " Jolokia requests (" + viewer.attributes() + " MBean attributes one"
                    + " by one, " + viewer.answered() + " / " + operator.answered() + " of them answered; "
                    + viewer.mbeans() + " MBeans and patterns whole, twice)";
        }
    }
}
