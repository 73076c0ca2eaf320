package dev.holdfast.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.holdfast.cli.Holdfast;
import dev.holdfast.custody.CustodyChain;
import dev.holdfast.discover.Window;
import dev.holdfast.integrity.Sha256;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.Scenario;
import dev.holdfast.testsupport.Destinations;
import dev.holdfast.testsupport.Exporter;
import dev.holdfast.testsupport.FolderCopy;
import dev.holdfast.testsupport.TestTsa;
import org.bouncycastle.tsp.TimeStampResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Trusted timestamps end to end: a real TSA on loopback (Bouncy Castle, its own test CA) timestamps every bag the
 * pipeline seals; {@code verify} proves each bag's time offline; a third party checks a bag with sha256sum and
 * openssl alone; and an insider who rewrites a sealed bag completely (recording, manifests, custody chain, ledger)
 * is caught by the timestamp, as are a bag missing from the chain and a token from a TSA nobody trusts.
 */
class TrustedTimestampTest {

    private static final String TSR = "tagmanifest-sha256.txt.tsr";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    private static TestTsa tsa;
    private static Path ca;
    private static Path pristine;
    private static Map<String, String> settings;
    /** The bags in the order of the custody chain (the first links to the start of the chain). */
    private static List<String> chain;

    @BeforeAll
    static void export() throws Exception {
        tsa = TestTsa.start("Holdfast Test");
        ca = tsa.writeCa(work.resolve("ca.pem"));
        try (GenesysSandbox sandbox = GenesysSandbox.start(Scenario.builder(47).conversations(30).build(), "127.0.0.1", 0)) {
            pristine = work.resolve("export");
            settings = Exporter.settingsFor(sandbox, work);
            settings.putAll(Destinations.folder(pristine));
            settings.put("holdfast.tsa.url", tsa.url());
            try (Exporter exporter = Exporter.start(settings)) {
                // two halves of the window, one after the other: at least two bags, the second chaining the first's token
                Window all = exporter.defaultWindow();
                Instant middle = all.from().plus(Duration.between(all.from(), all.to()).dividedBy(2));
                exporter.exportUntilSettled(new Window(all.from(), middle), Duration.ofMinutes(3));
                exporter.exportUntilSettled(new Window(middle, all.to()), Duration.ofMinutes(3));
            }
        }
        chain = chainOrder(pristine);
    }

    @AfterAll
    static void stop() {
        tsa.close();
    }

    @Test
    void every_bag_is_timestamped_by_the_tsa_and_verify_proves_each_bags_time() throws Exception {
        assertTrue(chain.size() >= 2, "bags: " + chain);
        assertTrue(tsa.granted() >= chain.size(), "tokens granted: " + tsa.granted());
        Result result = verify(pristine, true);
        assertEquals(0, result.code(), result.out());
        for (int i = 0; i < chain.size(); i++) {
            String bag = chain.get(i);
            byte[] token = Files.readAllBytes(pristine.resolve(bag).resolve(TSR));
            Instant genTime = new TimeStampResponse(token).getTimeStampToken().getTimeStampInfo().getGenTime().toInstant();
            assertTrue(result.out().contains("verify: " + bag + " existed as sealed no later than " + genTime),
                    bag + " at " + genTime + ":\n" + result.out());
            if (i > 0) {
                // the previous bag's token is fixed by this bag's custody log, sealed and timestamped in turn
                String first = CustodyChain.split(Files.readString(pristine.resolve(bag).resolve("custody.jsonl"))).get(0);
                assertEquals("timestamped", CustodyChain.field(first, "event"), first);
                assertEquals(chain.get(i - 1), CustodyChain.field(first, "bag"), first);
                assertEquals(Sha256.of(Files.readAllBytes(pristine.resolve(chain.get(i - 1)).resolve(TSR))),
                        CustodyChain.field(first, "tokenSha256"), first);
            }
        }
    }

