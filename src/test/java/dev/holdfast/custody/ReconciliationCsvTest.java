package dev.holdfast.custody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconciliationCsvTest {

    private static final String SHA = "ab".repeat(32);

    private static ReconciliationRow row(String conv, String state, String reason) {
        return new ReconciliationRow(conv, "r-" + conv, state, reason, null, null, null, 1, null);
    }

    @Test
    void the_header_and_rows_are_written_sorted_with_line_feeds() {
        String csv = ReconciliationCsv.render(List.of(
                new ReconciliationRow("c2", "r2", "pending", "transcoding", null, null, null, 3,
                        Instant.parse("2026-11-24T08:00:00Z")),
                new ReconciliationRow("c1", "r1", "delivered", null, "holdfast-run1", "data/2026-11-24/c1/r1.wav", SHA,
                        1, null, "audio")));
        // media_type came with the second release, appended: the first release's columns keep their places
        assertEquals("conversation_id,recording_id,state,reason,bag,path,sha256,attempts,next_attempt,media_type\n"
                + "c1,r1,delivered,,holdfast-run1,data/2026-11-24/c1/r1.wav," + SHA + ",1,,audio\n"
                + "c2,r2,pending,transcoding,,,,3,2026-11-24T08:00:00Z,\n", csv);
    }

    @Test
    void a_reason_with_a_comma_quote_or_line_break_stays_one_field() {
        assertEquals("\"restore failed, retrying\"", ReconciliationCsv.cell("restore failed, retrying"));
        assertEquals("\"said \"\"no\"\"\"", ReconciliationCsv.cell("said \"no\""));
        assertEquals("\"two\nlines\"", ReconciliationCsv.cell("two\nlines"));
        String csv = ReconciliationCsv.render(List.of(row("c1", "terminal", "error, \"code\" 500")));
        assertEquals("c1,r-c1,terminal,\"error, \"\"code\"\" 500\",,,,1,,\n", csv.lines().skip(1).findFirst().orElseThrow() + "\n");
    }

    @Test
    void a_cell_a_spreadsheet_would_run_as_a_formula_is_defused() {
        assertEquals("\"'=HYPERLINK(\"\"http://x\"\")\"", ReconciliationCsv.cell("=HYPERLINK(\"http://x\")"));
        assertEquals("'+1", ReconciliationCsv.cell("+1"));
        assertEquals("'-2", ReconciliationCsv.cell("-2"));
        assertEquals("'@SUM(A1)", ReconciliationCsv.cell("@SUM(A1)"));
        assertEquals("\"'=1,2\"", ReconciliationCsv.cell("=1,2"));
        assertEquals("transcoding", ReconciliationCsv.cell("transcoding"));
        assertEquals("", ReconciliationCsv.cell(null));
    }

    @Test
    void rows_need_a_known_state_and_a_reason_unless_delivered() {
        assertThrows(IllegalArgumentException.class, () -> row("c", "lost", "x"));
        assertThrows(IllegalArgumentException.class, () -> row("c", "pending", null));
        assertThrows(IllegalArgumentException.class, () -> row("c", "terminal", " "));
    }

    @Test
    void counts_close_and_render_the_run_summary() {
        List<ReconciliationRow> rows = new ArrayList<>();
        for (int i = 0; i < 47; i++) {
            rows.add(row("d" + i, "delivered", null));
        }
        rows.add(row("p1", "pending", "transcoding"));
        rows.add(row("p2", "pending", "restoring"));
        rows.add(row("p3", "pending", "transcoding"));
        rows.add(row("t1", "terminal", "deleted"));
        rows.add(row("t2", "terminal", "deleted"));
        Counts counts = Counts.of(37, rows);
        assertEquals(52, counts.found());
        assertEquals(counts.found(), counts.delivered() + counts.pending() + counts.terminal());
        assertEquals("held conversations 37, recordings found 52: delivered 47, pending 3 (transcoding 2, restoring 1),"
                + " terminal 2 (deleted 2)", counts.render());
        assertEquals(false, counts.complete());
        assertEquals("held conversations 1, recordings found 1: delivered 1, pending 0, terminal 0",
                Counts.of(1, List.of(row("d", "delivered", null))).render());
    }

    @Test
    void counts_that_do_not_close_are_refused() {
        assertThrows(IllegalArgumentException.class,
                () -> new Counts(3, 5, 3, Map.of("transcoding", 1), Map.of()));
    }
}
