package dev.holdfast.custody;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.deliver.KeyBuilder;
import dev.holdfast.integrity.Sha256;

import dev.holdfast.deliver.DestinationReader;
import dev.holdfast.timestamp.ProvenTime;
import dev.holdfast.timestamp.TokenCheck;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Checks every Holdfast bag at a destination, and the ledger's deliveries, by re-reading the bytes: the core of
 * {@code verify} (exit 4 on any problem).
 *
 * <p>Findings are reported once per file at fault, with everything wrong with that file in one {@link Problem}.
 * When a tag file's bytes differ from the tag manifest, what its content then says is not what the bag sealed:
 * payload findings that rest on an altered {@code manifest-sha256.txt} are reported under the manifest. An
 * off Payload-Oxum is reported only when no payload file is missing or unlisted, as it then adds nothing.
 *
 * <p>With a trust store, every bag's RFC 3161 token ({@code tagmanifest-sha256.txt.tsr}) is checked offline and
 * gives the bag's proven time; a bag without one is reported. Whether or not tokens are checked, a token whose
 * hash a later bag's custody log recorded ({@code timestamped}) must still have those bytes.
 */
public final class BagVerifier {

    private static final String BAGIT_VERSION = "BagIt-Version: 1.0";
    private static final String BAGIT_ENCODING = "Tag-File-Character-Encoding: UTF-8";
    private static final String START = "the start of the chain";

    private static final String TOKEN = BagWriter.TAGMANIFEST + ".tsr";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DestinationReader destination;
    private final TokenCheck tokens;
    private final Clock clock;

    public BagVerifier(DestinationReader destination) {
        this(destination, null, Clock.systemUTC());
    }

    /** @param tokens the check of each bag's timestamp token, or {@code null} to check none */
    public BagVerifier(DestinationReader destination, TokenCheck tokens, Clock clock) {
        this.destination = Objects.requireNonNull(destination, "destination");
        this.tokens = tokens;
        this.clock = clock;
    }

    /** What a verification found: the problems (empty when all match) and each bag's proven time. */
    public record Report(List<Problem> problems, Map<String, ProvenTime> proven) {
    }

    /** The problems of every bag at the destination; empty when all match. */
    public List<Problem> verify() throws IOException {
        return verify(List.of());
    }

    /**
     * The problems of every bag at the destination and of every delivery the ledger records; empty when all match.
     *
     * @throws IOException when the destination cannot be listed at all
     */
    public List<Problem> verify(List<ExpectedDelivery> expected) throws IOException {
        return check(expected).problems();
    }

    /** {@link #verify(List)}, with the time each bag's valid token proves. */
    public Report check(List<ExpectedDelivery> expected) throws IOException {
        Run run = new Run();
        Map<String, Set<String>> bags = new TreeMap<>();
        for (String key : destination.list("")) {
            int slash = key.indexOf('/');
            if (slash > 0 && key.startsWith(BagPaths.BAG_PREFIX)) {
                bags.computeIfAbsent(key.substring(0, slash), b -> new HashSet<>()).add(key.substring(slash + 1));
            }
        }
        List<BagLog> logs = new ArrayList<>();
        bags.forEach((bag, files) -> run.bag(bag, files).ifPresent(logs::add));
        run.links(logs);
        run.chainedTokens(logs, bags.keySet());
        for (ExpectedDelivery delivery : expected) {
            run.delivery(delivery);
        }
        return new Report(run.problems(), Map.copyOf(run.proven));
    }

    /** For people: one problem per line, path first; {@code ""} when there are none. */
    public static String render(List<Problem> problems) {
        return problems.stream().map(p -> p + "\n").collect(Collectors.joining());
    }

    /** One verification pass: the findings so far and the digests already read (each file is read once). */
    private final class Run {

        private final Map<String, List<String>> findings = new LinkedHashMap<>();
        private final Map<String, Sha256.Measured> measured = new HashMap<>();
        private final Map<String, ProvenTime> proven = new TreeMap<>();

        List<Problem> problems() {
            return findings.entrySet().stream()
                    .map(e -> new Problem(e.getKey(), String.join("; ", e.getValue())))
                    .toList();
        }

