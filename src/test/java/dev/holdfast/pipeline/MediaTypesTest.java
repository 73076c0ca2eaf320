package dev.holdfast.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.cli.Holdfast;
import dev.holdfast.custody.MediaTypeCount;
import dev.holdfast.deliver.KeyBuilder;
import dev.holdfast.ledger.LedgerRow;
import dev.holdfast.ledger.RecordingState;
import dev.holdfast.run.RunSummary;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.HeldRecording;
import dev.holdfast.sandbox.Scenario;
import dev.holdfast.testsupport.DestinationView;
import dev.holdfast.testsupport.Destinations;
import dev.holdfast.testsupport.Exporter;
import dev.holdfast.testsupport.FolderCopy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 part 2: every email, chat and message of a held conversation is delivered like a call recording: with
 * the SHA-256 of the bytes Genesys served, in the ledger, in its bag's manifest, with its sidecar and load file row,
 * under the name DESIGN.md section 8 gives it ({@code .eml}, {@code .zip}, or {@code .transcript.json} for the
 * transcript a chat or messaging recording carries when no ZIP is asked for); reconciliation.csv and the run summary
 * count by media type; verify accepts the export.
 */
class MediaTypesTest {

    private static final Map<String, String> EXTENSION = Map.of("email", ".eml", "chat", ".zip", "messaging", ".zip");

    @TempDir
    Path work;

    private static final List<String> OTHER_MEDIA = List.of("email", "chat", "message");

    @Test
    void every_email_chat_and_message_of_a_held_conversation_is_delivered_hashed_listed_and_counted_by_media_type()
            throws Exception {
        exportAndCheck(Scenario.builder(11).mediaTypes(OTHER_MEDIA).build(), Duration.ofMinutes(3));
    }

    @Test
    void on_the_harsh_scenario_too() throws Exception {
        // 429 and 5xx storms, 20 s tokens, more archived and deleted recordings, repeated pages, six hours of lag
        exportAndCheck(Scenario.harsh(21).toBuilder().mediaTypes(OTHER_MEDIA).build(), Duration.ofMinutes(6));
    }

    @Test
    void with_chat_and_message_formats_none_the_transcripts_the_recordings_carry_are_delivered_as_json() throws Exception {
        Path routes = Files.createDirectories(work.resolve("routes"));
        try (Stream<Path> shipped = Files.list(Path.of("routes"))) {
            for (Path route : shipped.toList()) {
                Files.copy(route, routes.resolve(route.getFileName().toString()));
            }
        }
        // the integration team's choice, made where the README says: no ZIP, the transcript the recording carries
        Path genesys = routes.resolve("genesys.camel.yaml");
        String shipped = Files.readString(genesys);
        assertTrue(shipped.contains("chatFormatId: ZIP") && shipped.contains("messageFormatId: ZIP"), "the shipped formats");
        Files.writeString(genesys, shipped.replace("chatFormatId: ZIP", "chatFormatId: NONE")
                .replace("messageFormatId: ZIP", "messageFormatId: NONE"));
        try (GenesysSandbox sandbox = GenesysSandbox.start(Scenario.builder(11).mediaTypes(OTHER_MEDIA).build(), "127.0.0.1", 0)) {
            Path export = work.resolve("export");
            Map<String, String> settings = Exporter.settingsFor(sandbox, work);
            settings.putAll(Destinations.folder(export));
            settings.put("holdfast.routes", routes.toString());
            try (Exporter exporter = Exporter.start(settings)) {
                exporter.exportUntilSettled(exporter.defaultWindow(), Duration.ofMinutes(3));
                DestinationView destination = DestinationView.folder(export);
                Map<String, String> atDestination = destination.sha256ByKey();
                ObjectMapper json = new ObjectMapper();
                String token = token(sandbox);
                int transcripts = 0;
                for (HeldRecording truth : sandbox.groundTruth().held()) {
                    boolean chat = "chat".equals(truth.media());
                    if (!truth.exportable() || !(chat || "messaging".equals(truth.media()))) {
                        continue;
                    }
                    LedgerRow row = exporter.ledger().row(truth.conversationId(), truth.recordingId()).orElseThrow();
                    assertEquals(RecordingState.DELIVERED, row.state(), truth.recordingId() + " " + row.reason());
                    String key = row.destinationKey();
                    JsonNode sidecar = json.readTree(destination.read(KeyBuilder.sidecarKeyOf(key)));
                    if (truth.batchOnly()) {
                        // listed without media and without a transcript: batch download brings the stored ZIP
                        assertTrue(key.endsWith("/" + truth.recordingId() + ".zip"), key);
                        assertEquals(truth.batchSha256(), atDestination.get(key));
                        continue;
                    }
                    assertTrue(key.endsWith("/" + truth.conversationId() + "/" + truth.recordingId() + ".transcript.json"),
                            "kept as <recordingId>.transcript.json: " + key);
                    // the transcript exactly as Genesys answers for the recording without its file
                    JsonNode served = json.readTree(get(sandbox, token, "/api/v2/conversations/" + truth.conversationId()
                            + "/recordings/" + truth.recordingId() + "?formatId=WAV&chatFormatId=NONE&messageFormatId=NONE"))
                            .path(chat ? "transcript" : "messagingTranscript");
                    assertTrue(served.isArray() && !served.isEmpty(), "the sandbox carries the transcript inline");
                    byte[] delivered = destination.read(key);
                    assertEquals(served, json.readTree(delivered), "the transcript of " + key);
                    assertEquals(row.sha256(), atDestination.get(key), "the ledger's hash is the delivered bytes'");
                    String bag = key.substring(0, key.indexOf('/'));
                    assertEquals(row.sha256(), manifest(destination, bag).get(KeyBuilder.inBag(key)), "in the manifest");
                    assertEquals("inline", sidecar.path("path").asText());
                    assertEquals("JSON", sidecar.path("formatDelivered").asText());
                    assertEquals(row.sha256(), sidecar.path("sha256").asText());
                    assertEquals(truth.media(), loadFileRow(destination, bag, KeyBuilder.inBag(key)).get("MediaType"));
                    transcripts++;
                }
                assertTrue(transcripts >= 4, "chat and messaging transcripts delivered: " + transcripts);
                // emails still come as EML: their format is not changed
                assertTrue(atDestination.keySet().stream().anyMatch(k -> k.endsWith(".eml")), "emails as EML");
                assertEquals(0, verify(export, settings).code(), "verify accepts the export");
            }
        }
    }

