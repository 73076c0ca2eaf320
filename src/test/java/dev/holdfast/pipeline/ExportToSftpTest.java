package dev.holdfast.pipeline;

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

import java.nio.file.Path;
import java.time.Duration;
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

                Map<String, String> before = destination.sha256ByKey();
                RunSummary again = exporter.export(window);
                assertEquals(0, again.deliveredThisRun(), "a second export delivers nothing new");
                assertEquals(before, destination.sha256ByKey());
            }
        }
    }
}
