package dev.holdfast.custody;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the text of tag files back: strict UTF-8, manifest lines and bag-info labels as RFC 8493 defines them. */
final class BagText {

    /** RFC 8493 2.1.3: a checksum, one or more linear whitespace characters, the (encoded) path. */
    private static final Pattern MANIFEST_LINE = Pattern.compile("([0-9A-Fa-f]{64})[ \\t]+(\\S.*)");

    private BagText() {
    }

    /** The bytes as UTF-8 text, or {@code null} when they are not valid UTF-8. */
    static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Lines without their endings ({@code \n}, {@code \r\n} or {@code \r}); a final ending adds no empty line. */
    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\r\n|\r|\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    /**
     * The entries of a manifest or tag manifest, the paths decoded; a line that is not an entry gives an entry
     * with a {@code null} sha256 so the caller can report it by number.
     */
    static List<ManifestLine> manifest(String text) {
        List<ManifestLine> entries = new ArrayList<>();
        List<String> lines = lines(text);
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = MANIFEST_LINE.matcher(lines.get(i));
            entries.add(m.matches()
                    ? new ManifestLine(i + 1, m.group(1).toLowerCase(), BagPaths.decode(m.group(2)))
                    : new ManifestLine(i + 1, null, null));
        }
        return entries;
    }

    /** The labels of {@code bag-info.txt}, continuation lines (starting with a space or tab) joined; first wins. */
    static Map<String, String> labels(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        String label = null;
        StringBuilder value = new StringBuilder();
        for (String line : lines(text)) {
            if ((line.startsWith(" ") || line.startsWith("\t")) && label != null) {
                value.append(' ').append(line.strip());
                continue;
            }
            if (label != null) {
                labels.putIfAbsent(label, value.toString().strip());
            }
            int colon = line.indexOf(':');
            label = colon > 0 ? line.substring(0, colon).strip() : null;
            value = new StringBuilder(colon > 0 ? line.substring(colon + 1) : "");
        }
        if (label != null) {
            labels.putIfAbsent(label, value.toString().strip());
        }
        return labels;
    }

    /**
     * One manifest line.
     *
     * @param number 1-based line number
     * @param sha256 lower-case hex, or {@code null} when the line is malformed
     * @param path   the decoded path, or {@code null} when the line is malformed
     */
    record ManifestLine(int number, String sha256, String path) {
    }
}
