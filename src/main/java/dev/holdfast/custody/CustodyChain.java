package dev.holdfast.custody;

import dev.holdfast.integrity.Sha256;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Renders custody events as hash-chained JSON lines and checks such a chain: each line's {@code prev} is the hex
 * SHA-256 of the previous line's UTF-8 bytes without its line ending, so an edited, inserted, deleted or
 * reordered line breaks the chain at the line after it. The chain runs across bags: a bag's first line links to
 * the last line of the previous bag's log, and the very first line ever to {@link Sha256#ZERO}.
 */
public final class CustodyChain {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CustodyChain() {
    }

    /** One event as one JSON line (no line ending), fields in the fixed order, then the details in theirs. */
    public static String line(CustodyEvent e, String prev) {
        Sha256.requireHex(prev, "prev");
        ObjectNode node = JSON.createObjectNode();
        node.put("time", e.time().toString());
        node.put("event", e.event());
        node.put("conversationId", e.conversationId());
        node.put("recordingId", e.recordingId());
        node.put("actor", e.actor());
        node.put("node", e.node());
        node.put("prev", prev);
        e.details().forEach((key, value) -> node.set(key, tree(value)));
        // Jackson escapes control characters inside strings, so the line never holds a line ending of its own
        return node.toString();
    }

    /** The events as lines, the first linked to {@code firstPrev} and each next one to the line before it. */
    public static List<String> lines(String firstPrev, List<CustodyEvent> events) {
        List<String> lines = new ArrayList<>(events.size());
        String prev = firstPrev;
        for (CustodyEvent event : events) {
            String line = line(event, prev);
            lines.add(line);
            prev = hashOf(line);
        }
        return lines;
    }

    /** The content of a {@code custody.jsonl}: each line ended by {@code \n}. */
    public static String jsonl(List<String> lines) {
        StringBuilder out = new StringBuilder();
        lines.forEach(line -> out.append(line).append('\n'));
        return out.toString();
    }

    /** The lines of a {@code custody.jsonl}, without their endings ({@code \n}, or {@code \r\n}). */
    public static List<String> split(String jsonl) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < jsonl.length()) {
            int end = jsonl.indexOf('\n', start);
            if (end < 0) {
                end = jsonl.length();
            }
            String line = jsonl.substring(start, end);
            lines.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            start = end + 1;
        }
        return lines;
    }

    /** The hash the next line's {@code prev} must carry. */
    public static String hashOf(String line) {
        return Sha256.of(line);
    }

    /** The hash to link the next bag to: that of the last line, or {@code firstPrev} when there are none. */
    public static String lastHash(List<String> lines, String firstPrev) {
        return lines.isEmpty() ? firstPrev : hashOf(lines.get(lines.size() - 1));
    }

    /** A text field of a line ({@code event}, {@code prev}, {@code time}, …), or {@code null} when it has none. */
    public static String field(String line, String name) {
        JsonNode node = parse(line);
        return node != null && node.path(name).isTextual() ? node.get(name).asText() : null;
    }

    /**
     * Every place the chain breaks: a line whose {@code prev} is not the hash of the line before it (or, for the
     * first line, not {@code expectedFirstPrev}), or a line that is not a JSON object with a {@code prev}.
     * Empty when the chain holds.
     */
    public static List<Break> verify(List<String> lines, String expectedFirstPrev) {
        List<Break> breaks = new ArrayList<>();
        String expected = expectedFirstPrev;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            JsonNode node = parse(line);
            String found;
            if (node == null) {
                found = "a line that is not a JSON object";
            } else if (!node.path("prev").isTextual()) {
                found = "no prev";
            } else {
                found = node.get("prev").asText();
            }
            if (!expected.equals(found)) {
                breaks.add(new Break(i + 1, expected, found));
            }
            expected = hashOf(line);
        }
        return breaks;
    }

    private static JsonNode parse(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            return node != null && node.isObject() ? node : null;
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * A detail value as JSON: text, numbers, booleans, maps, lists, JSON trees; anything else (times, enums) as its
     * text. Built by hand rather than with {@code valueToTree}, which needs a jackson-core as new as databind.
     */
    private static JsonNode tree(Object value) {
        JsonNodeFactory nodes = JSON.getNodeFactory();
        if (value == null) {
            return nodes.nullNode();
        } else if (value instanceof JsonNode json) {
            return json.deepCopy();
        } else if (value instanceof Boolean b) {
            return nodes.booleanNode(b);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return nodes.numberNode(((Number) value).longValue());
        } else if (value instanceof BigDecimal big) {
            return nodes.numberNode(big);
        } else if (value instanceof BigInteger big) {
            return nodes.numberNode(big);
        } else if (value instanceof Number n) {
            return nodes.numberNode(n.doubleValue());
        } else if (value instanceof Map<?, ?> map) {
            ObjectNode object = nodes.objectNode();
            map.forEach((k, v) -> object.set(String.valueOf(k), tree(v)));
            return object;
        } else if (value instanceof Collection<?> list) {
            ArrayNode array = nodes.arrayNode();
            list.forEach(v -> array.add(tree(v)));
            return array;
        }
        return nodes.textNode(value.toString());
    }

    /**
     * Where the chain breaks.
     *
     * @param line     1-based number of the line whose {@code prev} is wrong
     * @param expected the hash it should carry
     * @param found    the {@code prev} it carries, or what was found instead
     */
    public record Break(int line, String expected, String found) {

        /** For people: {@code line 3: prev expected …, found …}. */
        public String describe() {
            return "line " + line + ": prev expected " + expected + ", found " + found;
        }
    }
}
