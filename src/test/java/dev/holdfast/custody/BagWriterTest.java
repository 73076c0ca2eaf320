package dev.holdfast.custody;

import dev.holdfast.integrity.Sha256;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.testsupport.LocBagit;
import gov.loc.repository.bagit.domain.Bag;
import gov.loc.repository.bagit.exceptions.CorruptChecksumException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BagWriterTest {

    private static final Instant START = Instant.parse("2026-11-24T07:05:00Z");

    @TempDir
    Path root;

    private static String sha(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void bagit_txt_declares_version_1_0_in_utf_8() {
        assertEquals("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n", BagWriter.bagitTxt());
    }

    @Test
    void bag_info_has_one_label_per_line_in_rfc_8493_form() {
        BagInfo info = new BagInfo(LocalDate.parse("2026-11-24"), "20261124T070500Z-a1", "Example\nLegal  Ltd",
                "org-1", Instant.parse("2026-11-22T07:05:00Z"), START, "legal_hold", "true", "euw2.pure.cloud", "0.1.0");
        List<PayloadFile> payload = List.of(new PayloadFile("data/a.wav", "a".repeat(64), 1000),
                new PayloadFile("data/a.json", "b".repeat(64), 234));
        assertEquals("""
                Bagging-Date: 2026-11-24
                Payload-Oxum: 1234.2
                External-Identifier: 20261124T070500Z-a1
                Source-Organization: Example Legal  Ltd
                Holdfast-Organization-Id: org-1
                Holdfast-Window: 2026-11-22T07:05:00Z/2026-11-24T07:05:00Z
                Holdfast-Hold-Attribute: legal_hold=true
                Holdfast-Region: euw2.pure.cloud
                Holdfast-Version: 0.1.0
                """, BagWriter.bagInfoTxt(info, payload));
        assertEquals("holdfast-20261124T070500Z-a1", info.bagName());
    }

    @Test
    void the_manifest_lists_each_payload_file_sorted_with_its_checksum() {
        String manifest = BagWriter.manifestSha256(List.of(new PayloadFile("data/b.wav", "b".repeat(64), 1),
                new PayloadFile("data/a.wav", "a".repeat(64), 1)));
        assertEquals("a".repeat(64) + "  data/a.wav\n" + "b".repeat(64) + "  data/b.wav\n", manifest);
        assertThrows(IllegalArgumentException.class, () -> BagWriter.manifestSha256(List.of(
                new PayloadFile("data/a.wav", "a".repeat(64), 1), new PayloadFile("data/a.wav", "b".repeat(64), 1))));
    }

    @Test
    void percent_cr_and_lf_in_paths_are_percent_encoded_and_nothing_else() {
        String manifest = BagWriter.manifestSha256(List.of(
                new PayloadFile("data/100%\r\nsure é.wav", "c".repeat(64), 1)));
        assertEquals("c".repeat(64) + "  data/100%25%0D%0Asure é.wav\n", manifest);
        assertEquals("data/100%\r\nsure é.wav", BagPaths.decode("data/100%25%0D%0Asure é.wav"));
        assertEquals("data/a%20b", BagPaths.decode(BagPaths.encode("data/a%20b")));
        assertEquals("data/a%2520b", BagPaths.encode("data/a%20b"));
    }

    @Test
    void payload_paths_that_leave_the_bag_are_refused() {
        for (String path : List.of("../x", "data/../x", "data//x", "/data/x", "data/./x", "data\\x", "tagfile.txt",
                "data/", "data/x\0y")) {
            assertThrows(IllegalArgumentException.class, () -> new PayloadFile(path, "a".repeat(64), 1), path);
        }
    }

    @Test
    void the_tag_manifest_seals_the_five_tag_files_in_write_order() {
        Map<String, String> hashes = new LinkedHashMap<>();
        for (String name : List.of("reconciliation.csv", "custody.jsonl", "manifest-sha256.txt", "bag-info.txt",
                "bagit.txt")) {
            hashes.put(name, Sha256.of(name));
        }
        assertEquals(Sha256.of("bagit.txt") + "  bagit.txt\n" + Sha256.of("bag-info.txt") + "  bag-info.txt\n"
                        + Sha256.of("manifest-sha256.txt") + "  manifest-sha256.txt\n" + Sha256.of("custody.jsonl")
                        + "  custody.jsonl\n" + Sha256.of("reconciliation.csv") + "  reconciliation.csv\n",
                BagWriter.tagManifestSha256(hashes));
        hashes.remove("custody.jsonl");
        assertThrows(IllegalArgumentException.class, () -> BagWriter.tagManifestSha256(hashes));
    }

    @Test
    void tag_files_come_in_write_order_with_the_tag_manifest_last() throws Exception {
        SampleBag bag = SampleBag.write(root, "run1", Sha256.ZERO, START, 2, 7);
        try (Stream<Path> files = Files.list(bag.dir())) {
            assertEquals(List.of("bag-info.txt", "bagit.txt", "custody.jsonl", "data", "manifest-sha256.txt",
                    "reconciliation.csv", "tagmanifest-sha256.txt"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        Map<String, String> tagFiles = BagWriter.tagFiles(
                new BagInfo(LocalDate.parse("2026-11-24"), "r", null, null, START.minusSeconds(1), START, null, null,
                        null, "0.1.0"), List.of(), CustodyChain.jsonl(List.of()), ReconciliationCsv.render(List.of()));
        assertEquals(List.of("bagit.txt", "bag-info.txt", "manifest-sha256.txt", "custody.jsonl", "reconciliation.csv",
                "tagmanifest-sha256.txt"), List.copyOf(tagFiles.keySet()));
        assertTrue(tagFiles.get("bag-info.txt").contains("Payload-Oxum: 0.0\n"), "a bag may carry no payload");
    }

    @Test
    void payload_oxum_and_manifest_agree_with_the_files_on_disk() throws Exception {
        SampleBag bag = SampleBag.write(root, "run1", Sha256.ZERO, START, 3, 11);
        long octets = 0;
        int streams = 0;
        StringBuilder manifest = new StringBuilder();
        try (Stream<Path> files = Files.walk(bag.dir().resolve("data"))) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                byte[] bytes = Files.readAllBytes(file);
                octets += bytes.length;
                streams++;
                manifest.append(sha(bytes)).append("  ").append(bag.dir().relativize(file).toString().replace('\\', '/'))
                        .append('\n');
            }
        }
        assertEquals(6, streams);
        String bagInfo = Files.readString(bag.dir().resolve("bag-info.txt"), StandardCharsets.UTF_8);
        assertTrue(bagInfo.contains("\nPayload-Oxum: " + octets + "." + streams + "\n"), bagInfo);
        assertEquals(manifest.toString(), Files.readString(bag.dir().resolve("manifest-sha256.txt")));
        for (String line : Files.readAllLines(bag.dir().resolve("tagmanifest-sha256.txt"))) {
            String[] parts = line.split(" +", 2);
            assertEquals(sha(Files.readAllBytes(bag.dir().resolve(parts[1]))), parts[0], parts[1]);
        }
    }

    @Test
    void the_library_of_congress_validator_accepts_the_bag() throws Exception {
        SampleBag sample = SampleBag.write(root, "run1", Sha256.ZERO, START, 3, 13);
        Bag bag = LocBagit.validate(sample.dir());
        assertEquals("1.0", bag.getVersion().toString());
        assertEquals(List.of("run1"), bag.getMetadata().get("External-Identifier"));
        assertEquals(1, bag.getTagManifests().size());
    }

    @Test
    void the_library_of_congress_validator_rejects_a_flipped_byte() throws Exception {
        SampleBag sample = SampleBag.write(root, "run1", Sha256.ZERO, START, 2, 17);
        Path media = sample.dir().resolve(sample.firstMedia());
        byte[] bytes = Files.readAllBytes(media);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(media, bytes);
        assertThrows(CorruptChecksumException.class, () -> LocBagit.validate(sample.dir()));
    }

    @Test
    void the_library_of_congress_validator_rejects_an_edited_custody_log() throws Exception {
        SampleBag sample = SampleBag.write(root, "run1", Sha256.ZERO, START, 2, 19);
        Path custody = sample.dir().resolve("custody.jsonl");
        Files.writeString(custody, Files.readString(custody).replace("\"downloaded\"", "\"fallback\""));
        assertThrows(CorruptChecksumException.class, () -> LocBagit.validate(sample.dir()));
    }

    @Test
    void the_library_of_congress_validator_rejects_a_missing_or_extra_payload_file() throws Exception {
        SampleBag removed = SampleBag.write(root.resolve("a"), "run1", Sha256.ZERO, START, 2, 23);
        Files.delete(removed.dir().resolve(removed.firstMedia()));
        assertThrows(Exception.class, () -> LocBagit.validate(removed.dir()));
        SampleBag added = SampleBag.write(root.resolve("b"), "run1", Sha256.ZERO, START, 2, 23);
        Files.writeString(added.dir().resolve("data/extra.wav"), "x");
        assertThrows(Exception.class, () -> LocBagit.validate(added.dir()));
    }

    @Test
    void the_library_of_congress_validator_reads_encoded_line_breaks_in_paths() throws Exception {
        Path dir = root.resolve("holdfast-crlf");
        byte[] media = "RIFF....WAVE".getBytes(StandardCharsets.US_ASCII);
        String path = "data/odd\nname\rhere.wav";
        Files.createDirectories(dir.resolve("data"));
        Files.write(dir.resolve(path), media);
        List<PayloadFile> payload = List.of(new PayloadFile(path, sha(media), media.length));
        BagInfo info = new BagInfo(LocalDate.parse("2026-11-24"), "crlf", "Org", "org-1", START.minusSeconds(60),
                START, "legal_hold", "true", "euw2.pure.cloud", "0.1.0");
        for (Map.Entry<String, String> tag : BagWriter.tagFiles(info, payload, "", ReconciliationCsv.render(List.of()))
                .entrySet()) {
            Files.writeString(dir.resolve(tag.getKey()), tag.getValue());
        }
        assertTrue(Files.readString(dir.resolve("manifest-sha256.txt")).endsWith("  data/odd%0Aname%0Dhere.wav\n"));
        LocBagit.validate(dir);
    }

    @Test
    void the_rfc_validator_accepts_paths_with_percent_cr_and_lf_and_the_sample_bag() throws Exception {
        Path dir = root.resolve("holdfast-pct");
        Files.createDirectories(dir.resolve("data"));
        List<PayloadFile> payload = new java.util.ArrayList<>();
        for (String path : List.of("data/100%.wav", "data/%0A literally.wav", "data/line\nbreak\r.wav")) {
            byte[] media = path.getBytes(StandardCharsets.UTF_8);
            Files.write(dir.resolve(path), media);
            payload.add(new PayloadFile(path, sha(media), media.length));
        }
        BagInfo info = new BagInfo(LocalDate.parse("2026-11-24"), "pct", "Org", "org-1", START.minusSeconds(60),
                START, "legal_hold", "true", "euw2.pure.cloud", "0.1.0");
        for (Map.Entry<String, String> tag : BagWriter.tagFiles(info, payload, "", ReconciliationCsv.render(List.of()))
                .entrySet()) {
            Files.writeString(dir.resolve(tag.getKey()), tag.getValue());
        }
        String manifest = Files.readString(dir.resolve("manifest-sha256.txt"));
        assertTrue(manifest.contains("  data/100%25.wav\n"), manifest);
        assertTrue(manifest.contains("  data/%250A literally.wav\n"), manifest);
        assertTrue(manifest.contains("  data/line%0Abreak%0D.wav\n"), manifest);
        assertEquals(List.of(), Rfc8493Validator.validate(dir));
        assertEquals(List.of(), Rfc8493Validator.validate(SampleBag.write(root, "run1", Sha256.ZERO, START, 3, 29).dir()));
        // and ours reads them back the same way
        assertEquals(List.of(), new BagVerifier(new FolderDestination(root)).verify().stream()
                .filter(p -> p.path().startsWith("holdfast-pct/data/")).toList());
    }

    @Test
    void a_bag_without_payload_is_valid_with_its_empty_data_folder_and_invalid_without_it() throws Exception {
        SampleBag empty = SampleBag.write(root, "run0", Sha256.ZERO, START, 0, 37);
        assertTrue(Files.readString(empty.dir().resolve(BagWriter.BAG_INFO_TXT)).contains("Payload-Oxum: 0.0\n"));
        assertEquals("", Files.readString(empty.dir().resolve(BagWriter.MANIFEST)));
        assertEquals(List.of(), Rfc8493Validator.validate(empty.dir()));
        LocBagit.validate(empty.dir());

        Files.delete(empty.dir().resolve("data"));
        assertEquals(List.of("data/ missing"), Rfc8493Validator.validate(empty.dir()));
        assertThrows(Exception.class, () -> LocBagit.validate(empty.dir()));
    }

    @Test
    void the_rfc_validator_rejects_tampered_bags() throws Exception {
        SampleBag flipped = SampleBag.write(root.resolve("a"), "run1", Sha256.ZERO, START, 2, 31);
        Path media = flipped.dir().resolve(flipped.firstMedia());
        byte[] bytes = Files.readAllBytes(media);
        bytes[0] ^= (byte) 0x80;
        Files.write(media, bytes);
        assertEquals(List.of("checksum mismatch: " + flipped.firstMedia()), Rfc8493Validator.validate(flipped.dir()));
        SampleBag extra = SampleBag.write(root.resolve("b"), "run1", Sha256.ZERO, START, 2, 31);
        Files.writeString(extra.dir().resolve("data/x.wav"), "x");
        assertEquals(2, Rfc8493Validator.validate(extra.dir()).size(), "unlisted file, and Payload-Oxum off");
    }
}