        void report(String path, String what) {
            findings.computeIfAbsent(path, p -> new ArrayList<>()).add(what);
        }

        Optional<BagLog> bag(String bag, Set<String> files) {
            // the bag's prefix: a file of the bag is at + its path inside it
            String at = KeyBuilder.bagFile(bag, "");
            for (String required : BagWriter.SEALED) {
                if (!files.contains(required)) {
                    report(at + required, "missing");
                }
            }
            if (files.contains(BagWriter.BAGIT_TXT)) {
                bagitTxt(at + BagWriter.BAGIT_TXT);
            }
            Set<String> altered = tagManifest(at, files);
            boolean payloadAccountedFor = files.contains(BagWriter.MANIFEST)
                    && manifest(at, files, altered.contains(BagWriter.MANIFEST));
            Map<String, String> info = Map.of();
            if (files.contains(BagWriter.BAG_INFO_TXT)) {
                info = bagInfo(at, files, payloadAccountedFor);
            }
            if (files.contains(BagWriter.MANIFEST) && !altered.contains(BagWriter.MANIFEST)) {
                sidecarsAndLoadFiles(at, files, info);
            }
            Optional<BagLog> log = files.contains(BagWriter.CUSTODY) ? custody(bag, info.get("Bagging-Date")) : Optional.empty();
            if (tokens != null) {
                token(bag, files, log.map(BagLog::lastTime).orElse(null));
            }
            return log;
        }

        /**
         * Each sidecar's links resolve (the media it describes is in the bag with the SHA-256 and size it states, and
         * so is every file of its {@code files} list), and the load files hold one row per payload file, each as the
         * manifest and the sidecars make it ({@link LoadFileRows}): a row altered, added or dropped is named.
         */
        private void sidecarsAndLoadFiles(String at, Set<String> files, Map<String, String> info) {
            String manifestText = text(at + BagWriter.MANIFEST);
            if (manifestText == null) {
                return;
            }
            Map<String, String> listed = new TreeMap<>();
            for (BagText.ManifestLine line : BagText.manifest(manifestText)) {
                if (line.sha256() != null && line.path().startsWith("data/")) {
                    listed.putIfAbsent(line.path(), line.sha256());
                }
            }
            List<PayloadFile> payload = new ArrayList<>();
            Map<String, byte[]> sidecars = new HashMap<>();
            for (Map.Entry<String, String> entry : listed.entrySet()) {
                Sha256.Measured m = files.contains(entry.getKey()) ? measure(at + entry.getKey()) : null;
                try {
                    payload.add(new PayloadFile(entry.getKey(), entry.getValue(), m == null ? 0 : m.size()));
                } catch (IllegalArgumentException e) {
                    continue; // a path the manifest check reported already
                }
                if (LoadFileRows.isSidecar(entry.getKey()) && files.contains(entry.getKey())) {
                    byte[] bytes = bytes(at + entry.getKey());
                    if (bytes != null) {
                        sidecars.put(entry.getKey(), bytes);
                        sidecarLinks(at, entry.getKey(), bytes, listed);
                    }
                }
            }
            boolean dat = files.contains(LoadFile.DAT);
            boolean csv = files.contains(LoadFile.CSV);
            if (!dat && !csv) {
                return; // a bag of an earlier version; a load file listed in the tag manifest and gone is reported there
            }
            String hold = info.getOrDefault("Holdfast-Hold-Attribute", "");
            List<LoadFile.Row> expected = LoadFileRows.of(payload, sidecars, hold.contains("=") ? hold.substring(0, hold.indexOf('=')) : hold);
            if (dat) {
                loadFile(at + LoadFile.DAT, expected, true);
            }
            if (csv) {
                loadFile(at + LoadFile.CSV, expected, false);
            }
        }