    @Test
    void a_third_party_checks_each_bag_with_sha256sum_and_openssl_alone() throws Exception {
        for (String bag : chain) {
            Path dir = pristine.resolve(bag);
            // the commands of the README's walk-through, exactly
            assertEquals(0, run(dir, "sha256sum", "-c", "manifest-sha256.txt").code());
            assertEquals(0, run(dir, "sha256sum", "-c", "tagmanifest-sha256.txt").code());
            Result openssl = run(dir, "openssl", "ts", "-verify", "-in", TSR, "-data", "tagmanifest-sha256.txt",
                    "-CAfile", ca.toString());
            assertEquals(0, openssl.code(), openssl.out());
            assertTrue(openssl.out().contains("Verification: OK"), openssl.out());
            Result shown = run(dir, "openssl", "ts", "-reply", "-in", TSR, "-text");
            assertEquals(0, shown.code(), shown.out());
            assertTrue(shown.out().contains("Time stamp: "), shown.out());
        }
        // the same check fails on a tag manifest that is not the one timestamped
        Path copy = copy("openssl-altered");
        Path tagManifest = copy.resolve(chain.get(0)).resolve("tagmanifest-sha256.txt");
        Files.writeString(tagManifest, Files.readString(tagManifest).replaceFirst("^.", "0".equals(
                Files.readString(tagManifest).substring(0, 1)) ? "1" : "0"));
        Result altered = run(tagManifest.getParent(), "openssl", "ts", "-verify", "-in", TSR, "-data",
                "tagmanifest-sha256.txt", "-CAfile", ca.toString());
        assertNotEquals(0, altered.code(), altered.out());
    }

