package dev.holdfast.custody;

import dev.holdfast.integrity.Sha256;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * A bag as a run writes it, made with the custody library and written to a folder: deterministic media
 * (seeded), sidecars, a custody log, a reconciliation with one pending and one terminal recording.
 */
record SampleBag(Path dir, String name, List<PayloadFile> payload, List<String> custodyLines, String lastHash,
                 List<ExpectedDelivery> deliveries) {

    static final String ACTOR = "holdfast-demo";
    static final String NODE = "node-1";

    /** Writes bag {@code holdfast-<runId>} under {@code root}, its custody log linked to {@code firstPrev}. */
    static SampleBag write(Path root, String runId, String firstPrev, Instant start, int recordings, long seed)
            throws IOException {
        Random random = new Random(seed);
        LocalDate day = LocalDate.ofInstant(start, ZoneOffset.UTC);
        BagInfo info = new BagInfo(day, runId, "Example Legal Ltd", "0a6f1c9e-5d2b-4c2e-9f0e-3b1c2d4e5f60",
                start.minus(Duration.ofHours(48)), start, "legal_hold", "true", "euw2.pure.cloud", "0.1.0");
        Path dir = root.resolve(info.bagName());
        List<PayloadFile> payload = new ArrayList<>();
        List<CustodyEvent> events = new ArrayList<>();
        List<ReconciliationRow> rows = new ArrayList<>();
        Instant t = start;
        for (int i = 0; i < recordings; i++) {
            String conversation = new UUID(random.nextLong(), random.nextLong()).toString();
            String recording = new UUID(random.nextLong(), random.nextLong()).toString();
            byte[] media = new byte[500 + random.nextInt(3000)];
            random.nextBytes(media);
            String folder = "data/" + day + "/" + conversation + "/";
            String mediaSha = Sha256.of(media);
            Sidecar sidecar = new Sidecar(conversation, recording, mediaSha, media.length, "audio/wav", "direct",
                    "WAV", "WAV", "media.example.com", t, "0.1.0", recordingJson(recording), conversationJson(conversation));
            byte[] sidecarBytes = sidecar.toBytes();
            payload.add(write(dir, folder + recording + ".wav", media));
            payload.add(write(dir, folder + recording + ".json", sidecarBytes));
            events.add(CustodyEvent.of(t = t.plusSeconds(1), CustodyEvent.DISCOVERED, conversation, recording, ACTOR, NODE));
            events.add(CustodyEvent.of(t = t.plusSeconds(1), CustodyEvent.DOWNLOADED, conversation, recording, ACTOR, NODE)
                    .with("sha256", mediaSha).with("size", media.length).with("mediaHost", "media.example.com"));
            events.add(CustodyEvent.of(t = t.plusSeconds(1), CustodyEvent.DELIVERED, conversation, recording, ACTOR, NODE)
                    .with("key", info.bagName() + "/" + folder + recording + ".wav"));
            events.add(CustodyEvent.of(t = t.plusSeconds(1), CustodyEvent.CONFIRMED, conversation, recording, ACTOR, NODE)
                    .with("sha256", mediaSha));
            rows.add(new ReconciliationRow(conversation, recording, ReconciliationRow.DELIVERED, null, info.bagName(),
                    folder + recording + ".wav", mediaSha, 1, null));
        }
        rows.add(new ReconciliationRow(new UUID(random.nextLong(), 1).toString(), new UUID(random.nextLong(), 2).toString(),
                ReconciliationRow.PENDING, "transcoding", null, null, null, 2, t.plusSeconds(900)));
        rows.add(new ReconciliationRow(new UUID(random.nextLong(), 3).toString(), new UUID(random.nextLong(), 4).toString(),
                ReconciliationRow.TERMINAL, "deleted", null, null, null, 1, null));
        Counts counts = Counts.of(recordings + 2, rows);
        long bytes = payload.stream().mapToLong(PayloadFile::size).sum();
        events.add(CustodyEvent.summary(t.plusSeconds(1), ACTOR, NODE, counts, bytes));
        List<String> lines = CustodyChain.lines(firstPrev, events);
        Map<String, String> tagFiles = BagWriter.tagFiles(info, payload, CustodyChain.jsonl(lines),
                ReconciliationCsv.render(rows));
        // as the sealer makes it: a bag without payload still has its data/ folder (RFC 8493 2.1.2)
        Files.createDirectories(dir.resolve("data"));
        for (Map.Entry<String, String> tag : tagFiles.entrySet()) {
            Files.writeString(dir.resolve(tag.getKey()), tag.getValue(), StandardCharsets.UTF_8);
        }
        List<ExpectedDelivery> deliveries = payload.stream()
                .map(p -> new ExpectedDelivery(info.bagName() + "/" + p.pathInBag(), p.sha256(), p.size()))
                .toList();
        return new SampleBag(dir, info.bagName(), payload, lines, CustodyChain.lastHash(lines, firstPrev), deliveries);
    }

    /** The bag's key prefix relative to the destination root. */
    String key(String pathInBag) {
        return name + "/" + pathInBag;
    }

    /** The first media file's path in the bag. */
    String firstMedia() {
        return payload.stream().map(PayloadFile::pathInBag).filter(p -> p.endsWith(".wav")).sorted().findFirst()
                .orElseThrow();
    }

    private static PayloadFile write(Path dir, String pathInBag, byte[] bytes) throws IOException {
        Path file = dir.resolve(pathInBag);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        return new PayloadFile(pathInBag, Sha256.of(bytes), bytes.length);
    }

    static JsonNode recordingJson(String recordingId) throws IOException {
        return new ObjectMapper().readTree("""
                {"id":"%s","conversationId":"c","media":"audio","fileState":"AVAILABLE",
                 "mediaUris":{"S":{"mediaUri":"https://media.example.com/r.wav?X-Amz-Signature=abc&X-Amz-Credential=k"}},
                 "startTime":"2026-11-24T07:05:00Z"}""".formatted(recordingId));
    }

    static JsonNode conversationJson(String conversationId) throws IOException {
        return new ObjectMapper().readTree("""
                {"id":"%s","startTime":"2026-11-24T07:05:00Z","endTime":"2026-11-24T07:09:30Z",
                 "participants":[{"id":"p1","purpose":"customer","attributes":{"legal_hold":"true"}},
                                 {"id":"p2","purpose":"agent","attributes":{}}]}""".formatted(conversationId));
    }
}