        private void sidecarLinks(String at, String sidecarPath, byte[] bytes, Map<String, String> listed) {
            JsonNode sidecar;
            try {
                sidecar = JSON.readTree(bytes);
            } catch (IOException e) {
                report(at + sidecarPath, "is not JSON: its links cannot be followed");
                return;
            }
            String folder = sidecarPath.substring(0, sidecarPath.lastIndexOf('/') + 1);
            String recordingId = sidecarPath.substring(folder.length(), sidecarPath.length() - ".json".length());
            String sha = sidecar.path("sha256").asText("");
            boolean described = listed.entrySet().stream().anyMatch(e -> e.getKey().startsWith(folder + recordingId + ".")
                    && !e.getKey().equals(sidecarPath) && e.getValue().equals(sha));
            if (!described) {
                report(at + sidecarPath, "broken link: no file of its recording in the bag has the SHA-256 it states (" + sha + ")");
            }
            int i = 0;
            for (JsonNode entry : sidecar.path("files")) {
                String path = entry.path("path").asText("");
                String inBag = path.startsWith("data/") ? path : folder + path.substring(path.lastIndexOf('/') + 1);
                String listedSha = listed.get(inBag);
                if (listedSha == null) {
                    report(at + sidecarPath, "broken link: files[" + i + "] names " + path + ", which is not in the bag");
                } else if (!listedSha.equals(entry.path("sha256").asText(""))) {
                    report(at + sidecarPath, "broken link: files[" + i + "] states SHA-256 " + entry.path("sha256").asText("")
                            + " for " + inBag + ", the manifest " + listedSha);
                }
                i++;
            }
        }

        private void loadFile(String key, List<LoadFile.Row> expected, boolean concordance) {
            byte[] bytes = bytes(key);
            if (bytes == null) {
                return;
            }
            List<List<String>> rows;
            try {
                String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
                rows = concordance ? LoadFile.parseDat(text) : LoadFile.parseCsv(text);
            } catch (IllegalArgumentException e) {
                report(key, "is not a load file: " + e.getMessage());
                return;
            }
            if (rows.isEmpty() || !rows.get(0).equals(LoadFile.FIELDS)) {
                report(key, "does not start with the header row " + String.join(",", LoadFile.FIELDS));
                return;
            }
            if (rows.size() - 1 != expected.size()) {
                report(key, "has " + (rows.size() - 1) + " rows for " + expected.size() + " payload files in the manifest");
            }
            for (int r = 0; r < Math.min(rows.size() - 1, expected.size()); r++) {
                List<String> found = rows.get(r + 1);
                LoadFile.Row want = expected.get(r);
                List<String> differing = new ArrayList<>();
                for (int f = 0; f < LoadFile.FIELDS.size(); f++) {
                    String value = concordance ? LoadFile.datValue(want.values().get(f)) : want.values().get(f);
                    if (f >= found.size() || !found.get(f).equals(value)) {
                        differing.add(LoadFile.FIELDS.get(f));
                    }
                }
                if (!differing.isEmpty()) {
                    report(key, "row " + (r + 1) + " (" + want.get("NativePath") + ") differs from the manifest and sidecars in "
                            + String.join(", ", differing));
                }
            }
        }

        /** The bag's token proves when its tag manifest (and so every byte it seals) existed. */
        private void token(String bag, Set<String> files, Instant lastEvent) {
            String key = KeyBuilder.bagFile(bag, TOKEN);
            if (!files.contains(BagWriter.TAGMANIFEST)) {
                return; // an incomplete bag, reported already
            }
            if (!files.contains(TOKEN)) {
                report(key, "missing: the bag has no timestamp (still pending, or removed)");
                return;
            }
            byte[] tsr = bytes(key);
            byte[] tagManifest = bytes(KeyBuilder.bagFile(bag, BagWriter.TAGMANIFEST));
            if (tsr == null || tagManifest == null) {
                return;
            }
            try {
                proven.put(bag, tokens.check(tsr, tagManifest, lastEvent, clock.instant()));
            } catch (TokenCheck.InvalidTokenException e) {
                report(key, "the timestamp does not hold: " + e.getMessage());
            }
        }