    @Test
    void an_insider_who_rewrites_a_sealed_bag_completely_is_caught_by_its_timestamp() throws Exception {
        Path copy = copy("insider");
        String dbUrl = copyLedger("insider");
        String target = chain.get(0);
        Path wav = first(copy.resolve(target), ".wav");
        Path sidecar = wav.resolveSibling(wav.getFileName().toString().replaceFirst("\\.wav$", ".json"));
        String oldSha = Sha256.of(Files.readAllBytes(wav));
        byte[] bytes = Files.readAllBytes(wav);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(wav, bytes);
        String newSha = Sha256.of(bytes);
        dev.holdfast.integrity.Digests sidecarBefore = dev.holdfast.integrity.Digests.of(Files.readAllBytes(sidecar));
        // every text that states the recording's hash: its sidecar, the custody log, the reconciliation
        try (Stream<Path> files = Files.walk(copy)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".json") || name.endsWith(".jsonl") || name.endsWith(".csv") || name.endsWith(".dat")) {
                    Files.writeString(file, Files.readString(file).replace(oldSha, newSha));
                }
            }
        }
        // the load files state the rewritten sidecar's digests too
        dev.holdfast.integrity.Digests sidecarAfter = dev.holdfast.integrity.Digests.of(Files.readAllBytes(sidecar));
        for (String loadFile : List.of("loadfile.dat", "loadfile.csv")) {
            Path file = copy.resolve(target).resolve(loadFile);
            Files.writeString(file, Files.readString(file).replace(sidecarBefore.sha256(), sidecarAfter.sha256())
                    .replace(sidecarBefore.md5(), sidecarAfter.md5()).replace(sidecarBefore.sha1(), sidecarAfter.sha1()));
        }
        // then every manifest, the custody chain across all bags, every tag manifest, as Holdfast would have
        String prev = Sha256.ZERO;
        Map<String, String> lastLines = new HashMap<>();
        for (String bag : chain) {
            Path dir = copy.resolve(bag);
            rehash(dir, "manifest-sha256.txt");
            List<String> lines = new ArrayList<>();
            for (String line : CustodyChain.split(Files.readString(dir.resolve("custody.jsonl")))) {
                ObjectNode node = (ObjectNode) JSON.readTree(line);
                node.put("prev", prev);
                lines.add(node.toString());
                prev = CustodyChain.hashOf(node.toString());
            }
            Files.writeString(dir.resolve("custody.jsonl"), CustodyChain.jsonl(lines));
            lastLines.put(bag, prev);
            rehash(dir, "tagmanifest-sha256.txt");
        }
        // and the ledger's hashes
        try (Connection db = DriverManager.getConnection(dbUrl, "sa", "")) {
            try (PreparedStatement update = db.prepareStatement(
                    "UPDATE hf_recording SET sha256 = ?, sidecar_sha256 = ? WHERE destination_key = ?")) {
                update.setString(1, newSha);
                update.setString(2, Sha256.of(Files.readAllBytes(sidecar)));
                update.setString(3, copy.relativize(wav).toString().replace('\\', '/'));
                int rows = update.executeUpdate();
                // the WAV is a review copy beside its stored original: the ledger knows it in hf_file
                try (PreparedStatement file = db.prepareStatement("UPDATE hf_file SET sha256 = ? WHERE destination_key = ?")) {
                    file.setString(1, newSha);
                    file.setString(2, copy.relativize(wav).toString().replace('\\', '/'));
                    rows += file.executeUpdate();
                }
                assertEquals(1, rows);
            }
            try (PreparedStatement update = db.prepareStatement("UPDATE hf_recording SET sidecar_sha256 = ? WHERE recording_id = ?")) {
                update.setString(1, Sha256.of(Files.readAllBytes(sidecar)));
                update.setString(2, wav.getFileName().toString().replaceFirst("\\.wav$", ""));
                assertEquals(1, update.executeUpdate());
            }
            for (Map.Entry<String, String> last : lastLines.entrySet()) {
                try (PreparedStatement update = db.prepareStatement("UPDATE hf_bag SET last_line_sha256 = ? WHERE bag = ?")) {
                    update.setString(1, last.getValue());
                    update.setString(2, last.getKey());
                    update.executeUpdate();
                }
            }
        }

        // without its timestamps, the rewritten export is consistent: manifests, chain and ledger all agree
        assertEquals(0, verify(copy, dbUrl, false).code(), verify(copy, dbUrl, false).out());
        Result result = verify(copy, dbUrl, true);
        assertEquals(4, result.code(), result.out());
        assertTrue(result.out().contains(target + "/" + TSR + ": the timestamp does not hold: its message imprint"),
                result.out());
        assertTrue(result.out().contains("does not match tagmanifest-sha256.txt"), result.out());
        for (String problem : problems(result)) {
            assertTrue(problem.startsWith("holdfast-") && problem.contains("/" + TSR + ":"), "only timestamps fail: " + problem);
        }
    }

    @Test
    void a_bag_missing_from_the_chain_is_found() throws Exception {
        Path copy = copy("missing-bag");
        deleteTree(copy.resolve(chain.get(0)));
        Result result = verify(copy, true);
        assertEquals(4, result.code(), result.out());
        assertTrue(result.out().contains(chain.get(1) + "/custody.jsonl: "), result.out());
        assertTrue(result.out().contains("records the timestamp of bag " + chain.get(0)
                + ", which is not at the destination: a bag is missing from the chain"), result.out());
    }

    @Test
    void a_token_from_a_tsa_outside_the_trust_store_is_refused() throws Exception {
        Path copy = copy("untrusted");
        String last = chain.get(chain.size() - 1);
        Path dir = copy.resolve(last);
        try (TestTsa stranger = TestTsa.start("Stranger")) {
            // a valid token over the very tag manifest, from a TSA the trust store does not know
            Files.write(dir.resolve(TSR), stranger.stamp(Files.readAllBytes(dir.resolve("tagmanifest-sha256.txt"))));
        }
        Result result = verify(copy, true);
        assertEquals(4, result.code(), result.out());
        assertTrue(result.out().contains(last + "/" + TSR + ": the timestamp does not hold: its signer CN=Stranger TSA"
                + " does not chain to a CA of the trust store"), result.out());
    }

    @Test
    void a_later_token_slipped_in_for_a_chained_one_is_found() throws Exception {
        Path copy = copy("later-token");
        String earlier = chain.get(0);
        Path dir = copy.resolve(earlier);
        // a genuine token of the trusted TSA over the very tag manifest, only later than the one the chain recorded
        Files.write(dir.resolve(TSR), tsa.stamp(Files.readAllBytes(dir.resolve("tagmanifest-sha256.txt"))));
        Result result = verify(copy, true);
        assertEquals(4, result.code(), result.out());
        assertTrue(result.out().contains(earlier + "/" + TSR + ": SHA-256 differs from the timestamped event at line 1 of "
                + chain.get(1) + "/custody.jsonl"), result.out());
        assertEquals(1, problems(result).size(), "the token itself is valid: " + result.out());
    }

    @Test
    void a_removed_token_is_found() throws Exception {
        Path copy = copy("removed-token");
        String last = chain.get(chain.size() - 1);
        Files.delete(copy.resolve(last).resolve(TSR));
        Result result = verify(copy, true);
        assertEquals(4, result.code(), result.out());
        assertTrue(result.out().contains(last + "/" + TSR + ": missing"), result.out());
    }

    // ----- helpers --------------------------------------------------------------------------------------

    private record Result(int code, String out) {
    }

    private static Result verify(Path destination, boolean withTrustStore) {
        return verify(destination, settings.get("holdfast.db.url"), withTrustStore);
    }

    private static Result verify(Path destination, String dbUrl, boolean withTrustStore) {
        List<String> args = new ArrayList<>(List.of("verify", "--holdfast.destination=file",
                "--holdfast.file.dir=" + destination, "--holdfast.db.url=" + dbUrl));
        if (withTrustStore) {
            args.add("--holdfast.tsa.trust-store=" + ca);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Holdfast.execute(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8)).code();
        return new Result(code, out.toString(StandardCharsets.UTF_8));
    }

    /** The problem lines of a verify that failed. */
    private static List<String> problems(Result result) {
        String out = result.out();
        String after = out.substring(out.indexOf("problem(s) at"));
        return after.lines().skip(1).filter(l -> !l.isBlank()).toList();
    }

    private static Result run(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command));
        return new Result(process.exitValue(), out);
    }

    /** Rewrites a manifest with the hashes of the files as they now are. */
    private static void rehash(Path bag, String manifest) throws IOException {
        StringBuilder out = new StringBuilder();
        for (String line : Files.readAllLines(bag.resolve(manifest))) {
            String path = line.split(" {2}", 2)[1];
            out.append(Sha256.of(Files.readAllBytes(bag.resolve(path)))).append("  ").append(path).append('\n');
        }
        Files.writeString(bag.resolve(manifest), out.toString());
    }

    private static List<String> chainOrder(Path root) throws IOException {
        Map<String, String> bagByFirstPrev = new HashMap<>();
        Map<String, String> lastHash = new HashMap<>();
        try (Stream<Path> bags = Files.list(root)) {
            for (Path bag : bags.filter(p -> p.getFileName().toString().startsWith("holdfast-")).toList()) {
                List<String> lines = CustodyChain.split(Files.readString(bag.resolve("custody.jsonl")));
                String name = bag.getFileName().toString();
                bagByFirstPrev.put(CustodyChain.field(lines.get(0), "prev"), name);
                lastHash.put(name, CustodyChain.hashOf(lines.get(lines.size() - 1)));
            }
        }
        List<String> order = new ArrayList<>();
        String next = bagByFirstPrev.get(Sha256.ZERO);
        while (next != null) {
            order.add(next);
            next = bagByFirstPrev.get(lastHash.get(next));
        }
        assertEquals(bagByFirstPrev.size(), order.size(), "one chain through every bag");
        assertFalse(order.isEmpty());
        return order;
    }

    private static String copyLedger(String name) throws IOException {
        Path ledger = work.resolve("ledger.mv.db");
        Path copy = work.resolve(name + "-ledger.mv.db");
        Files.copy(ledger, copy);
        return "jdbc:h2:file:" + work.resolve(name + "-ledger").toAbsolutePath();
    }

    private static Path copy(String name) throws IOException {
        return FolderCopy.of(pristine, work.resolve(name));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static Path first(Path root, String suffix) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(suffix)).sorted().findFirst().orElseThrow();
        }
    }
}