    /** A token of the sandbox's own client, to ask it what it serves. */
    private static String token(GenesysSandbox sandbox) throws Exception {
        String basic = java.util.Base64.getEncoder().encodeToString((sandbox.scenario().clientId() + ":"
                + sandbox.scenario().clientSecret()).getBytes(StandardCharsets.UTF_8));
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(sandbox.baseUrl().resolve("/oauth/token"))
                        .header("Authorization", "Basic " + basic)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(response.body()).path("access_token").asText();
    }

    private static String get(GenesysSandbox sandbox, String token, String path) throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(sandbox.baseUrl().resolve(path))
                        .header("Authorization", "Bearer " + token).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private void exportAndCheck(Scenario scenario, Duration atMost) throws Exception {
        try (GenesysSandbox sandbox = GenesysSandbox.start(scenario, "127.0.0.1", 0)) {
            Path export = work.resolve("export");
            Map<String, String> settings = Exporter.settingsFor(sandbox, work);
            settings.putAll(Destinations.folder(export));
            try (Exporter exporter = Exporter.start(settings)) {
                RunSummary last = exporter.exportUntilSettled(exporter.defaultWindow(), atMost);
                DestinationView destination = DestinationView.folder(export);
                // the promise for every held recording, audio and screen as before, the other media one file each
                ExportExpectations.assertDeliveredExactly(sandbox, exporter, destination);

                Map<String, String> atDestination = destination.sha256ByKey();
                ObjectMapper json = new ObjectMapper();
                Map<String, Integer> deliveredByType = new TreeMap<>();
                int batchOnly = 0;
                for (HeldRecording truth : sandbox.groundTruth().held()) {
                    String extension = EXTENSION.get(truth.media());
                    if (extension == null || !truth.exportable()) {
                        continue;
                    }
                    LedgerRow row = exporter.ledger().row(truth.conversationId(), truth.recordingId()).orElseThrow();
                    assertEquals(RecordingState.DELIVERED, row.state(), truth.recordingId() + " " + row.reason());
                    assertEquals(truth.media(), row.media(), "the ledger knows the media type");
                    String key = row.destinationKey();
                    assertTrue(key.endsWith("/" + truth.conversationId() + "/" + truth.recordingId() + extension),
                            truth.media() + " lands as <recordingId>" + extension + ": " + key);
                    // the bytes the sandbox served (direct and batch serve the same file for these media)
                    assertEquals(truth.directSha256(), atDestination.get(key), "bytes of " + key);
                    assertEquals(truth.directSha256(), row.sha256(), "the ledger's hash of " + key);
                    String bag = key.substring(0, key.indexOf('/'));
                    assertEquals(truth.directSha256(), manifest(destination, bag).get(KeyBuilder.inBag(key)),
                            "listed in the manifest of " + bag);
                    JsonNode sidecar = json.readTree(destination.read(KeyBuilder.sidecarKeyOf(key)));
                    assertEquals(truth.directSha256(), sidecar.path("sha256").asText());
                    assertEquals(truth.media(), sidecar.path("recording").path("media").asText());
                    assertEquals(truth.directContentType(), sidecar.path("contentType").asText());
                    assertTrue(sidecar.path("recording").path("mediaUris").isMissingNode()
                            || !sidecar.path("recording").toString().contains("X-Amz-Signature"), "no signature in the sidecar");
                    Map<String, String> loadRow = loadFileRow(destination, bag, KeyBuilder.inBag(key));
                    assertEquals(truth.media(), loadRow.get("MediaType"));
                    assertEquals(extension.substring(1), loadRow.get("FileExt"));
                    assertEquals(truth.directSha256(), loadRow.get("SHA256"));
                    assertTrue(exporter.ledger().custodyOfConversation(truth.conversationId(), "delivered").stream()
                            .anyMatch(c -> truth.recordingId().equals(c.recordingId())), "custody of " + key);
                    deliveredByType.merge(truth.media(), 1, Integer::sum);
                    batchOnly += truth.batchOnly() ? 1 : 0;
                }
                System.out.printf("media types (%s): delivered %s (%d through batch download); %d API requests for %d"
                                + " delivered recordings; %s%n", scenario, deliveredByType, batchOnly,
                        sandbox.journal().apiRequests(), exporter.ledger().delivered().size(), last.render());
                for (String type : EXTENSION.keySet()) {
                    assertTrue(deliveredByType.getOrDefault(type, 0) >= 2, "the scenario holds " + type + ": " + deliveredByType);
                }

                // counts by media type: reconciliation.csv of the last bag and the run summary, against the ground truth
                Map<String, MediaTypeCount> expected = new TreeMap<>();
                for (HeldRecording truth : sandbox.groundTruth().held()) {
                    MediaTypeCount.add(expected, truth.media(), truth.exportable() ? "delivered" : "terminal");
                }
                assertEquals(expected, countsOf(reconciliation(export)), "reconciliation.csv by media_type");
                assertEquals(expected, last.byMediaType(), "the run summary by media type");

                assertEquals(0, verify(export, settings).code(), "verify accepts the export");
                // one flipped byte of one email is found and named, as for a call's audio
                Path altered = FolderCopy.of(export, work.resolve("altered"));
                Path eml;
                try (Stream<Path> files = Files.walk(altered)) {
                    eml = files.filter(p -> p.toString().endsWith(".eml")).sorted().findFirst().orElseThrow();
                }
                byte[] bytes = Files.readAllBytes(eml);
                bytes[bytes.length / 2] ^= 0x01;
                Files.write(eml, bytes);
                Verified result = verify(altered, settings);
                assertEquals(4, result.code(), result.out());
                assertTrue(result.out().contains(altered.relativize(eml).toString().replace('\\', '/')), result.out());
            }
        }
    }

