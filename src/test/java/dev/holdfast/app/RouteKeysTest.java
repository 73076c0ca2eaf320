package dev.holdfast.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.holdfast.config.RouteKeys;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The routes spell exchange property and header names as literals (YAML cannot import): each must be one that
 * {@link RouteKeys} declares, so that a typo in a route fails here instead of reading null at run time. Camel's
 * own headers ({@code Camel...}) are Camel's to name.
 */
class RouteKeysTest {

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{(?:exchangeProperty|header|headers)[.\\[]([A-Za-z0-9_]+)");
    private static final Set<String> NAMING_STEPS = Set.of("setHeader", "setProperty", "removeHeader", "removeProperty");

    @Test
    void everyPropertyAndHeaderNameInTheRoutesIsDeclaredByRouteKeys() throws Exception {
        Set<String> declared = declared();
        Set<String> used = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                used.addAll(namesIn(file));
            }
        }
        // the routes do use the shared names: a parser that found none would pass vacuously
        assertTrue(used.containsAll(List.of(RouteKeys.KEY, RouteKeys.SHA256, RouteKeys.RUN, RouteKeys.WORK, RouteKeys.BAG)), used::toString);
        List<String> unknown = used.stream().filter(n -> !n.startsWith("Camel") && !declared.contains(n)).toList();
        assertEquals(List.of(), unknown, "names in routes/*.yaml that RouteKeys does not declare");
    }

    static Set<String> namesIn(Path file) throws IOException {
        String text = Files.readString(file);
        Set<String> names = new TreeSet<>();
        Matcher m = EXPRESSION.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        collect(new ObjectMapper(new YAMLFactory()).readTree(text), names);
        return names;
    }

    private static void collect(JsonNode node, Set<String> names) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (NAMING_STEPS.contains(field.getKey()) && field.getValue().hasNonNull("name")) {
                    names.add(field.getValue().get("name").asText());
                }
                collect(field.getValue(), names);
            }
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, names));
        }
    }

    private static Set<String> declared() throws IllegalAccessException {
        Set<String> names = new TreeSet<>();
        List<Field> fields = new ArrayList<>(List.of(RouteKeys.class.getDeclaredFields()));
        for (Field f : fields) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                names.add((String) f.get(null));
            }
        }
        return names;
    }
}
