package dev.holdfast.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.discover.Window;
import dev.holdfast.run.RunSummary;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.Scenario;
import dev.holdfast.testsupport.DestinationView;
import dev.holdfast.testsupport.Destinations;
import dev.holdfast.testsupport.Exporter;
import dev.holdfast.testsupport.SftpTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole pipeline into a real SFTP server (Apache MINA SSHD) with its host key pinned. */
class ExportToSftpTest {

    @TempDir
    Path work;

    @Test
    void every_exportable_held_recording_lands_once_on_the_sftp_server_with_the_sandbox_sha256() throws Exception {
        try (GenesysSandbox sandbox = GenesysSandbox.start(Scenario.defaults(13), "127.0.0.1", 0);
             SftpTestServer sftp = SftpTestServer.start()) {
            Map<String, String> settings = Exporter.settingsFor(sandbox, work);
            settings.putAll(Destinations.sftp(sftp.port(), sftp.knownHostsFile(), "legal"));
            try (Exporter exporter = Exporter.start(settings)) {
                Window window = exporter.defaultWindow();
                exporter.exportUntilSettled(window, Duration.ofMinutes(3));
                DestinationView destination = DestinationView.folder(sftp.root().resolve("legal"));
                ExportExpectations.assertDeliveredExactly(sandbox, exporter, destination);
                assertTrue(destination.sha256ByKey().keySet().stream().noneMatch(k -> k.endsWith(".part")), "no temporary file left");
                assertEverythingSyncedTagManifestsLast(sftp, destination.sha256ByKey().keySet().stream().toList());

                Map<String, String> before = destination.sha256ByKey();
                RunSummary again = exporter.export(window);
                assertEquals(0, again.deliveredThisRun(), "a second export delivers nothing new");
                assertEquals(before, destination.sha256ByKey());
            }
        }
    }

    /**
     * DELIVERED means on the server's disk: the server fsynced every file (fsync@openssh.com, which MINA SSHD offers),
     * each bag's tag manifest after everything in that bag, and every sidecar says so.
     */
    private static void assertEverythingSyncedTagManifestsLast(SftpTestServer sftp, List<String> keys) throws Exception {
        List<Path> synced = List.copyOf(sftp.synced());
        for (String key : keys) {
            int at = synced.indexOf(Path.of("legal", key));
            assertTrue(at >= 0, key + " was never fsynced");
            String bag = key.substring(0, key.indexOf('/'));
            int manifest = synced.lastIndexOf(Path.of("legal", bag, "tagmanifest-sha256.txt"));
            assertTrue(manifest >= at, key + " was fsynced after its bag's tag manifest");
            if (key.contains("/data/") && key.endsWith(".json")) {
                String sidecar = Files.readString(sftp.root().resolve("legal").resolve(key));
                assertEquals("fsync@openssh.com", new ObjectMapper().readTree(sidecar).path("fsync").asText(), key + ": " + sidecar);
            }
        }
    }
}
