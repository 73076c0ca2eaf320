package dev.holdfast.reliability;

import dev.holdfast.testsupport.Destinations;
import dev.holdfast.app.HoldfastApp;
import dev.holdfast.ops.OpsBeans;
import dev.holdfast.ops.console.ConsoleServer;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.Scenario;
import dev.holdfast.testsupport.DestinationView;
import dev.holdfast.testsupport.S3MockServer;
import dev.holdfast.testsupport.SftpTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Security checklist, secrets (I5): full runs of the exporter at DEBUG level (child JVMs, to SFTP and to S3)
 * against a sandbox whose client secret is a canary, then the JMX surface of a running service (every route dump
 * {@code ManagedCamelContextMBean} offers, every attribute of every Camel MBean) and a Jolokia read through the
 * console. Nowhere: the client secret (plain or in a Basic header), a bearer token, a presigned URL's signature or
 * credential, a SigV4 signature, the SFTP password, the S3 secret key, the console password.
 */
class SecretsScenarioTest {

    private static final String BUCKET = "secrets";

    @TempDir
    Path work;

    @Test
    void debug_logs_jmx_route_dumps_and_jolokia_carry_no_secret() throws Exception {
        long seed = Figures.seed(661);
        Random random = new Random(seed);
        byte[] canary = new byte[8];
        random.nextBytes(canary);
        String clientSecret = "hfCanarySecret" + HexFormat.of().formatHex(canary);
        String consolePassword = "hfCanaryConsole" + Long.toHexString(random.nextLong());
        Scenario scenario = Scenario.builder(seed).conversations(24).clientSecret(clientSecret).build();
        Map<String, String> sources = new LinkedHashMap<>();
        String result;
        try (GenesysSandbox sandbox = GenesysSandbox.start(scenario, "127.0.0.1", 0);
             SftpTestServer sftp = SftpTestServer.start();
             S3MockServer s3 = S3MockServer.start()) {
            s3.createBucket(BUCKET, false);
            List<String> jvm = List.of("-Xmx192m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug",
                    "-Daws.accessKeyId=" + S3MockServer.ACCESS_KEY, "-Daws.secretAccessKey=" + S3MockServer.SECRET_KEY);
            String[] window = ChildRuns.window(sandbox);

            // 1. full runs at DEBUG to SFTP, then to S3 (child JVMs: their whole output is the log)
            Map<String, String> toSftp = ChildRuns.settings(sandbox, work.resolve("sftp-run"));
            toSftp.putAll(Destinations.sftp(sftp.port(), sftp.knownHostsFile(), "legal"));
            toSftp.put("holdfast.console.operator.password", consolePassword);
            ChildRuns sftpRuns = new ChildRuns().untilSettled(work.resolve("sftp-run"), jvm, toSftp, List.of(), window, 5);
            Invariants.Result sftpResult = Invariants.assertAllDelivered(sandbox,
                    Invariants.ledgerAt(Invariants.h2Url(work.resolve("sftp-run"))), DestinationView.folder(sftp.root().resolve("legal")));
            sources.put("debug log (SFTP, " + sftpRuns.runs.size() + " runs)", sftpRuns.logs());

            Map<String, String> toS3 = ChildRuns.settings(sandbox, work.resolve("s3-run"));
            toS3.putAll(Destinations.s3(s3, BUCKET, "held"));
            toS3.put("holdfast.console.operator.password", consolePassword);
            ChildRuns s3Runs = new ChildRuns().untilSettled(work.resolve("s3-run"), jvm, toS3, List.of(), window, 5);
            Invariants.Result s3Result = Invariants.assertAllDelivered(sandbox,
                    Invariants.ledgerAt(Invariants.h2Url(work.resolve("s3-run"))), DestinationView.s3(s3.client(), BUCKET, "held"));
            sources.put("debug log (S3, " + s3Runs.runs.size() + " runs)", s3Runs.logs());
            assertTrue(sources.values().stream().allMatch(t -> t.contains("DEBUG")), "the child logs are at DEBUG");

            // 2. a running service (SFTP destination, console on): JMX and Jolokia
            Map<String, String> service = ChildRuns.settings(sandbox, work.resolve("service"));
            service.putAll(Destinations.sftp(sftp.port(), sftp.knownHostsFile(), "service"));
            service.put("holdfast.http.port", "0");
            service.put("holdfast.schedule", "0 0 0 1 1 ? 2099");
            service.put("holdfast.console.users", "operator:operator");
            service.put("holdfast.console.operator.password", consolePassword);
            try (HoldfastApp app = HoldfastApp.start(service, true)) {
                app.export(new dev.holdfast.discover.Window(Instant.parse(window[1]), Instant.parse(window[3])));
                sources.putAll(jmx());
                String base = app.bean(OpsBeans.CONSOLE, ConsoleServer.class).baseUrl();
                sources.put("jolokia read (endpoints, routes, context)", jolokia(base, consolePassword));
            }
            result = "sftp " + sftpResult + "; s3 " + s3Result;
        }

        Map<String, Pattern> needles = new LinkedHashMap<>();
        needles.put("client secret", Pattern.compile(Pattern.quote(clientSecret)));
        needles.put("client secret in a Basic header", Pattern.compile(Pattern.quote(Base64.getEncoder().encodeToString(
                (scenario.clientId() + ":" + clientSecret).getBytes(StandardCharsets.UTF_8)))));
        needles.put("Bearer ", Pattern.compile("Bearer "));
        needles.put("X-Amz-Signature", Pattern.compile("(?i)X-Amz-Signature"));
        needles.put("X-Amz-Credential", Pattern.compile("(?i)X-Amz-Credential"));
        needles.put("Signature=", Pattern.compile("Signature="));
        needles.put("SFTP password", Pattern.compile(Pattern.quote(SftpTestServer.PASSWORD)));
        needles.put("S3 secret key", Pattern.compile(Pattern.quote(S3MockServer.SECRET_KEY)));
        needles.put("console password", Pattern.compile(Pattern.quote(consolePassword)));
        // a value behind a masked name is a leak; the masked form (xxxxxx) is not
        Pattern unmasked = Pattern.compile("(?i)(Bearer |X-Amz-Signature=|X-Amz-Credential=|Signature=)(?!xxxxxx)[A-Za-z0-9%._~+/-]{6,}");

        List<String> leaks = new ArrayList<>();
        Map<String, Integer> literal = new LinkedHashMap<>();
        long scanned = 0;
        int file = 0;
        for (Map.Entry<String, String> source : sources.entrySet()) {
            String text = source.getValue();
            keep("source-" + (++file) + ".txt", source.getKey() + "\n" + text);
            scanned += text.length();
            for (Map.Entry<String, Pattern> needle : needles.entrySet()) {
                Matcher m = needle.getValue().matcher(text);
                while (m.find()) {
                    literal.merge(needle.getKey(), 1, Integer::sum);
                    leaks.add(source.getKey() + ": " + needle.getKey() + " in \"" + around(text, m.start()) + "\"");
                }
            }
            Matcher m = unmasked.matcher(text);
            while (m.find()) {
                leaks.add(source.getKey() + ": unmasked value in \"" + around(text, m.start()) + "\"");
            }
        }
        Figures.report("I5 secrets (DEBUG logs, JMX dumps, Jolokia)", sources.size(), seed,
                "hits=" + literal + " leaks=" + leaks.size() + " scanned=" + scanned / 1024 + "KiB in " + sources.keySet()
                        + " " + result);
        leaks.stream().limit(40).forEach(l -> System.out.println("LEAK " + l));
        assertEquals(List.of(), leaks, "secrets found");
    }

