package dev.holdfast.cli;

import org.junit.jupiter.api.Test;

import dev.holdfast.config.ExitCode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandLineTest {

    @Test
    void export_takes_a_half_open_window_in_any_iso_form() {
        CommandLine line = CommandLine.parse(List.of("export", "--from", "2026-11-24T07:05:00Z",
                "--to=2026-11-24T09:05:00.5+01:00"));
        assertEquals(CommandLine.Command.EXPORT, line.command());
        assertEquals(Instant.parse("2026-11-24T07:05:00Z"), line.from().orElseThrow());
        assertEquals(Instant.parse("2026-11-24T08:05:00.5Z"), line.to().orElseThrow());
    }

    @Test
    void settings_after_the_command_become_overrides() {
        CommandLine line = CommandLine.parse(List.of("demo", "--holdfast.destination=s3", "--genesys.region", "mypurecloud.ie"));
        assertEquals("s3", line.overrides().get("holdfast.destination"));
        assertEquals("mypurecloud.ie", line.overrides().get("genesys.region"));
    }

    @Test
    void bad_arguments_are_usage_errors() {
        for (List<String> args : List.<List<String>>of(List.of(), List.of("explode"), List.of("export", "--from", "yesterday", "--to", "2026-11-24T07:05:00Z"),
                List.of("export", "--from", "2026-11-24T07:05:00Z"), List.of("export", "--from", "2026-11-24T08:00:00Z", "--to", "2026-11-24T07:00:00Z"),
                List.of("sandbox", "--port", "99999"), List.of("demo", "--from", "2026-11-24T07:05:00Z", "--to", "2026-11-24T08:05:00Z"),
                List.of("run", "--verbose"), List.of("verify", "stray"))) {
            assertThrows(CommandLine.UsageException.class, () -> CommandLine.parse(args), args.toString());
        }
    }

    @Test
    void a_usage_error_exits_2_with_the_usage_text() {
        var err = new java.io.ByteArrayOutputStream();
        var code = Holdfast.execute(new String[]{"export", "--from", "nonsense", "--to", "2026-11-24T07:05:00Z"},
                new java.io.PrintStream(new java.io.ByteArrayOutputStream()), new java.io.PrintStream(err));
        assertEquals(2, code.code());
        assertTrue(err.toString().contains("not an ISO-8601 instant"));
        assertTrue(err.toString().contains("usage: java -jar holdfast.jar"));
    }

    @Test
    void run_refuses_a_secret_on_the_command_line_and_names_the_variable_for_it_without_its_value() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExitCode code = Holdfast.execute(new String[]{"run", "--genesys.client-secret=cs-4711-value",
                        "--holdfast.console.ops.password=pw-4711-value", "--holdfast.http.port=0"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(ExitCode.FATAL, code, text);
        assertTrue(text.contains("GENESYS_CLIENT_SECRET") && text.contains("HOLDFAST_CONSOLE_OPS_PASSWORD"), text);
        assertFalse(text.contains("4711"), text);
    }

    @Test
    void secrets_given_with_minus_d_are_found_and_other_or_empty_properties_are_not() {
        Properties system = new Properties();
        system.setProperty("aws.secretAccessKey", "k");
        system.setProperty("holdfast.db.password", "p");
        system.setProperty("holdfast.sftp.password", "");
        system.setProperty("holdfast.sftp.username", "legal");
        system.setProperty("java.version", "17");
        List<String> found = ExposedSecrets.find(Map.of("holdfast.destination", "s3", "genesys.client-secret", ""), system);
        assertEquals(2, found.size(), found.toString());
        assertTrue(found.stream().anyMatch(f -> f.contains("-Daws.secretAccessKey") && f.contains("AWS_SECRET_ACCESS_KEY")), found.toString());
        assertTrue(found.stream().anyMatch(f -> f.contains("-Dholdfast.db.password") && f.contains("HOLDFAST_DB_PASSWORD")), found.toString());
    }
}
