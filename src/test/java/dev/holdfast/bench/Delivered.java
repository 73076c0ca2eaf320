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
     * SHA-256 of every media file in Holdfast's bags, by {@code conversationId/recordingId}, with {@code .original}
     * added for a stored original; a file delivered twice is a problem. Sidecars ({@code <recordingId>.json}) are
     * left out; an inline transcript ({@code <recordingId>.transcript.json}) is the recording's file.
     */
    static Map<String, String> holdfastFiles(Path exportDir, List<String> problems) throws IOException {
        Map<String, String> byKey = new LinkedHashMap<>();
        if (!Files.isDirectory(exportDir)) {
            return byKey;
        }
        try (Stream<Path> files = Files.walk(exportDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                boolean transcript = name.endsWith(".transcript.json");
                if (!file.toString().contains("/data/") || name.endsWith(".part") || (name.endsWith(".json") && !transcript)) {
                    continue;
                }
                String base = transcript ? name.substring(0, name.length() - ".transcript.json".length())
                        : name.substring(0, name.lastIndexOf('.'));
                String key = file.getParent().getFileName() + "/" + base;
                if (byKey.put(key, sha256(file)) != null) {
                    problems.add("delivered twice: " + key);
                }
            }
        }
        return byKey;
    }

    /**
     * Every recording that should have been delivered was, with the bytes the sandbox served, and nothing else
     * was: a stored original holds the batch bytes; the recording's other file (the review copy, or the one file
     * of a recording that has no original beside it) the direct or the batch bytes. Answers the problems found
     * (empty: the export is correct).
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
            String original = delivered.get(key + ORIGINAL);
            String file = delivered.get(key);
            if (original == null && file == null) {
                all.add("missing: " + key);
            }
            if (original != null && !original.equals(r.batchSha256())) {
                all.add("wrong bytes: " + key + ORIGINAL);
            }
            if (file != null && !file.equals(r.directSha256()) && !file.equals(r.batchSha256())) {
                all.add("wrong bytes: " + key);
            }
        });
        delivered.keySet().stream()
                .filter(k -> !expected.containsKey(k.endsWith(ORIGINAL) ? k.substring(0, k.length() - ORIGINAL.length()) : k))
                .forEach(k -> all.add("not expected: " + k));
        return all;
    }

    /** Recordings delivered: files by recording, an original and its review copy counted once. */
    static int recordings(Map<String, String> delivered) {
        return Math.toIntExact(delivered.keySet().stream()
                .map(k -> k.endsWith(ORIGINAL) ? k.substring(0, k.length() - ORIGINAL.length()) : k)
                .distinct().count());
    }

    /**
     * Seconds between two custody events of one recording ({@code resolved} to {@code downloaded}, say), from the
     * bags; events of its stored original are left out.
     */
    static double custodySeconds(Path exportDir, String recordingId, String fromEvent, String toEvent) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, Instant> times = new HashMap<>();
        try (Stream<Path> files = Files.walk(exportDir)) {
            for (Path log : files.filter(p -> p.getFileName().toString().equals("custody.jsonl")).toList()) {
                for (String line : Files.readAllLines(log)) {
                    JsonNode event = json.readTree(line);
                    // the review copy's download, not its stored original's (which batch download brings later)
                    if (recordingId.equals(event.path("recordingId").asText())
                            && !"original".equals(event.path("role").asText())) {
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
