package dev.holdfast.pipeline;

import dev.holdfast.cli.Holdfast;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.Scenario;
import dev.holdfast.testsupport.Destinations;
import dev.holdfast.testsupport.Exporter;
import dev.holdfast.testsupport.SftpTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code export} command's exit codes and messages: what a person sees when something is wrong. */
class ExportCommandTest {

    private static GenesysSandbox sandbox;

    @TempDir
    Path work;

    @BeforeAll
    static void start() {
        sandbox = GenesysSandbox.start(Scenario.builder(61).conversations(20).build(), "127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void an_explicit_window_exports_and_exits_0_or_3_and_says_what_it_found() {
        Result result = export(settings(), "--from", "2020-01-01T00:00:00Z", "--to", "2020-01-02T00:00:00Z");
        assertEquals(0, result.code(), result.out());
        assertTrue(result.out().contains("held conversations 0"), result.out());
    }

    @Test
    void wrong_credentials_exit_1_with_an_actionable_message_and_without_the_secret() {
        Map<String, String> settings = settings();
        settings.put("genesys.client-secret", "not-the-secret-42");
        Result result = export(settings);
        assertEquals(1, result.code(), result.out());
        assertTrue(result.out().contains("GENESYS_CLIENT_SECRET"), result.out());
        assertFalse(result.out().contains("not-the-secret-42"));
    }

    @Test
    void a_secret_on_the_command_line_is_warned_about_and_the_export_still_runs() {
        // settings() gives the sandbox's client secret as --genesys.client-secret=..., as a script might
        Result result = export(settings(), "--from", "2020-01-01T00:00:00Z", "--to", "2020-01-02T00:00:00Z");
        assertEquals(0, result.code(), result.out());
        assertTrue(result.out().contains("warning") && result.out().contains("GENESYS_CLIENT_SECRET"), result.out());
        // the sandbox's secret equals its client id, so look for it where the warning would quote it
        assertFalse(result.out().contains("client-secret=" + sandbox.scenario().clientSecret()), result.out());
    }

    @Test
    void a_missing_client_id_exits_1_naming_the_setting() {
        Map<String, String> settings = settings();
        settings.put("genesys.client-id", "");
        Result result = export(settings);
        assertEquals(1, result.code(), result.out());
        assertTrue(result.out().contains("genesys.client-id") && result.out().contains("GENESYS_CLIENT_ID"), result.out());
    }

    @Test
    void an_sftp_server_with_an_unknown_host_key_exits_1_and_nothing_is_written() throws Exception {
        try (SftpTestServer sftp = SftpTestServer.start()) {
            Map<String, String> settings = settings();
            settings.putAll(Destinations.sftp(sftp.port(), sftp.knownHostsFileWithOtherKey(), "legal"));
            Result result = export(settings);
            assertEquals(1, result.code(), result.out());
            assertTrue(result.out().contains(sftp.knownHostsFileWithOtherKey().toString()) || result.out().contains("host key"), result.out());
            assertFalse(Files.exists(sftp.root().resolve("legal")));
        }
    }

    private Map<String, String> settings() {
        Map<String, String> settings = Exporter.settingsFor(sandbox, work);
        settings.putAll(Destinations.folder(work.resolve("export")));
        return settings;
    }

    private record Result(int code, String out) {
    }

    private static Result export(Map<String, String> settings, String... extra) {
        List<String> args = new ArrayList<>(List.of("export"));
        args.addAll(List.of(extra));
        settings.forEach((k, v) -> args.add("--" + k + "=" + v));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = Holdfast.execute(args.toArray(String[]::new), print, print).code();
        return new Result(code, out.toString(StandardCharsets.UTF_8));
    }
}
