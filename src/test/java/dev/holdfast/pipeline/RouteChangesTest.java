package dev.holdfast.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.config.ExitCode;
import dev.holdfast.deliver.KeyBuilder;
import dev.holdfast.discover.Window;
import dev.holdfast.integrity.Sha256;
import dev.holdfast.ledger.LedgerFile;
import dev.holdfast.ledger.LedgerRow;
import dev.holdfast.ledger.RecordingState;
import dev.holdfast.run.RunSummary;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.HeldRecording;
import dev.holdfast.sandbox.Scenario;
import dev.holdfast.testsupport.DestinationView;
import dev.holdfast.testsupport.Destinations;
import dev.holdfast.testsupport.Exporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's route changes, made as an integration team makes them (a copy of {@code routes/} with one route
 * edited, named by {@code holdfast.routes}), at the default settings: what a rule drops ends excluded and the run
 * settles; further copies get media alone, and their failure never fails a delivery.
 */
class RouteChangesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void a_filter_in_select_settles_with_exit_0_and_the_dropped_recordings_are_excluded() throws Exception {
        assertScreensExcluded(routesWith("select.camel.yaml", """
                        - to: direct:resolve
                """, """
                        # our rule: no screen recordings
                        - filter:
                            expression:
                              simple: "${body.recording.mediaSubtype} != 'Screen'"
                            steps:
                              - to: direct:resolve
                """));
    }

    @Test
    void a_stop_in_select_settles_too() throws Exception {
        assertScreensExcluded(routesWith("select.camel.yaml", """
                        - to: direct:resolve
                """, """
                        - choice:
                            when:
                              - expression:
                                  simple: "${body.recording.mediaSubtype} == 'Screen'"
                                steps:
                                  - stop: {}
                        - to: direct:resolve
                """));
    }

    private void assertScreensExcluded(Path routes) throws Exception {
        try (GenesysSandbox sandbox = GenesysSandbox.start(scenario(), "127.0.0.1", 0)) {
            List<HeldRecording> screens = sandbox.groundTruth().held().stream()
                    .filter(r -> r.exportable() && "Screen".equals(r.mediaSubtype())).toList();
            assertFalse(screens.isEmpty(), "the scenario holds screen recordings");
            Path export = work.resolve("export");
            try (Exporter exporter = Exporter.start(settings(sandbox, export, routes))) {
                Window window = exporter.defaultWindow();

                RunSummary last = exporter.exportUntilSettled(window, Duration.ofMinutes(2));

                assertEquals(ExitCode.COMPLETE, last.exitCode(), last.render());
                for (HeldRecording screen : screens) {
                    LedgerRow row = exporter.ledger().row(screen.conversationId(), screen.recordingId()).orElseThrow();
                    assertEquals(RecordingState.TERMINAL, row.state());
                    assertEquals("excluded:select", row.reason());
                }
                String csv = new String(DestinationView.folder(export).read("holdfast-" + last.runId() + "/reconciliation.csv"),
                        StandardCharsets.UTF_8);
                long excludedRows = csv.lines().filter(line -> line.contains(",terminal,excluded:select,")).count();
                assertEquals(screens.size(), excludedRows, csv);
                for (HeldRecording screen : screens) {
                    assertEquals(1, exporter.ledger().custodyOfConversation(screen.conversationId(), "terminal").stream()
                            .filter(e -> screen.recordingId().equals(e.recordingId()))
                            .filter(e -> e.detailsJson().contains("excluded:select")).count());
                }
                // and nothing else was lost: every other exportable recording is delivered
                List<HeldRecording> others = sandbox.groundTruth().held().stream().filter(HeldRecording::exportable)
                        .filter(r -> !"Screen".equals(r.mediaSubtype())).toList();
                for (HeldRecording r : others) {
                    assertEquals(RecordingState.DELIVERED, exporter.ledger().row(r.conversationId(), r.recordingId())
                            .map(LedgerRow::state).orElse(null), r.recordingId());
                }
            }
        }
    }

    @Test
    void the_review_share_copy_receives_media_only() throws Exception {
        Path share = work.resolve("review-share");
        Path routes = routesWith("copies.camel.yaml", """
                        - log:
                            loggingLevel: DEBUG
                            message: "no further copies of ${header.HoldfastKey}"
                """, """
                        - to:
                            uri: "file:%s"
                            parameters:
                              fileName: "${header.HoldfastKey}"
                              tempFileName: "${file:onlyname}.part"
                              fileExist: Ignore
                              autoCreate: true
                """.formatted(share.toAbsolutePath()));
        try (GenesysSandbox sandbox = GenesysSandbox.start(scenario(), "127.0.0.1", 0)) {
            Path export = work.resolve("export");
            try (Exporter exporter = Exporter.start(settings(sandbox, export, routes))) {
                RunSummary last = exporter.exportUntilSettled(exporter.defaultWindow(), Duration.ofMinutes(2));

                assertEquals(ExitCode.COMPLETE, last.exitCode(), last.render());
                Map<String, String> copied = sha256Under(share);
                Map<String, String> media = new TreeMap<>();
                for (LedgerRow row : exporter.ledger().delivered()) {
                    media.put(row.destinationKey(), row.sha256());
                }
                // the review copies beside the originals are media too
                for (LedgerFile file : exporter.ledger().confirmedFiles()) {
                    media.put(file.key(), file.sha256());
                }
                assertFalse(media.isEmpty());
                // exactly the media, byte for byte: no sidecar, no tag file of a bag
                assertEquals(media, copied);
            }
        }
    }

    @Test
    void a_failing_copy_never_fails_the_delivery_or_the_seal() throws Exception {
        Path routes = routesWith("copies.camel.yaml", """
                        - log:
                            loggingLevel: DEBUG
                            message: "no further copies of ${header.HoldfastKey}"
                """, """
                        - throwException:
                            exceptionType: java.io.IOException
                            message: "the review share is full"
                """);
        try (GenesysSandbox sandbox = GenesysSandbox.start(scenario(), "127.0.0.1", 0)) {
            Path export = work.resolve("export");
            try (Exporter exporter = Exporter.start(settings(sandbox, export, routes))) {
                RunSummary last = exporter.exportUntilSettled(exporter.defaultWindow(), Duration.ofMinutes(2));

                assertEquals(ExitCode.COMPLETE, last.exitCode(), last.render());
                ExportExpectations.assertDeliveredExactly(sandbox, exporter, DestinationView.folder(export));
                assertTrue(Files.exists(export.resolve("holdfast-" + exporter.runs().get(0).runId())
                        .resolve("tagmanifest-sha256.txt")), "the first run's bag is sealed");
            }
        }
    }

    @Test
    void the_format_asked_of_genesys_is_changed_in_yaml_alone() throws Exception {
        // the README's example: Opus instead of WAV, by the formatId of the recordings calls, no Java and no setting
        Path routes = routesWith("genesys.camel.yaml", """
                              formatId: "{{holdfast.format}}"
                """, """
                              formatId: OGG_OPUS
                """);
        try (GenesysSandbox sandbox = GenesysSandbox.start(scenario(), "127.0.0.1", 0)) {
            Path export = work.resolve("export");
            try (Exporter exporter = Exporter.start(settings(sandbox, export, routes))) {
                RunSummary last = exporter.exportUntilSettled(exporter.defaultWindow(), Duration.ofMinutes(2));

                assertEquals(ExitCode.COMPLETE, last.exitCode(), last.render());
                // the sandbox serves Ogg/Opus on a media URL only to a list that asked for OGG_OPUS (WAV otherwise);
                // that file is the review copy beside the original (screen recordings are video: WEBM whatever the format)
                List<LedgerFile> reviewCopies = exporter.ledger().confirmedFiles().stream()
                        .filter(f -> LedgerFile.REVIEW.equals(f.role()))
                        .filter(f -> !f.contentType().startsWith("video/")).toList();
                assertFalse(reviewCopies.isEmpty(), "audio review copies were fetched by their media URL");
                DestinationView folder = DestinationView.folder(export);
                int ogg = 0;
                for (LedgerFile row : reviewCopies) {
                    assertEquals("audio/ogg", row.contentType(), row.key());
                    assertTrue(row.key().endsWith(".ogg"), row.key());
                    byte[] bytes = folder.read(row.key());
                    assertEquals("OggS", new String(bytes, 0, 4, StandardCharsets.US_ASCII), row.key());
                    assertEquals(row.sha256(), Sha256.of(bytes));
                    // the sidecar says what was asked and what came, not what holdfast.format (WAV) would have asked:
                    // it is the recording's, beside its own key (the original's, the review copy named in its files)
                    LedgerRow recording = exporter.ledger().row(row.conversationId(), row.recordingId()).orElseThrow();
                    JsonNode sidecar = JSON.readTree(folder.read(KeyBuilder.sidecarKeyOf(recording.destinationKey())));
                    assertEquals("OGG_OPUS", sidecar.path("formatRequested").asText(), row.key() + ": " + sidecar);
                    String name = row.key().substring(row.key().lastIndexOf('/') + 1);
                    JsonNode entry = null;
                    for (JsonNode file : sidecar.path("files")) {
                        if (file.path("path").asText().endsWith("/" + name)) {
                            entry = file;
                        }
                    }
                    if (recording.destinationKey().equals(row.key())) {
                        // the review copy is the recording's own file: the sidecar's own fields describe it
                        assertEquals("OGG_OPUS", sidecar.path("formatDelivered").asText(), sidecar.toString());
                    } else {
                        assertTrue(entry != null, row.key() + " is named in its original's sidecar: " + sidecar);
                        assertEquals("OGG_OPUS", entry.path("formatDelivered").asText(), entry.toString());
                        assertEquals(LedgerFile.REVIEW, entry.path("role").asText(), entry.toString());
                        ogg++;
                    }
                }
                assertTrue(ogg > 0, "Ogg review copies named in their originals' sidecars: " + ogg);
            }
        }
    }

    private static Scenario scenario() {
        // transfers bring screen recordings (three in ten); the rest of the field's faults as by default
        return Scenario.builder(53).conversations(40).transferShare(0.6).build();
    }

    private Map<String, String> settings(GenesysSandbox sandbox, Path export, Path routes) {
        Map<String, String> settings = Exporter.settingsFor(sandbox, work);
        settings.putAll(Destinations.folder(export));
        settings.put("holdfast.routes", routes.toString());
        return settings;
    }

    /** A copy of the shipped routes with one edit, as an integration team makes it. */
    private Path routesWith(String file, String original, String replacement) throws IOException {
        Path routes = Files.createDirectories(work.resolve("routes"));
        try (Stream<Path> shipped = Files.list(Path.of("routes"))) {
            for (Path route : shipped.toList()) {
                Files.copy(route, routes.resolve(route.getFileName().toString()));
            }
        }
        Path edited = routes.resolve(file);
        String text = Files.readString(edited);
        assertTrue(text.contains(original), "the shipped " + file + " has the step the README changes");
        Files.writeString(edited, text.replace(original, replacement));
        return routes;
    }

    private static Map<String, String> sha256Under(Path root) throws IOException {
        Map<String, String> hashes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile).forEach(f -> {
                try {
                    hashes.put(root.relativize(f).toString().replace('\\', '/'), Sha256.of(Files.readAllBytes(f)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return hashes;
    }
}
