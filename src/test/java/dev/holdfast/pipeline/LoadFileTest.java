package dev.holdfast.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.cli.Holdfast;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.Scenario;
import dev.holdfast.testsupport.Destinations;
import dev.holdfast.testsupport.Exporter;
import dev.holdfast.testsupport.FolderCopy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The load files of an export against the sandbox, read back with a parser of this test's own (not the writer's):
 * row for row the bag's manifest, with each file's MD5, SHA-1 and SHA-256, and agent and queue names holding þ, ®,
 * the byte 0x14, quotes and line breaks carried through; the annotations the sandbox serves are in the sidecars;
 * and {@code verify} exits 4 naming the file when a load file row is altered or a sidecar's link is broken.
 */
class LoadFileTest {

    private static final String ANN = "Ann \u00feorn \"Annie\"";
    private static final String BOB = "Bob\u0014Tab";
    private static final String CLEO = "Cleo\r\nNew line \u00ae";
    private static final String QUEUE = "Claims \u00fe\u00fe \"Q\"\nsecond line";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    private static Path pristine;
    private static Map<String, String> settings;

    @BeforeAll
    static void export() throws Exception {
        Scenario scenario = Scenario.builder(41).conversations(40)
                .agentNames(List.of(ANN, BOB, CLEO)).queueNames(List.of(QUEUE)).build();
        try (GenesysSandbox sandbox = GenesysSandbox.start(scenario, "127.0.0.1", 0)) {
            pristine = work.resolve("export");
            settings = Exporter.settingsFor(sandbox, work);
            settings.putAll(Destinations.folder(pristine));
            try (Exporter exporter = Exporter.start(settings)) {
                exporter.exportUntilSettled(exporter.defaultWindow(), Duration.ofMinutes(3));
            }
        }
    }

