package dev.holdfast.custody;

import java.util.Comparator;
import java.util.List;

/**
 * Renders {@code reconciliation.csv}: RFC 4180 quoting (a field with a comma, quote or line break is quoted,
 * quotes doubled) but {@code \n} line endings like every Holdfast text file, and a guard against CSV injection:
 * a cell a spreadsheet would run as a formula (starting with {@code = + - @}, tab or CR) is prefixed with {@code '}.
 * The last column, {@code media_type}, came with the second release: appended, so that a reader of the first
 * release's columns by position still finds them.
 */
public final class ReconciliationCsv {

    public static final String HEADER =
            "conversation_id,recording_id,state,reason,bag,path,sha256,attempts,next_attempt,media_type";

    private ReconciliationCsv() {
    }

    /** The header and one row per recording, sorted by conversation then recording id so reruns compare equal. */
    public static String render(List<ReconciliationRow> rows) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        rows.stream()
                .sorted(Comparator.comparing(ReconciliationRow::conversationId)
                        .thenComparing(ReconciliationRow::recordingId))
                .forEach(row -> out.append(String.join(",",
                        cell(row.conversationId()), cell(row.recordingId()), cell(row.state()), cell(row.reason()),
                        cell(row.bag()), cell(row.path()), cell(row.sha256()), cell(Integer.toString(row.attempts())),
                        cell(row.nextAttempt() == null ? null : row.nextAttempt().toString()), cell(row.mediaType())))
                        .append('\n'));
        return out.toString();
    }

    /** One field, guarded and quoted as needed; {@code null} is empty. */
    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String guarded = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        boolean quote = guarded.indexOf(',') >= 0 || guarded.indexOf('"') >= 0
                || guarded.indexOf('\n') >= 0 || guarded.indexOf('\r') >= 0;
        return quote ? '"' + guarded.replace("\"", "\"\"") + '"' : guarded;
    }
}