    private record Verified(int code, String out) {
    }

    private static Verified verify(Path destination, Map<String, String> settings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Holdfast.execute(new String[]{"verify", "--holdfast.destination=file",
                        "--holdfast.file.dir=" + destination, "--holdfast.db.url=" + settings.get("holdfast.db.url")},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8)).code();
        return new Verified(code, out.toString(StandardCharsets.UTF_8));
    }

    /** The payload paths and hashes a bag's manifest lists. */
    private static Map<String, String> manifest(DestinationView destination, String bag) {
        Map<String, String> byPath = new HashMap<>();
        for (String line : new String(destination.read(bag + "/manifest-sha256.txt"), StandardCharsets.UTF_8).split("\n")) {
            String[] parts = line.split(" {2}", 2);
            if (parts.length == 2) {
                byPath.put(parts[1], parts[0]);
            }
        }
        return byPath;
    }

    /** The row of loadfile.csv whose NativePath is this path, by field name (an RFC 4180 reader of this test's own). */
    private static Map<String, String> loadFileRow(DestinationView destination, String bag, String path) {
        List<List<String>> rows = csv(new String(destination.read(bag + "/loadfile.csv"), StandardCharsets.UTF_8));
        List<String> header = rows.get(0);
        for (List<String> row : rows.subList(1, rows.size())) {
            Map<String, String> byName = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                byName.put(header.get(i), row.get(i));
            }
            if (path.equals(byName.get("NativePath"))) {
                return byName;
            }
        }
        throw new AssertionError("no load file row for " + path + " in " + bag);
    }

    /** The newest bag's reconciliation.csv. */
    private static List<List<String>> reconciliation(Path export) throws Exception {
        Path newest;
        try (Stream<Path> bags = Files.list(export)) {
            newest = bags.filter(p -> p.getFileName().toString().startsWith("holdfast-"))
                    .filter(p -> Files.exists(p.resolve("reconciliation.csv"))).max(Path::compareTo).orElseThrow();
        }
        return csv(Files.readString(newest.resolve("reconciliation.csv")));
    }

    private static Map<String, MediaTypeCount> countsOf(List<List<String>> reconciliation) {
        List<String> header = reconciliation.get(0);
        int type = header.indexOf("media_type");
        int state = header.indexOf("state");
        int recording = header.indexOf("recording_id");
        assertEquals(header.size() - 1, type, "media_type is the last column: " + header);
        Map<String, MediaTypeCount> counts = new TreeMap<>();
        for (List<String> row : reconciliation.subList(1, reconciliation.size())) {
            assertNotNull(row.get(type));
            if (!row.get(recording).isEmpty()) {
                MediaTypeCount.add(counts, row.get(type), row.get(state));
            }
        }
        return counts;
    }

    /** RFC 4180: fields in double quotes may hold commas, doubled quotes and line breaks. */
    private static List<List<String>> csv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }
}