        /**
         * Each token a later bag's custody log chained ({@code timestamped}: the bag, the token's SHA-256) is
         * there with those bytes: a token replaced afterwards (a new timestamp over a rewritten bag) is caught.
         */
        void chainedTokens(List<BagLog> logs, Set<String> bags) {
            for (BagLog log : logs) {
                String custodyKey = KeyBuilder.bagFile(log.bag(), BagWriter.CUSTODY);
                for (int i = 0; i < log.lines().size(); i++) {
                    String line = log.lines().get(i);
                    if (!CustodyEvent.TIMESTAMPED.equals(CustodyChain.field(line, "event"))) {
                        continue;
                    }
                    String stamped = Objects.requireNonNullElse(CustodyChain.field(line, "bag"), "");
                    String sha = CustodyChain.field(line, "tokenSha256");
                    if (!bags.contains(stamped)) {
                        report(custodyKey, "line " + (i + 1) + " records the timestamp of bag " + stamped
                                + ", which is not at the destination: a bag is missing from the chain");
                        continue;
                    }
                    String key = KeyBuilder.bagFile(stamped, TOKEN);
                    Sha256.Measured actual;
                    try {
                        actual = destination.stat(key).isPresent() ? measure(key) : null;
                    } catch (IOException e) {
                        report(key, "cannot be read: " + e.getMessage());
                        continue;
                    }
                    if (actual == null) {
                        report(key, "missing, its SHA-256 is recorded at line " + (i + 1) + " of " + custodyKey);
                    } else if (!actual.sha256().equals(sha)) {
                        report(key, "SHA-256 differs from the timestamped event at line " + (i + 1) + " of "
                                + custodyKey + " (expected " + sha + ", found " + actual.sha256()
                                + "): the timestamp was replaced after it was chained");
                    }
                }
            }
        }

        private void bagitTxt(String key) {
            String text = text(key);
            if (text == null) {
                return;
            }
            List<String> lines = BagText.lines(text);
            if (lines.size() != 2 || !lines.get(0).equals(BAGIT_VERSION) || !lines.get(1).equals(BAGIT_ENCODING)) {
                report(key, "not a BagIt 1.0 declaration (expected '" + BAGIT_VERSION + "' and '"
                        + BAGIT_ENCODING + "' on two lines)");
            }
        }

        /** Checks the tag manifest; gives the tag files whose bytes differ from it. */
        private Set<String> tagManifest(String at, Set<String> files) {
            Set<String> altered = new HashSet<>();
            String key = at + BagWriter.TAGMANIFEST;
            if (!files.contains(BagWriter.TAGMANIFEST)) {
                report(key, "incomplete bag: " + BagWriter.TAGMANIFEST + " is missing (it is written last)");
                return altered;
            }
            String text = text(key);
            if (text == null) {
                return altered;
            }
            Set<String> listed = new HashSet<>();
            for (BagText.ManifestLine line : BagText.manifest(text)) {
                if (line.sha256() == null) {
                    report(key, "line " + line.number() + " is not '<sha256> <path>'");
                    continue;
                }
                listed.add(line.path());
                if (!files.contains(line.path())) {
                    if (!BagWriter.SEALED.contains(line.path())) {
                        report(at + line.path(), "missing, listed in " + BagWriter.TAGMANIFEST);
                    }
                    continue;
                }
                Sha256.Measured actual = measure(at + line.path());
                if (actual != null && !actual.sha256().equals(line.sha256())) {
                    altered.add(line.path());
                    report(at + line.path(), "SHA-256 differs from " + BagWriter.TAGMANIFEST + " (expected "
                            + line.sha256() + ", found " + actual.sha256() + ")");
                }
            }
            for (String file : files) {
                if (!file.startsWith("data/") && !file.startsWith("tagmanifest-") && !listed.contains(file)) {
                    report(at + file, "not sealed by " + BagWriter.TAGMANIFEST);
                }
            }
            return altered;
        }

