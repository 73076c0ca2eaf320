package dev.holdfast.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.sandbox.GroundTruth;
import dev.holdfast.sandbox.HeldRecording;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** What an export really put on disk, checked against the sandbox's ground truth: the benchmark's outcome assertion. */
final class Delivered {

    /** How the key of a stored original ends: {@code <recordingId>.original.<ext>} beside the review copy. */
    private static final String ORIGINAL = ".original";

    private Delivered() {
    }

    /**
     * SHA-256 of every media file in Holdfast's bags, by {@code conversationId/recordingId} for the review copy and
     * {@code conversationId/recordingId.original} for the stored original beside it; duplicates are problems.
     */
    static Map<String, String> holdfastFiles(Path exportDir, List<String> problems) throws IOException {
        Map<String, String> byKey = new LinkedHashMap<>();
        if (!Files.isDirectory(exportDir)) {
            return byKey;
        }
        try (Stream<Path> files = Files.walk(exportDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (!file.toString().contains("/data/") || name.endsWith(".json")) {
                    continue;
                }
                String key = file.getParent().getFileName() + "/" + name.substring(0, name.lastIndexOf('.'));
                if (byKey.put(key, sha256(file)) != null) {
                    problems.add("delivered twice: " + key);
                }
            }
        }
        return byKey;
    }

    /**
     * Every recording that should have been delivered was, with the bytes the sandbox served (direct or batch
     * media), and nothing else was. Answers the problems found (empty: the export is correct).
     */
    static List<String> check(GroundTruth truth, Map<String, String> delivered, boolean archivedExpected, List<String> problems) {
        Map<String, HeldRecording> expected = new HashMap<>();
        for (HeldRecording r : truth.held()) {
            if (r.exportable() && (archivedExpected || !r.archived())) {
                expected.put(r.conversationId() + "/" + r.recordingId(), r);
            }
        }
        List<String> all = new ArrayList<>(problems);
        expected.forEach((key, r) -> {
            String sha = delivered.get(key);
            if (sha == null && !delivered.containsKey(key + ORIGINAL)) {
                all.add("missing: " + key);
            } else if (sha == null) {
                // an original alone: Genesys served no review copy of it (review-copy-unavailable)
                return;
            } else if (!sha.equals(r.directSha256()) && !sha.equals(r.batchSha256())) {
                all.add("wrong bytes: " + key);
            }
        });
        expected.forEach((key, r) -> {
            String original = delivered.get(key + ORIGINAL);
            if (original != null && !original.equals(r.batchSha256())) {
                all.add("wrong bytes of the original: " + key);
            }
        });
        delivered.keySet().stream().filter(k -> !expected.containsKey(k.replace(ORIGINAL, "")))
                .forEach(k -> all.add("not expected: " + k));
        return all;
    }

    /** Seconds between two custody events of one recording ({@code resolved} to {@code downloaded}, say), from the bags. */
    static double custodySeconds(Path exportDir, String recordingId, String fromEvent, String toEvent) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, Instant> times = new HashMap<>();
        try (Stream<Path> files = Files.walk(exportDir)) {
            for (Path log : files.filter(p -> p.getFileName().toString().equals("custody.jsonl")).toList()) {
                for (String line : Files.readAllLines(log)) {
                    JsonNode event = json.readTree(line);
                    if (recordingId.equals(event.path("recordingId").asText())) {
                        // the last of each: a retried recording counts from its final attempt
                        times.put(event.path("event").asText(), Instant.parse(event.path("time").asText()));
                    }
                }
            }
        }
        Instant from = times.get(fromEvent);
        Instant to = times.get(toEvent);
        if (from == null || to == null) {
            throw new IllegalStateException("no custody events " + fromEvent + "/" + toEvent + " for " + recordingId);
        }
        return Duration.between(from, to).toNanos() / 1e9;
    }

    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
