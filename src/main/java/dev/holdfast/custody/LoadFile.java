package dev.holdfast.custody;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A bag's load files for review platforms, one row per payload file: {@code loadfile.dat} in Concordance form
 * (UTF-8 with a byte order mark, fields quoted in þ and separated by the byte 0x14, a line break inside a value
 * written ®, a þ inside a value doubled) and {@code loadfile.csv} with the same rows in RFC 4180 form (every field
 * quoted, a quote doubled, CRLF). Both start with a header row of {@link #FIELDS}.
 *
 * <p>Concordance has no escape for a literal ® in a value: a reader takes it for a line break. The CSV holds every
 * value exactly.
 */
public final class LoadFile {

    public static final String DAT = "loadfile.dat";
    public static final String CSV = "loadfile.csv";

    /** The fields of every row, in order. */
    public static final List<String> FIELDS = List.of("ControlNumber", "FamilyId", "ParentControlNumber", "NativePath",
            "FileName", "FileExt", "MediaType", "DateTimeStart", "DurationSeconds", "From", "To", "Participants",
            "Custodians", "Queue", "ConversationId", "RecordingId", "HoldAttribute", "MD5", "SHA1", "SHA256");

    static final char SEPARATOR = '\u0014';
    static final char QUOTE = '\u00fe';
    static final char NEWLINE = '\u00ae';
    private static final char BOM = '\ufeff';
    private static final String CRLF = "\r\n";
    private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\r|\n");

    private LoadFile() {
    }

    /** One row: a value per field of {@link #FIELDS}, never {@code null}. */
    public record Row(List<String> values) {

        public Row {
            if (values.size() != FIELDS.size()) {
                throw new IllegalArgumentException("a load file row has " + FIELDS.size() + " fields, not " + values.size());
            }
            values = List.copyOf(values);
        }

        public String get(String field) {
            int i = FIELDS.indexOf(field);
            if (i < 0) {
                throw new IllegalArgumentException("no such load file field: " + field);
            }
            return values.get(i);
        }
    }

    /** {@code loadfile.dat}: byte order mark, header row, one row per payload file, CRLF after each. */
    public static String dat(List<Row> rows) {
        StringBuilder out = new StringBuilder().append(BOM);
        datLine(out, FIELDS);
        rows.forEach(row -> datLine(out, row.values()));
        return out.toString();
    }

    /** {@code loadfile.csv}: header row, one row per payload file, every field quoted, CRLF after each. */
    public static String csv(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        csvLine(out, FIELDS);
        rows.forEach(row -> csvLine(out, row.values()));
        return out.toString();
    }

    /** A value as {@code loadfile.dat} holds it between its quotes once the doubled þ are read: line breaks as ®. */
    public static String datValue(String value) {
        return LINE_BREAK.matcher(value).replaceAll(String.valueOf(NEWLINE));
    }

    private static void datLine(StringBuilder out, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(SEPARATOR);
            }
            String quoted = datValue(values.get(i)).replace(String.valueOf(QUOTE), String.valueOf(QUOTE) + QUOTE);
            out.append(QUOTE).append(quoted).append(QUOTE);
        }
        out.append(CRLF);
    }

    private static void csvLine(StringBuilder out, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append('"').append(values.get(i).replace("\"", "\"\"")).append('"');
        }
        out.append(CRLF);
    }

    /**
     * The rows of a {@code loadfile.dat} (header first), each value as written between its quotes with doubled þ
     * read as one (line breaks stay ®: see {@link #datValue}).
     *
     * @throws IllegalArgumentException when the text is not a quoted Concordance file
     */
    public static List<List<String>> parseDat(String text) {
        return parse(text.startsWith(String.valueOf(BOM)) ? text.substring(1) : text, QUOTE, SEPARATOR);
    }

    /** The rows of a {@code loadfile.csv} (header first), each value exactly. */
    public static List<List<String>> parseCsv(String text) {
        return parse(text, '"', ',');
    }

    private static List<List<String>> parse(String text, char quote, char separator) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder value = new StringBuilder();
        int i = 0;
        int line = 1;
        while (i < text.length()) {
            if (text.charAt(i) != quote) {
                throw new IllegalArgumentException("line " + line + ": a field does not start with its quote");
            }
            i++;
            while (true) {
                if (i >= text.length()) {
                    throw new IllegalArgumentException("line " + line + ": a quoted field is not closed");
                }
                char c = text.charAt(i);
                if (c == quote && i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    value.append(quote);
                    i += 2;
                } else if (c == quote) {
                    i++;
                    break;
                } else {
                    value.append(c);
                    i++;
                }
            }
            row.add(value.toString());
            value.setLength(0);
            if (i < text.length() && text.charAt(i) == separator) {
                i++;
            } else if (text.startsWith(CRLF, i)) {
                i += 2;
                rows.add(row);
                row = new ArrayList<>();
                line++;
            } else {
                throw new IllegalArgumentException("line " + line + ": a field is not followed by a separator or CRLF");
            }
        }
        if (!row.isEmpty()) {
            throw new IllegalArgumentException("line " + line + ": the last row does not end with CRLF");
        }
        return rows;
    }
}