        /** Checks the payload against the manifest; true when every payload file is present and listed. */
        private boolean manifest(String at, Set<String> files, boolean manifestAltered) {
            String key = at + BagWriter.MANIFEST;
            String text = text(key);
            if (text == null) {
                return false;
            }
            boolean accountedFor = true;
            Map<String, String> listed = new HashMap<>();
            for (BagText.ManifestLine line : BagText.manifest(text)) {
                if (line.sha256() == null) {
                    report(key, "line " + line.number() + " is not '<sha256> <path>'");
                } else if (!line.path().startsWith("data/")) {
                    report(key, "line " + line.number() + " names a file outside data/: " + line.path());
                } else if (listed.putIfAbsent(line.path(), line.sha256()) != null) {
                    report(key, "line " + line.number() + " lists " + line.path() + " a second time");
                }
            }
            for (Map.Entry<String, String> entry : new TreeMap<>(listed).entrySet()) {
                String path = entry.getKey();
                if (!files.contains(path)) {
                    accountedFor = false;
                    payload(key, at + path, manifestAltered, "missing, listed in " + BagWriter.MANIFEST);
                    continue;
                }
                Sha256.Measured actual = measure(at + path);
                if (actual != null && !actual.sha256().equals(entry.getValue())) {
                    payload(key, at + path, manifestAltered, "SHA-256 differs from " + BagWriter.MANIFEST
                            + " (expected " + entry.getValue() + ", found " + actual.sha256() + ")");
                }
            }
            for (String file : files.stream().sorted().toList()) {
                if (file.startsWith("data/") && !listed.containsKey(file)) {
                    accountedFor = false;
                    payload(key, at + file, manifestAltered, "not listed in " + BagWriter.MANIFEST);
                }
            }
            return accountedFor;
        }

        /** A payload finding, under the payload file, or under the manifest when the manifest itself was altered. */
        private void payload(String manifestKey, String payloadKey, boolean manifestAltered, String what) {
            if (manifestAltered) {
                report(manifestKey, payloadKey.substring(payloadKey.indexOf('/') + 1) + " " + what);
            } else {
                report(payloadKey, what);
            }
        }

        private Map<String, String> bagInfo(String at, Set<String> files, boolean payloadAccountedFor) {
            String key = at + BagWriter.BAG_INFO_TXT;
            String text = text(key);
            if (text == null) {
                return Map.of();
            }
            Map<String, String> labels = BagText.labels(text);
            String oxum = labels.get("Payload-Oxum");
            if (oxum == null) {
                report(key, "has no Payload-Oxum");
            } else if (payloadAccountedFor) {
                long octets = 0;
                long streams = 0;
                for (String file : files) {
                    if (file.startsWith("data/")) {
                        streams++;
                        Sha256.Measured m = measured.get(at + file);
                        octets += m == null ? 0 : m.size();
                    }
                }
                String actual = octets + "." + streams;
                if (!actual.equals(oxum)) {
                    report(key, "Payload-Oxum " + oxum + " does not match the payload (" + actual + ")");
                }
            }
            return labels;
        }

        private Optional<BagLog> custody(String bag, String baggingDate) {
            String key = KeyBuilder.bagFile(bag, BagWriter.CUSTODY);
            String text = text(key);
            if (text == null) {
                return Optional.empty();
            }
            List<String> lines = CustodyChain.split(text);
            if (lines.isEmpty()) {
                report(key, "the custody log is empty");
                return Optional.empty();
            }
            String firstPrev = CustodyChain.field(lines.get(0), "prev");
            // line 1 links to the previous bag, checked in links(); here the chain inside this bag
            for (CustodyChain.Break broken : CustodyChain.verify(lines, firstPrev == null ? "" : firstPrev)) {
                if (broken.line() > 1) {
                    report(key, "custody chain broken at " + broken.describe());
                }
            }
            if (!CustodyEvent.SUMMARY.equals(CustodyChain.field(lines.get(lines.size() - 1), "event"))) {
                report(key, "the custody log does not end with a summary event");
            }
            return Optional.of(new BagLog(bag, baggingDate == null ? "" : baggingDate,
                    Objects.requireNonNullElse(CustodyChain.field(lines.get(0), "time"), ""),
                    firstPrev, CustodyChain.lastHash(lines, firstPrev), lines,
                    instant(CustodyChain.field(lines.get(lines.size() - 1), "time"))));
        }

