package dev.holdfast.pipeline;

import dev.holdfast.cli.Holdfast;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.Scenario;
import dev.holdfast.testsupport.Destinations;
import dev.holdfast.testsupport.Exporter;
import dev.holdfast.testsupport.FolderCopy;
import dev.holdfast.testsupport.LocBagit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code verify} on what the pipeline really wrote: 0 on an intact export (whose bags an independent BagIt
 * validator accepts too), 4 naming the file after each kind of tampering.
 */
class VerifyCommandTest {

    @TempDir
    static Path work;
    private static Path pristine;
    private static Map<String, String> settings;

    @BeforeAll
    static void export() throws Exception {
        try (GenesysSandbox sandbox = GenesysSandbox.start(Scenario.builder(31).conversations(40).build(), "127.0.0.1", 0)) {
            pristine = work.resolve("export");
            settings = Exporter.settingsFor(sandbox, work);
            settings.putAll(Destinations.folder(pristine));
            try (Exporter exporter = Exporter.start(settings)) {
                exporter.exportUntilSettled(exporter.defaultWindow(), Duration.ofMinutes(3));
            }
        }
    }

    @Test
    void an_intact_export_verifies_and_every_bag_is_valid_for_an_independent_validator() throws Exception {
        Result result = verify(pristine);
        assertEquals(0, result.code(), result.out());
        List<Path> bags = bags(pristine);
        assertFalse(bags.isEmpty());
        for (Path bag : bags) {
            LocBagit.validate(bag);
        }
    }

    @Test
    void one_flipped_byte_of_one_recording_is_found() throws Exception {
        Path copy = copy("flipped");
        Path wav = first(copy, ".wav");
        byte[] bytes = Files.readAllBytes(wav);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(wav, bytes);
        assertNamed(verify(copy), copy.relativize(wav));
    }

    @Test
    void a_deleted_manifest_line_is_found() throws Exception {
        Path copy = copy("manifest");
        Path manifest = first(copy, "manifest-sha256.txt");
        List<String> lines = new ArrayList<>(Files.readAllLines(manifest));
        String removed = lines.remove(0);
        Files.write(manifest, lines);
        Result result = verify(copy);
        assertEquals(4, result.code(), result.out());
        assertTrue(result.out().contains(removed.split("\\s+", 2)[1].trim()) || result.out().contains("manifest-sha256.txt"), result.out());
    }

    @Test
    void an_edited_custody_line_is_found() throws Exception {
        Path copy = copy("custody");
        Path custody = first(copy, "custody.jsonl");
        String text = Files.readString(custody);
        Files.writeString(custody, text.replaceFirst("\"event\":\"[a-z]+\"", "\"event\":\"nothing-happened\""));
        assertNamed(verify(copy), copy.relativize(custody));
    }

    @Test
    void a_removed_payload_file_is_found() throws Exception {
        Path copy = copy("removed");
        Path wav = first(copy, ".wav");
        Files.delete(wav);
        assertNamed(verify(copy), copy.relativize(wav));
    }

    private static void assertNamed(Result result, Path file) {
        assertEquals(4, result.code(), result.out());
        assertTrue(result.out().contains(file.toString().replace('\\', '/')), "names " + file + ":\n" + result.out());
    }

    private record Result(int code, String out) {
    }

    private static Result verify(Path destination) {
        List<String> args = new ArrayList<>(List.of("verify", "--holdfast.destination=file",
                "--holdfast.file.dir=" + destination, "--holdfast.db.url=" + settings.get("holdfast.db.url")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Holdfast.execute(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8)).code();
        return new Result(code, out.toString(StandardCharsets.UTF_8));
    }

    private static Path copy(String name) throws IOException {
        return FolderCopy.of(pristine, work.resolve(name));
    }

    private static Path first(Path root, String suffix) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(suffix)).sorted().findFirst().orElseThrow();
        }
    }

    private static List<Path> bags(Path root) throws IOException {
        try (Stream<Path> files = Files.list(root)) {
            return files.filter(p -> p.getFileName().toString().startsWith("holdfast-")).sorted().toList();
        }
    }
}