    /** Every route dump the context MBean offers (placeholders resolved or not) and every readable Camel attribute. */
    private static Map<String, String> jmx() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Map<String, String> out = new LinkedHashMap<>();
        StringBuilder dumps = new StringBuilder();
        int dumpCount = 0;
        for (ObjectName context : server.queryNames(new ObjectName("org.apache.camel:type=context,*"), null)) {
            Object[][] calls = {
                    {"dumpRoutesAsXml", new Object[] {}, new String[] {}},
                    {"dumpRoutesAsXml", new Object[] {true}, new String[] {"boolean"}},
                    {"dumpRoutesAsXml", new Object[] {true, true}, new String[] {"boolean", "boolean"}},
                    {"dumpRoutesAsYaml", new Object[] {}, new String[] {}},
                    {"dumpRoutesAsYaml", new Object[] {true}, new String[] {"boolean"}},
                    {"dumpRoutesAsYaml", new Object[] {true, true}, new String[] {"boolean", "boolean"}},
                    {"dumpRoutesAsYaml", new Object[] {true, true, true}, new String[] {"boolean", "boolean", "boolean"}},
            };
            for (Object[] call : calls) {
                try {
                    Object dump = server.invoke(context, (String) call[0], (Object[]) call[1], (String[]) call[2]);
                    dumps.append(dump).append('\n');
                    dumpCount++;
                } catch (Exception e) {
                    dumps.append("(").append(call[0]).append(" ").append(((Object[]) call[1]).length).append(" args: ")
                            .append(e).append(" / ").append(rootCause(e)).append(")\n");
                }
            }
        }
        keep("jmx-dumps.txt", dumps.toString());
        assertTrue(dumpCount >= 3 && dumps.toString().contains("sftp:"), "the route dumps were taken (target/secrets-scan)");
        out.put("JMX route dumps (" + dumpCount + ")", dumps.toString());
        StringBuilder attributes = new StringBuilder();
        int read = 0;
        for (ObjectName name : server.queryNames(new ObjectName("org.apache.camel:*"), null)) {
            for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
                if (!attribute.isReadable()) {
                    continue;
                }
                try {
                    attributes.append(name).append(' ').append(attribute.getName()).append('=')
                            .append(String.valueOf(server.getAttribute(name, attribute.getName()))).append('\n');
                    read++;
                } catch (Exception | Error e) {
                    // some attributes are not readable in this state
                }
            }
        }
        out.put("JMX attributes of Camel MBeans (" + read + ")", attributes.toString());
        return out;
    }

    private static String jolokia(String base, String password) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        StringBuilder out = new StringBuilder();
        String basic = "Basic " + Base64.getEncoder().encodeToString(("operator:" + password).getBytes(StandardCharsets.UTF_8));
        for (String mbean : List.of("org.apache.camel:type=endpoints,*", "org.apache.camel:type=routes,*",
                "org.apache.camel:type=context,*", "org.apache.camel:type=components,*")) {
            String body = "{\"type\":\"read\",\"mbean\":\"" + mbean + "\"}";
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/hawtio/jolokia"))
                    .header("Origin", base).header("Content-Type", "application/json").header("Authorization", basic)
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), "Jolokia read of " + mbean + ": " + response.body());
            out.append(response.body()).append('\n');
        }
        assertTrue(out.toString().contains("deliver-sftp") || out.toString().contains("sftp://"),
                "Jolokia answered the endpoints and routes");
        return out.toString();
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** What was scanned stays under target/secrets-scan for review. */
    private static void keep(String name, String text) {
        try {
            Path dir = java.nio.file.Files.createDirectories(Path.of("target", "secrets-scan"));
            java.nio.file.Files.writeString(dir.resolve(name), text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String around(String text, int at) {
        String s = text.substring(Math.max(0, at - 60), Math.min(text.length(), at + 60));
        return s.replaceAll("[\\r\\n]", " ");
    }
}