        /**
         * The chain across bags is one line: each bag's first line links to the start of the chain or to the last
         * line of another bag, and no two bags link to the same one (two bags sealed from the same previous bag:
         * a fork). The links decide, not the order of the bags: two nodes' runs overlap, so the bag sealed first
         * may hold the later first event. That order (bagging date, then first custody time) only names, for a
         * link to nowhere, the bag it most likely should have followed.
         */
        void links(List<BagLog> logs) {
            List<BagLog> ordered = logs.stream()
                    .sorted(Comparator.comparing(BagLog::baggingDate).thenComparing(BagLog::firstTime)
                            .thenComparing(BagLog::bag))
                    .toList();
            Map<String, BagLog> endingWith = new HashMap<>();
            ordered.forEach(log -> endingWith.putIfAbsent(log.lastHash(), log));
            Map<String, BagLog> linkedFrom = new HashMap<>();
            String expected = Sha256.ZERO;
            String after = START;
            for (BagLog log : ordered) {
                String key = KeyBuilder.bagFile(log.bag(), BagWriter.CUSTODY);
                BagLog before = endingWith.get(log.firstPrev());
                String target = Sha256.ZERO.equals(log.firstPrev()) ? START
                        : before != null && before != log ? lastLineOf(before) : null;
                if (target == null) {
                    report(key, "custody chain broken at line 1: prev expected " + expected + " (" + after
                            + "), found " + log.firstPrev());
                } else {
                    BagLog sibling = linkedFrom.putIfAbsent(log.firstPrev(), log);
                    if (sibling != null) {
                        report(key, "custody chain forks at line 1: prev " + log.firstPrev() + " (" + target
                                + ") is also the prev of line 1 of " + KeyBuilder.bagFile(sibling.bag(), BagWriter.CUSTODY)
                                + ": two bags were sealed from the same previous bag");
                    }
                }
                expected = log.lastHash();
                after = lastLineOf(log);
            }
        }

        void delivery(ExpectedDelivery delivery) throws IOException {
            Optional<DestinationReader.StoredObject> stored = destination.stat(delivery.key());
            if (stored.isEmpty()) {
                report(delivery.key(), "missing, the ledger records it delivered");
                return;
            }
            Sha256.Measured actual = measure(delivery.key());
            if (actual == null) {
                return;
            }
            if (actual.size() != delivery.size()) {
                report(delivery.key(), "size " + actual.size() + " differs from the ledger's " + delivery.size());
            }
            if (!actual.sha256().equals(delivery.sha256())) {
                report(delivery.key(), "SHA-256 differs from the ledger (expected " + delivery.sha256()
                        + ", found " + actual.sha256() + ")");
            }
        }

        /** A small file's bytes, or {@code null} (reported) when it cannot be read. */
        private byte[] bytes(String key) {
            try (InputStream in = destination.open(key)) {
                byte[] bytes = in.readAllBytes();
                measured.putIfAbsent(key, new Sha256.Measured(Sha256.of(bytes), bytes.length));
                return bytes;
            } catch (IOException e) {
                report(key, "cannot be read: " + e.getMessage());
                return null;
            }
        }

        /** A tag file's text, or {@code null} (reported) when it cannot be read or is not UTF-8. */
        private String text(String key) {
            byte[] bytes;
            try (InputStream in = destination.open(key)) {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                report(key, "cannot be read: " + e.getMessage());
                return null;
            }
            measured.putIfAbsent(key, new Sha256.Measured(Sha256.of(bytes), bytes.length));
            String text = BagText.utf8(bytes);
            if (text == null) {
                report(key, "is not UTF-8 text");
            }
            return text;
        }

        /** A file's digest, read once per pass and streamed; {@code null} (reported) when it cannot be read. */
        private Sha256.Measured measure(String key) {
            Sha256.Measured known = measured.get(key);
            if (known != null) {
                return known;
            }
            try (InputStream in = destination.open(key)) {
                Sha256.Measured m = Sha256.measure(in);
                measured.put(key, m);
                return m;
            } catch (IOException e) {
                report(key, "cannot be read: " + e.getMessage());
                return null;
            }
        }
    }

    private static String lastLineOf(BagLog log) {
        return "the last line of " + KeyBuilder.bagFile(log.bag(), BagWriter.CUSTODY);
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * What links one bag's custody log to the next: where it starts and the hash of its last line; its lines, and
     * the time of the last (no token of the bag can be older).
     */
    private record BagLog(String bag, String baggingDate, String firstTime, String firstPrev, String lastHash,
                          List<String> lines, Instant lastTime) {
    }
}
