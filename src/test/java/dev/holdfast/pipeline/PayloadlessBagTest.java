package dev.holdfast.pipeline;

import dev.holdfast.custody.BagWriter;
import dev.holdfast.run.RunSummary;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.Scenario;
import dev.holdfast.testsupport.Destinations;
import dev.holdfast.testsupport.Exporter;
import dev.holdfast.testsupport.LocBagit;
import dev.holdfast.testsupport.SftpTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bag without payload (a run that delivered nothing, but whose reconciliation is new: here every held recording
 * was deleted in Genesys) still has its {@code data/} folder, empty (RFC 8493 §2.1.2), on the destinations that
 * have folders. S3 has none: a bag there is its keys, and no reader of S3 expects a folder object.
 */
class PayloadlessBagTest {

    @TempDir
    Path work;

    @Test
    void a_bag_without_payload_has_an_empty_data_folder_in_the_export_folder() throws Exception {
        Path root = work.resolve("export");
        try (GenesysSandbox sandbox = GenesysSandbox.start(allDeleted(71), "127.0.0.1", 0)) {
            assertPayloadlessBagValid(sandbox, Destinations.folder(root), root);
        }
    }

    @Test
    void a_bag_without_payload_has_an_empty_data_folder_on_the_sftp_server() throws Exception {
        try (GenesysSandbox sandbox = GenesysSandbox.start(allDeleted(72), "127.0.0.1", 0);
             SftpTestServer sftp = SftpTestServer.start()) {
            assertPayloadlessBagValid(sandbox, Destinations.sftp(sftp.port(), sftp.knownHostsFile(), "legal"),
                    sftp.root().resolve("legal"));
        }
    }

    private void assertPayloadlessBagValid(GenesysSandbox sandbox, Map<String, String> destination, Path root)
            throws Exception {
        Map<String, String> settings = Exporter.settingsFor(sandbox, work);
        settings.putAll(destination);
        try (Exporter exporter = Exporter.start(settings)) {
            RunSummary run = exporter.export(exporter.defaultWindow());
            assertEquals(0, run.delivered(), run.render());
            assertTrue(run.terminalCount() > 0, run.render());
            Path bag = root.resolve("holdfast-" + run.runId());
            assertTrue(Files.exists(bag.resolve(BagWriter.TAGMANIFEST)), "the bag is sealed");
            assertTrue(Files.readString(bag.resolve(BagWriter.BAG_INFO_TXT)).contains("Payload-Oxum: 0.0\n"));
            assertTrue(Files.isDirectory(bag.resolve("data")), "data/ exists");
            try (Stream<Path> inData = Files.list(bag.resolve("data"))) {
                assertEquals(0, inData.count(), "data/ is empty");
            }
            LocBagit.validate(bag);
        }
    }

    /** Every held recording deleted in Genesys: each is terminal, none is delivered. */
    private static Scenario allDeleted(long seed) {
        return Scenario.builder(seed).conversations(4).heldShare(1.0).transferShare(0).longCallShare(0)
                .transcodingShare(0).nullUrlShare(0).staleUrlShare(0).archivedShare(0).deletedShare(1.0).errorShare(0)
                .build();
    }
}
