package dev.holdfast.custody;

import dev.holdfast.integrity.Sha256;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BagVerifierTest {

    private static final Instant START = Instant.parse("2026-11-24T07:05:00Z");

    @TempDir
    Path root;

    private List<Problem> verify(List<ExpectedDelivery> expected) throws Exception {
        return new BagVerifier(new FolderDestination(root)).verify(expected);
    }

    private SampleBag bag() throws Exception {
        return SampleBag.write(root, "run1", Sha256.ZERO, START, 3, 42);
    }

    /** What a careful forger does after an edit: recompute the tag manifest so it matches again. */
    private static void reseal(SampleBag bag) throws Exception {
        Map<String, String> hashes = new LinkedHashMap<>();
        for (String name : BagWriter.SEALED) {
            hashes.put(name, Sha256.of(Files.readAllBytes(bag.dir().resolve(name))));
        }
        Files.writeString(bag.dir().resolve(BagWriter.TAGMANIFEST), BagWriter.tagManifestSha256(hashes));
    }

    private static void assertOneProblem(List<Problem> problems, String path, String... fragments) {
        assertEquals(1, problems.size(), BagVerifier.render(problems));
        assertEquals(path, problems.get(0).path());
        for (String fragment : fragments) {
            assertTrue(problems.get(0).what().contains(fragment), problems.get(0).what() + " lacks: " + fragment);
        }
    }

    @Test
    void an_intact_bag_and_its_ledger_have_no_problem() throws Exception {
        SampleBag bag = bag();
        assertEquals(List.of(), verify(bag.deliveries()));
        assertEquals("", BagVerifier.render(List.of()));
    }

    @Test
    void a_bag_without_payload_chained_between_two_others_has_no_problem() throws Exception {
        SampleBag first = SampleBag.write(root, "run1", Sha256.ZERO, START, 2, 43);
        SampleBag empty = SampleBag.write(root, "run2", first.lastHash(), START.plusSeconds(3600), 0, 44);
        SampleBag third = SampleBag.write(root, "run3", empty.lastHash(), START.plusSeconds(7200), 1, 45);
        List<ExpectedDelivery> expected = new ArrayList<>(first.deliveries());
        expected.addAll(third.deliveries());
        assertEquals(List.of(), verify(expected));
        assertEquals(List.of(), empty.deliveries());
    }

    @Test
    void one_flipped_byte_of_a_payload_is_one_problem_naming_the_file() throws Exception {
        SampleBag bag = bag();
        Path media = bag.dir().resolve(bag.firstMedia());
        byte[] bytes = Files.readAllBytes(media);
        bytes[bytes.length - 1] ^= 0x01;
        Files.write(media, bytes);
        assertOneProblem(verify(bag.deliveries()), bag.key(bag.firstMedia()),
                "SHA-256 differs from manifest-sha256.txt", Sha256.of(bytes), "SHA-256 differs from the ledger");
    }

    @Test
    void a_deleted_manifest_line_is_one_problem_naming_the_manifest() throws Exception {
        SampleBag bag = bag();
        Path manifest = bag.dir().resolve(BagWriter.MANIFEST);
        List<String> lines = new ArrayList<>(Files.readAllLines(manifest));
        String deleted = lines.remove(1);
        Files.writeString(manifest, String.join("\n", lines) + "\n");
        String unlisted = deleted.substring(deleted.indexOf("  ") + 2);
        assertOneProblem(verify(bag.deliveries()), bag.key(BagWriter.MANIFEST),
                "SHA-256 differs from tagmanifest-sha256.txt", unlisted + " not listed in manifest-sha256.txt");
    }

    @Test
    void a_deleted_manifest_line_under_a_resealed_tag_manifest_names_the_unlisted_file() throws Exception {
        SampleBag bag = bag();
        Path manifest = bag.dir().resolve(BagWriter.MANIFEST);
        List<String> lines = new ArrayList<>(Files.readAllLines(manifest));
        String deleted = lines.remove(0);
        Files.writeString(manifest, String.join("\n", lines) + "\n");
        reseal(bag);
        assertOneProblem(verify(List.of()), bag.key(deleted.substring(deleted.indexOf("  ") + 2)),
                "not listed in manifest-sha256.txt");
    }

    @Test
    void an_edited_custody_line_is_one_problem_naming_the_custody_log() throws Exception {
        SampleBag bag = bag();
        Path custody = bag.dir().resolve(BagWriter.CUSTODY);
        List<String> lines = new ArrayList<>(Files.readAllLines(custody, StandardCharsets.UTF_8));
        lines.set(2, lines.get(2).replace("\"delivered\"", "\"failed\""));
        Files.writeString(custody, String.join("\n", lines) + "\n");
        assertOneProblem(verify(bag.deliveries()), bag.key(BagWriter.CUSTODY),
                "SHA-256 differs from tagmanifest-sha256.txt", "custody chain broken at line 4: prev expected "
                        + Sha256.of(lines.get(2)) + ", found " + Sha256.of(bag.custodyLines().get(2)));
    }

    @Test
    void an_edited_custody_line_under_a_resealed_tag_manifest_still_breaks_the_chain() throws Exception {
        SampleBag bag = bag();
        Path custody = bag.dir().resolve(BagWriter.CUSTODY);
        List<String> lines = new ArrayList<>(Files.readAllLines(custody, StandardCharsets.UTF_8));
        lines.remove(5);
        Files.writeString(custody, String.join("\n", lines) + "\n");
        reseal(bag);
        assertOneProblem(verify(List.of()), bag.key(BagWriter.CUSTODY), "custody chain broken at line 6");
    }

    @Test
    void a_removed_payload_file_is_one_problem_naming_the_file() throws Exception {
        SampleBag bag = bag();
        Files.delete(bag.dir().resolve(bag.firstMedia()));
        assertOneProblem(verify(bag.deliveries()), bag.key(bag.firstMedia()),
                "missing, listed in manifest-sha256.txt", "missing, the ledger records it delivered");
    }

    @Test
    void a_bag_without_its_tag_manifest_is_one_problem_an_incomplete_bag() throws Exception {
        SampleBag bag = bag();
        Files.delete(bag.dir().resolve(BagWriter.TAGMANIFEST));
        assertOneProblem(verify(bag.deliveries()), bag.key(BagWriter.TAGMANIFEST), "incomplete bag");
    }

    @Test
    void an_added_payload_file_is_one_problem_naming_it() throws Exception {
        SampleBag bag = bag();
        Files.writeString(bag.dir().resolve("data/planted.wav"), "planted");
        assertOneProblem(verify(bag.deliveries()), bag.key("data/planted.wav"), "not listed in manifest-sha256.txt");
    }

    @Test
    void an_edited_bag_info_is_caught_by_the_tag_manifest_and_a_resealed_one_by_payload_oxum() throws Exception {
        SampleBag bag = bag();
        Path info = bag.dir().resolve(BagWriter.BAG_INFO_TXT);
        String text = Files.readString(info);
        long octets = bag.payload().stream().mapToLong(PayloadFile::size).sum();
        Files.writeString(info, text.replace("Payload-Oxum: " + octets + ".6", "Payload-Oxum: " + (octets - 1) + ".6"));
        assertOneProblem(verify(List.of()), bag.key(BagWriter.BAG_INFO_TXT),
                "SHA-256 differs from tagmanifest-sha256.txt", "does not match the payload (" + octets + ".6)");
        reseal(bag);
        assertOneProblem(verify(List.of()), bag.key(BagWriter.BAG_INFO_TXT),
                "Payload-Oxum " + (octets - 1) + ".6 does not match the payload (" + octets + ".6)");
    }

    @Test
    void a_malformed_bagit_txt_is_reported() throws Exception {
        SampleBag bag = bag();
        Files.writeString(bag.dir().resolve(BagWriter.BAGIT_TXT), "BagIt-Version: 0.97\nTag-File-Character-Encoding: UTF-8\n");
        reseal(bag);
        assertOneProblem(verify(List.of()), bag.key(BagWriter.BAGIT_TXT), "not a BagIt 1.0 declaration");
    }

    @Test
    void bags_chained_across_runs_verify_in_chain_order_not_name_order() throws Exception {
        // the later run has the smaller name: order comes from the bagging date and the first custody time
        SampleBag first = SampleBag.write(root, "zz-first", Sha256.ZERO, START, 2, 1);
        SampleBag second = SampleBag.write(root, "aa-second", first.lastHash(), START.plusSeconds(900), 2, 2);
        SampleBag third = SampleBag.write(root, "mm-third", second.lastHash(), START.plusSeconds(86_400), 1, 3);
        List<ExpectedDelivery> all = new ArrayList<>(first.deliveries());
        all.addAll(second.deliveries());
        all.addAll(third.deliveries());
        assertEquals(List.of(), verify(all));
    }

    @Test
    void a_bag_linked_to_the_wrong_line_breaks_the_chain_across_bags() throws Exception {
        SampleBag first = SampleBag.write(root, "run1", Sha256.ZERO, START, 2, 1);
        SampleBag second = SampleBag.write(root, "run2", Sha256.of(first.custodyLines().get(0)),
                START.plusSeconds(900), 2, 2);
        assertOneProblem(verify(List.of()), second.key(BagWriter.CUSTODY),
                "custody chain broken at line 1: prev expected " + first.lastHash()
                        + " (the last line of holdfast-run1/custody.jsonl), found " + Sha256.of(first.custodyLines().get(0)));
    }

    @Test
    void two_bags_linked_to_the_same_previous_bag_are_a_fork_naming_both() throws Exception {
        SampleBag first = SampleBag.write(root, "run1", Sha256.ZERO, START, 1, 1);
        SampleBag second = SampleBag.write(root, "run2", first.lastHash(), START.plusSeconds(900), 1, 2);
        SampleBag forked = SampleBag.write(root, "run3", first.lastHash(), START.plusSeconds(1800), 1, 3);
        assertOneProblem(verify(List.of()), forked.key(BagWriter.CUSTODY),
                "custody chain forks at line 1: prev " + first.lastHash()
                        + " (the last line of holdfast-run1/custody.jsonl) is also the prev of line 1 of "
                        + second.key(BagWriter.CUSTODY), "two bags were sealed from the same previous bag");
    }

    @Test
    void two_bags_both_starting_the_chain_are_a_fork() throws Exception {
        SampleBag first = SampleBag.write(root, "run1", Sha256.ZERO, START, 1, 1);
        SampleBag other = SampleBag.write(root, "run2", Sha256.ZERO, START.plusSeconds(900), 1, 2);
        assertOneProblem(verify(List.of()), other.key(BagWriter.CUSTODY), "custody chain forks at line 1",
                "(the start of the chain) is also the prev of line 1 of " + first.key(BagWriter.CUSTODY));
    }

    @Test
    void a_bag_sealed_first_with_the_later_first_event_verifies_by_its_links() throws Exception {
        // two nodes' runs overlap: the run that started first seals last, after the other's bag
        SampleBag sealedFirst = SampleBag.write(root, "run-b", Sha256.ZERO, START.plusSeconds(900), 1, 1);
        SampleBag sealedSecond = SampleBag.write(root, "run-a", sealedFirst.lastHash(), START, 1, 2);
        List<ExpectedDelivery> all = new ArrayList<>(sealedFirst.deliveries());
        all.addAll(sealedSecond.deliveries());
        assertEquals(List.of(), verify(all));
    }

    @Test
    void a_missing_first_bag_breaks_the_chain_at_the_start() throws Exception {
        SampleBag first = SampleBag.write(root, "run1", Sha256.ZERO, START, 1, 1);
        SampleBag second = SampleBag.write(root, "run2", first.lastHash(), START.plusSeconds(900), 1, 2);
        Files.walk(first.dir()).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        assertOneProblem(verify(List.of()), second.key(BagWriter.CUSTODY),
                "line 1: prev expected " + Sha256.ZERO + " (the start of the chain)");
    }

    @Test
    void a_delivery_the_ledger_records_but_the_destination_lacks_is_reported() throws Exception {
        SampleBag bag = bag();
        String key = "holdfast-run0/data/2026-11-23/c/r.wav";
        List<ExpectedDelivery> expected = new ArrayList<>(bag.deliveries());
        expected.add(new ExpectedDelivery(key, "e".repeat(64), 10));
        PayloadFile media = bag.payload().get(0);
        expected.add(new ExpectedDelivery(bag.key(media.pathInBag()), media.sha256(), media.size() + 1));
        List<Problem> problems = verify(expected);
        assertEquals(List.of(new Problem(key, "missing, the ledger records it delivered"),
                        new Problem(bag.key(media.pathInBag()),
                                "size " + media.size() + " differs from the ledger's " + (media.size() + 1))),
                problems);
        assertEquals(key + ": missing, the ledger records it delivered\n" + bag.key(media.pathInBag()) + ": size "
                + media.size() + " differs from the ledger's " + (media.size() + 1) + "\n", BagVerifier.render(problems));
    }

    @Test
    void a_custody_log_that_does_not_end_with_its_summary_is_reported() throws Exception {
        SampleBag bag = bag();
        Path custody = bag.dir().resolve(BagWriter.CUSTODY);
        List<String> lines = new ArrayList<>(Files.readAllLines(custody, StandardCharsets.UTF_8));
        lines.remove(lines.size() - 1);
        Files.writeString(custody, String.join("\n", lines) + "\n");
        reseal(bag);
        assertOneProblem(verify(List.of()), bag.key(BagWriter.CUSTODY), "does not end with a summary event");
    }
}
