package dev.holdfast.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The routes are the integration team's own files: each must validate against the Camel YAML DSL schema that
 * ships with camel-yaml-dsl, which is what the Kaoto visual editor reads them with. Camel itself is more
 * lenient (it accepts shorthands the schema does not), so a route Camel runs may still not open in Kaoto.
 */
class RoutesSchemaTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static Schema camelYamlDsl;

    @BeforeAll
    static void loadSchema() throws IOException {
        try (InputStream in = RoutesSchemaTest.class.getClassLoader().getResourceAsStream("schema/camelYamlDsl.json")) {
            assertTrue(in != null, "camel-yaml-dsl ships schema/camelYamlDsl.json");
            camelYamlDsl = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(in);
        }
    }

    @Test
    void every_route_file_validates_against_the_camel_yaml_dsl_schema() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(Path.of("routes"))) {
            files = listing.filter(f -> f.getFileName().toString().endsWith(".camel.yaml")).sorted().toList();
        }
        assertTrue(files.size() >= 10, "the routes folder holds the routes: " + files);
        Map<String, List<String>> problems = new LinkedHashMap<>();
        for (Path file : files) {
            List<String> errors = errors(YAML.readTree(file.toFile()));
            if (!errors.isEmpty()) {
                problems.put(file.getFileName().toString(), errors);
            }
        }
        assertEquals(Map.of(), problems);
    }

    @Test
    void the_schema_check_catches_a_misspelt_step() throws IOException {
        // the control: without it, a check that could not fail would pass the test above
        JsonNode broken = YAML.readTree("""
                - route:
                    id: broken
                    from:
                      uri: direct:broken
                      steps:
                        - setBodyy:
                            constant: x
                """);
        assertFalse(errors(broken).isEmpty());
    }

    private static List<String> errors(JsonNode routes) {
        return camelYamlDsl.validate(routes).stream().map(Error::toString).toList();
    }
}
