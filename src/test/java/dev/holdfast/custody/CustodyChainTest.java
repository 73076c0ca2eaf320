package dev.holdfast.custody;

import dev.holdfast.integrity.Sha256;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustodyChainTest {

    private static final Instant T0 = Instant.parse("2026-11-24T07:05:00Z");
    private static final String CONV = "c1a2b3c4-0000-4000-8000-000000000001";
    private static final String REC = "d1a2b3c4-0000-4000-8000-000000000002";

    private static List<CustodyEvent> events(int n) {
        List<CustodyEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(CustodyEvent.of(T0.plusSeconds(i), CustodyEvent.DOWNLOADED, CONV, REC, "holdfast-demo", "n1")
                    .with("attempt", i));
        }
        return events;
    }

    @Test
    void a_line_has_the_fixed_fields_in_order_then_the_details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("sha256", "ab".repeat(32));
        details.put("size", 1234L);
        details.put("at", Instant.parse("2026-11-24T07:06:00Z"));
        String line = CustodyChain.line(new CustodyEvent(T0, "confirmed", CONV, REC, "holdfast-demo", "n1", details),
                Sha256.ZERO);
        assertEquals("{\"time\":\"2026-11-24T07:05:00Z\",\"event\":\"confirmed\",\"conversationId\":\"" + CONV
                + "\",\"recordingId\":\"" + REC + "\",\"actor\":\"holdfast-demo\",\"node\":\"n1\",\"prev\":\""
                + Sha256.ZERO + "\",\"sha256\":\"" + "ab".repeat(32) + "\",\"size\":1234,\"at\":\"2026-11-24T07:06:00Z\"}",
                line);
    }

    @Test
    void each_prev_is_the_sha256_of_the_line_before_without_its_ending() {
        List<String> lines = CustodyChain.lines(Sha256.ZERO, events(3));
        assertEquals(Sha256.ZERO, CustodyChain.field(lines.get(0), "prev"));
        assertEquals(Sha256.of(lines.get(0)), CustodyChain.field(lines.get(1), "prev"));
        assertEquals(Sha256.of(lines.get(1)), CustodyChain.field(lines.get(2), "prev"));
        assertEquals(Sha256.of(lines.get(2)), CustodyChain.lastHash(lines, Sha256.ZERO));
        assertEquals(List.of(), CustodyChain.verify(lines, Sha256.ZERO));
    }

    @Test
    void a_value_with_a_line_break_stays_on_one_line() {
        String line = CustodyChain.line(CustodyEvent.of(T0, "failed", CONV, REC, "a", "n").with("reason", "x\ny\r\u2028"),
                Sha256.ZERO);
        assertEquals(1, CustodyChain.split(CustodyChain.jsonl(List.of(line))).size());
        assertEquals(line, CustodyChain.split(CustodyChain.jsonl(List.of(line))).get(0));
    }

    @Test
    void jsonl_round_trips_through_split() {
        List<String> lines = CustodyChain.lines(Sha256.ZERO, events(4));
        String jsonl = CustodyChain.jsonl(lines);
        assertTrue(jsonl.endsWith("}\n"));
        assertEquals(lines, CustodyChain.split(jsonl));
    }

    @Test
    void an_edited_line_breaks_the_chain_at_the_next_line() {
        List<String> lines = new ArrayList<>(CustodyChain.lines(Sha256.ZERO, events(5)));
        String original = lines.get(2);
        lines.set(2, original.replace("\"attempt\":2", "\"attempt\":7"));
        List<CustodyChain.Break> breaks = CustodyChain.verify(lines, Sha256.ZERO);
        assertEquals(List.of(new CustodyChain.Break(4, Sha256.of(lines.get(2)), Sha256.of(original))), breaks);
    }

    @Test
    void a_deleted_line_breaks_the_chain_where_it_was() {
        List<String> lines = new ArrayList<>(CustodyChain.lines(Sha256.ZERO, events(5)));
        String deleted = lines.remove(2);
        assertEquals(List.of(new CustodyChain.Break(3, Sha256.of(lines.get(1)), Sha256.of(deleted))),
                CustodyChain.verify(lines, Sha256.ZERO));
    }

    @Test
    void an_inserted_line_breaks_the_chain_even_when_it_links_to_the_line_before() {
        List<String> lines = new ArrayList<>(CustodyChain.lines(Sha256.ZERO, events(4)));
        String forged = CustodyChain.line(CustodyEvent.of(T0, CustodyEvent.CONFIRMED, CONV, REC, "x", "n1"),
                Sha256.of(lines.get(1)));
        lines.add(2, forged);
        List<CustodyChain.Break> breaks = CustodyChain.verify(lines, Sha256.ZERO);
        assertEquals(List.of(new CustodyChain.Break(4, Sha256.of(forged), Sha256.of(lines.get(1)))), breaks);
    }

    @Test
    void reordered_lines_break_the_chain() {
        List<String> lines = new ArrayList<>(CustodyChain.lines(Sha256.ZERO, events(5)));
        String second = lines.get(1);
        lines.set(1, lines.get(2));
        lines.set(2, second);
        List<Integer> broken = CustodyChain.verify(lines, Sha256.ZERO).stream().map(CustodyChain.Break::line).toList();
        assertEquals(List.of(2, 3, 4), broken);
    }

    @Test
    void the_second_bag_links_to_the_last_line_of_the_first() {
        List<String> first = CustodyChain.lines(Sha256.ZERO, events(3));
        String link = CustodyChain.lastHash(first, Sha256.ZERO);
        List<String> second = CustodyChain.lines(link, events(2));
        assertEquals(List.of(), CustodyChain.verify(second, link));
        // a second bag linked to the wrong line (here: the first bag's first line) breaks at its line 1
        List<String> wrong = CustodyChain.lines(Sha256.of(first.get(0)), events(2));
        assertEquals(List.of(new CustodyChain.Break(1, link, Sha256.of(first.get(0)))), CustodyChain.verify(wrong, link));
    }

    @Test
    void a_line_that_is_not_json_is_a_break() {
        List<String> lines = new ArrayList<>(CustodyChain.lines(Sha256.ZERO, events(2)));
        lines.set(0, "not json");
        List<CustodyChain.Break> breaks = CustodyChain.verify(lines, Sha256.ZERO);
        assertEquals(2, breaks.size());
        assertEquals("a line that is not a JSON object", breaks.get(0).found());
        assertEquals("line 1: prev expected " + Sha256.ZERO + ", found a line that is not a JSON object",
                breaks.get(0).describe());
    }

    @Test
    void the_summary_event_carries_the_counts() {
        Counts counts = new Counts(37, 52, 47, Map.of("transcoding", 2, "restoring", 1), Map.of("deleted", 2));
        String line = CustodyChain.line(CustodyEvent.summary(T0, "holdfast-demo", "n1", counts, 9000), Sha256.ZERO);
        assertTrue(line.endsWith(",\"prev\":\"" + Sha256.ZERO + "\",\"heldConversations\":37,\"found\":52,"
                + "\"delivered\":47,\"pending\":3,\"terminal\":2,\"bytes\":9000,"
                + "\"pendingByReason\":{\"transcoding\":2,\"restoring\":1},\"terminalByReason\":{\"deleted\":2}}"), line);
        assertEquals(CustodyEvent.SUMMARY, CustodyChain.field(line, "event"));
    }

    @Test
    void the_summary_event_counts_the_recordings_by_media_type() {
        List<ReconciliationRow> rows = List.of(
                new ReconciliationRow("c1", "r1", "delivered", null, "holdfast-run1", "data/d/c1/r1.original.ogg", null, 1, null, "audio"),
                new ReconciliationRow("c1", "r2", "terminal", "deleted", null, null, null, 1, null, "audio"),
                new ReconciliationRow("c2", "r3", "delivered", null, "holdfast-run1", "data/d/c2/r3.eml", null, 1, null, "email"),
                new ReconciliationRow("c3", "r4", "pending", "transcoding", null, null, null, 1, null, "chat"));
        String line = CustodyChain.line(CustodyEvent.summary(T0, "holdfast-demo", "n1", Counts.of(3, rows), 100), Sha256.ZERO);
        assertTrue(line.endsWith(",\"byMediaType\":{\"audio\":{\"found\":2,\"delivered\":1,\"pending\":0,\"terminal\":1},"
                + "\"chat\":{\"found\":1,\"delivered\":0,\"pending\":1,\"terminal\":0},"
                + "\"email\":{\"found\":1,\"delivered\":1,\"pending\":0,\"terminal\":0}}}"), line);
    }

    @Test
    void details_cannot_shadow_a_fixed_field_and_prev_must_be_a_hash() {
        assertThrows(IllegalArgumentException.class,
                () -> CustodyEvent.of(T0, "delivered", CONV, REC, "a", "n").with("prev", Sha256.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> CustodyChain.line(CustodyEvent.of(T0, "delivered", CONV, REC, "a", "n"), "abc"));
    }
}