    @Test
    void loadfile_dat_parses_back_row_for_row_to_the_manifest_with_every_files_three_hashes() throws Exception {
        int rows = 0;
        int reviewRows = 0;
        for (Path bag : bags(pristine)) {
            byte[] dat = Files.readAllBytes(bag.resolve("loadfile.dat"));
            assertArrayEquals(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, java.util.Arrays.copyOf(dat, 3), "UTF-8 with a BOM");
            List<List<String>> parsed = parse(new String(dat, 3, dat.length - 3, StandardCharsets.UTF_8), '\u00fe', '\u0014');
            List<String> header = parsed.get(0);
            assertEquals(List.of("ControlNumber", "FamilyId", "ParentControlNumber", "NativePath", "FileName", "FileExt",
                    "MediaType", "DateTimeStart", "DurationSeconds", "From", "To", "Participants", "Custodians", "Queue",
                    "ConversationId", "RecordingId", "HoldAttribute", "MD5", "SHA1", "SHA256"), header);
            List<String[]> manifest = Files.readAllLines(bag.resolve("manifest-sha256.txt")).stream()
                    .map(line -> line.split(" {2}", 2)).toList();
            assertEquals(manifest.size(), parsed.size() - 1, bag + ": one row per manifest line");
            for (int i = 0; i < manifest.size(); i++) {
                List<String> row = parsed.get(i + 1);
                String path = manifest.get(i)[1];
                byte[] bytes = Files.readAllBytes(bag.resolve(path));
                assertEquals(path, field(header, row, "NativePath"));
                assertEquals(manifest.get(i)[0], field(header, row, "SHA256"));
                assertEquals(hex("SHA-256", bytes), field(header, row, "SHA256"));
                // every row, a review copy's too: the MD5 and SHA-1 of the bytes at the destination
                assertEquals(hex("MD5", bytes), field(header, row, "MD5"), path);
                assertEquals(hex("SHA-1", bytes), field(header, row, "SHA1"), path);
                if (!path.contains(".original.") && !path.endsWith(".json") && manifestHasOriginalOf(manifest, path)) {
                    // a review copy beside its original points at it
                    String original = path.substring(path.lastIndexOf('/') + 1, path.lastIndexOf('.')) + ".original.";
                    assertTrue(field(header, row, "ParentControlNumber").startsWith(original), row.toString());
                    reviewRows++;
                }
                String name = path.substring(path.lastIndexOf('/') + 1);
                String conversation = path.split("/")[2];
                assertEquals(name, field(header, row, "FileName"));
                assertEquals(name, field(header, row, "ControlNumber"));
                assertEquals(conversation, field(header, row, "FamilyId"));
                assertEquals(conversation, field(header, row, "ConversationId"));
                assertEquals(name.substring(0, name.indexOf('.')), field(header, row, "RecordingId"));
                assertTrue(field(header, row, "DateTimeStart").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), row.toString());
                assertEquals("legal_hold=true", field(header, row, "HoldAttribute"));
                assertTrue(field(header, row, "From").startsWith("tel:+"), row.toString());
                // the conversation record names the queue; analytics alone (older windows) gives its id
                String queueId = java.util.UUID.nameUUIDFromBytes(QUEUE.getBytes(StandardCharsets.UTF_8)).toString();
                assertTrue(List.of(QUEUE.replace("\n", "\u00ae"), queueId).contains(field(header, row, "Queue")), row.toString());
                assertFalse(field(header, row, "MediaType").isEmpty(), row.toString());
                rows++;
            }
            // the CSV holds the same rows, every value exact where the .dat writes a line break as ®
            List<List<String>> csv = parse(Files.readString(bag.resolve("loadfile.csv")), '"', ',');
            assertEquals(parsed.size(), csv.size());
            for (int i = 0; i < csv.size(); i++) {
                List<String> asDat = csv.get(i).stream().map(v -> v.replaceAll("\r\n|\r|\n", "\u00ae")).toList();
                assertEquals(parsed.get(i), asDat);
            }
            String tagManifest = Files.readString(bag.resolve("tagmanifest-sha256.txt"));
            assertTrue(tagManifest.contains(hex("SHA-256", dat) + "  loadfile.dat\n"), tagManifest);
            assertTrue(tagManifest.contains(hex("SHA-256", Files.readAllBytes(bag.resolve("loadfile.csv"))) + "  loadfile.csv\n"));
        }
        assertTrue(rows > 20, "rows read: " + rows);
        assertTrue(reviewRows > 0, "review copies beside their originals: " + reviewRows);
        String all = "";
        for (Path bag : bags(pristine)) {
            all += Files.readString(bag.resolve("loadfile.dat"));
        }
        // a line break inside a value is ®, a þ is doubled inside its quotes, the byte 0x14 and quotes stay
        assertTrue(all.contains("Ann \u00fe\u00feorn \"Annie\" ("), "þ doubled, quotes kept");
        assertTrue(all.contains("Bob\u0014Tab ("), "0x14 inside a quoted value");
        assertTrue(all.contains("Cleo\u00aeNew line \u00ae ("), "CRLF as ®");
    }

    @Test
    void the_sidecars_hold_the_pauses_and_holds_the_sandbox_serves_each_placed_in_the_conversation() throws Exception {
        int annotations = 0;
        try (Stream<Path> files = Files.walk(pristine)) {
            for (Path sidecar : files.filter(p -> p.getFileName().toString().matches("[0-9a-f-]{36}\\.json")).toList()) {
                JsonNode root = JSON.readTree(sidecar.toFile());
                assertTrue(root.path("md5").asText().matches("[0-9a-f]{32}"), sidecar.toString());
                assertTrue(root.path("sha1").asText().matches("[0-9a-f]{40}"), sidecar.toString());
                for (JsonNode a : root.path("annotations")) {
                    if (!root.at("/recording/startTime").isTextual()) {
                        // known gap: an original's sidecar written from the batch answer may quote no startTime
                        assertTrue(a.path("durationMs").asLong() > 0, a.toString());
                        annotations++;
                        continue;
                    }
                    long offset = Instant.parse(root.at("/recording/startTime").asText()).toEpochMilli()
                            - Instant.parse(root.at("/conversation/start").asText()).toEpochMilli();
                    assertTrue(a.path("durationMs").asLong() > 0, a.toString());
                    assertEquals(a.path("recordingLocation").asLong() + offset, a.path("absoluteLocation").asLong(), a.toString());
                    assertTrue(a.path("location").isNumber(), a.toString());
                    annotations++;
                }
            }
        }
        assertTrue(annotations > 3, "annotations in sidecars: " + annotations);
    }

    @Test
    void verify_names_loadfile_dat_when_a_row_is_altered() throws Exception {
        Path copy = FolderCopy.of(pristine, work.resolve("altered-row"));
        Path dat = bags(copy).get(0).resolve("loadfile.dat");
        String text = Files.readString(dat);
        Files.writeString(dat, text.replaceFirst("legal_hold=true", "legal_hold=false"));
        Result result = verify(copy, settings.get("holdfast.db.url"));
        assertEquals(4, result.code(), result.out());
        assertTrue(result.out().contains(copy.relativize(dat).toString()), result.out());
    }

    @Test
    void verify_names_loadfile_dat_when_a_row_is_altered_and_the_tag_manifest_rewritten_to_match() throws Exception {
        Path copy = FolderCopy.of(pristine, work.resolve("altered-and-resealed"));
        Path bag = bags(copy).get(0);
        Path dat = bag.resolve("loadfile.dat");
        byte[] before = Files.readAllBytes(dat);
        Files.writeString(dat, Files.readString(dat).replaceFirst("legal_hold=true", "legal_hold=false"));
        rehash(bag.resolve("tagmanifest-sha256.txt"), before, Files.readAllBytes(dat));
        Result result = verify(copy, "jdbc:h2:file:" + work.resolve("empty-ledger-1").toAbsolutePath());
        assertEquals(4, result.code(), result.out());
        assertTrue(result.out().contains(copy.relativize(dat) + ": row "), result.out());
    }

    @Test
    void verify_names_loadfile_dat_when_a_review_copys_md5_is_altered_and_the_tag_manifest_rewritten_to_match() throws Exception {
        Path copy = FolderCopy.of(pristine, work.resolve("altered-review-md5"));
        Path review = null;
        Path bag = null;
        for (Path candidate : bags(copy)) {
            try (Stream<Path> files = Files.walk(candidate.resolve("data"))) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    String name = file.getFileName().toString();
                    String stem = name.substring(0, name.indexOf('.'));
                    boolean hasOriginal;
                    try (Stream<Path> siblings = Files.list(file.getParent())) {
                        hasOriginal = siblings.anyMatch(s -> s.getFileName().toString().startsWith(stem + ".original."));
                    }
                    if (review == null && !name.contains(".original.") && !name.endsWith(".json") && hasOriginal) {
                        review = file;
                        bag = candidate;
                    }
                }
            }
        }
        assertTrue(review != null, "a review copy beside its original");
        Path dat = bag.resolve("loadfile.dat");
        byte[] before = Files.readAllBytes(dat);
        String md5 = hex("MD5", Files.readAllBytes(review));
        String text = Files.readString(dat);
        assertTrue(text.contains(md5), "the review copy's row holds its MD5: " + review);
        // same length: only the review copy's MD5 is wrong; the tag manifest re-hashed as an insider would
        Files.writeString(dat, text.replace(md5, (md5.charAt(0) == '0' ? "1" : "0") + md5.substring(1)));
        rehash(bag.resolve("tagmanifest-sha256.txt"), before, Files.readAllBytes(dat));
        Result result = verify(copy, "jdbc:h2:file:" + work.resolve("empty-ledger-3").toAbsolutePath());
        assertEquals(4, result.code(), result.out());
        assertTrue(result.out().contains(copy.relativize(dat) + ": row "), result.out());
    }

    @Test
    void verify_names_the_sidecar_whose_link_is_broken() throws Exception {
        Path copy = FolderCopy.of(pristine, work.resolve("broken-link"));
        Path bag = bags(copy).get(0);
        Path sidecar;
        try (Stream<Path> files = Files.walk(bag)) {
            sidecar = files.filter(p -> p.getFileName().toString().matches("[0-9a-f-]{36}\\.json")).sorted().findFirst().orElseThrow();
        }
        byte[] before = Files.readAllBytes(sidecar);
        String text = new String(before, StandardCharsets.UTF_8);
        String sha = JSON.readTree(text).path("sha256").asText();
        // same length: the Payload-Oxum stays right, only the link is wrong; manifest and tag manifest re-hashed
        byte[] after = text.replace(sha, "0".repeat(64)).getBytes(StandardCharsets.UTF_8);
        Files.write(sidecar, after);
        Path manifest = bag.resolve("manifest-sha256.txt");
        byte[] manifestBefore = Files.readAllBytes(manifest);
        rehash(manifest, before, after);
        rehash(bag.resolve("tagmanifest-sha256.txt"), manifestBefore, Files.readAllBytes(manifest));
        Result result = verify(copy, "jdbc:h2:file:" + work.resolve("empty-ledger-2").toAbsolutePath());
        assertEquals(4, result.code(), result.out());
        assertTrue(result.out().contains(copy.relativize(sidecar) + ": broken link"), result.out());
    }

    /** This test's own reader of a quoted, separated file: a doubled quote is one, rows end with CRLF. */
    private static List<List<String>> parse(String text, char quote, char separator) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder value = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == quote && i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    value.append(quote);
                    i++;
                } else if (c == quote) {
                    quoted = false;
                } else {
                    value.append(c);
                }
            } else if (c == quote) {
                quoted = true;
            } else if (c == separator) {
                row.add(value.toString());
                value.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                row.add(value.toString());
                value.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                throw new AssertionError("unquoted character " + (int) c + " at " + i);
            }
        }
        assertFalse(quoted, "a quote left open");
        assertTrue(row.isEmpty() && value.isEmpty(), "the last row ends with CRLF");
        return rows;
    }

    private static String field(List<String> header, List<String> row, String name) {
        return row.get(header.indexOf(name));
    }

    private static void rehash(Path manifest, byte[] before, byte[] after) throws Exception {
        String text = Files.readString(manifest);
        String old = hex("SHA-256", before);
        assertTrue(text.contains(old), manifest.toString());
        Files.writeString(manifest, text.replace(old, hex("SHA-256", after)));
    }

    private static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }

    private record Result(int code, String out) {
    }

    private static Result verify(Path destination, String dbUrl) {
        List<String> args = List.of("verify", "--holdfast.destination=file", "--holdfast.file.dir=" + destination,
                "--holdfast.db.url=" + dbUrl);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Holdfast.execute(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8)).code();
        return new Result(code, out.toString(StandardCharsets.UTF_8));
    }

    private static List<Path> bags(Path root) throws IOException {
        try (Stream<Path> files = Files.list(root)) {
            return files.filter(p -> p.getFileName().toString().startsWith("holdfast-")).sorted().toList();
        }
    }

    /** Whether the bag also holds the stored original of this review copy's recording. */
    private static boolean manifestHasOriginalOf(List<String[]> manifest, String path) {
        String stem = path.substring(0, path.lastIndexOf('.')) + ".original.";
        return manifest.stream().anyMatch(line -> line[1].startsWith(stem));
    }
}
