package dev.holdfast.deliver;

import dev.holdfast.integrity.Sha256;

import dev.holdfast.testsupport.SftpTestServer;
import dev.holdfast.testsupport.TcpProxy;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SftpDeliveryTest {

    private static SftpTestServer sftp;

    @TempDir
    Path work;
    private DeliverRoutes routes;
    private String dir;

    @BeforeAll
    static void startServer() {
        sftp = SftpTestServer.start();
    }

    @AfterAll
    static void stopServer() {
        sftp.close();
    }

    @AfterEach
    void stopRoutes() {
        sftp.failWritesAfter(-1);
        if (routes != null) {
            routes.close();
        }
    }

    private Map<String, String> settings(Path knownHosts, String password) {
        dir = "export-" + UUID.randomUUID();
        Map<String, String> settings = new HashMap<>();
        settings.put("holdfast.destination", "sftp");
        settings.put("holdfast.sftp.host", "127.0.0.1");
        settings.put("holdfast.sftp.port", String.valueOf(sftp.port()));
        settings.put("holdfast.sftp.username", SftpTestServer.USERNAME);
        settings.put("holdfast.sftp.password", password);
        settings.put("holdfast.sftp.known-hosts-file", knownHosts.toString());
        settings.put("holdfast.sftp.dir", dir);
        return settings;
    }

    private DeliverRoutes start() {
        routes = DeliverRoutes.start(settings(sftp.knownHostsFile(), SftpTestServer.PASSWORD));
        return routes;
    }

    private static String key(String name) {
        return "holdfast-20261126T0840Z-1a2b/data/2026-11-25/0b6a1d4e-7f1c-4c2a-9d3e-1f2a3b4c5d6e/" + name;
    }

    @Test
    void a_recording_and_its_sidecar_land_byte_for_byte_with_no_temporary_file_left() throws IOException {
        start();
        DeliverRoutes.SpoolFile spool = DeliverRoutes.SpoolFile.write(work, "spool.wav", 2_500_000, 11);
        String sidecar = "{\"sha256\":\"" + spool.sha256() + "\",\"note\":\"\u00fcber\"}";

        Exchange media = routes.deliver(spool, key("rec.wav"));
        Exchange text = routes.deliverText(sidecar, key("rec.json"));

        assertNull(media.getException());
        assertNull(text.getException());
        Path folder = sftp.root().resolve(dir);
        assertEquals(spool.sha256(), sha256(folder.resolve(key("rec.wav"))));
        assertEquals(sidecar, Files.readString(folder.resolve(key("rec.json")), StandardCharsets.UTF_8));
        assertEquals("sftp://127.0.0.1:" + sftp.port() + "/" + dir + "/" + key("rec.wav"),
                media.getMessage().getHeader("HoldfastLocation"));
        assertEquals(List.of(key("rec.json"), key("rec.wav")), files(folder));
    }

    @Test
    void a_delivered_file_is_fsynced_by_the_server_before_the_route_returns_and_the_route_says_so() throws IOException {
        start();
        DeliverRoutes.SpoolFile spool = DeliverRoutes.SpoolFile.write(work, "spool.wav", 300_000, 14);
        int before = sftp.synced().size();

        Exchange media = routes.deliver(spool, key("rec.wav"));

        assertNull(media.getException());
        assertEquals(List.of(Path.of(dir, key("rec.wav"))), sftp.synced().subList(before, sftp.synced().size()),
                "the server synced the file under its name (fsync@openssh.com)");
        assertEquals("fsync@openssh.com", media.getMessage().getHeader("HoldfastFsync"));
    }

    @Test
    void a_server_without_fsync_at_openssh_com_still_gets_the_file_and_the_route_says_it_was_not_offered()
            throws IOException {
        try (SftpTestServer plain = SftpTestServer.withoutFsync()) {
            Map<String, String> settings = settings(plain.knownHostsFile(), SftpTestServer.PASSWORD);
            settings.put("holdfast.sftp.port", String.valueOf(plain.port()));
            routes = DeliverRoutes.start(settings);
            DeliverRoutes.SpoolFile spool = DeliverRoutes.SpoolFile.write(work, "spool.wav", 100_000, 15);

            Exchange media = routes.deliver(spool, key("rec.wav"));

            assertNull(media.getException());
            assertEquals(spool.sha256(), sha256(plain.root().resolve(dir).resolve(key("rec.wav"))));
            assertEquals("not-offered", media.getMessage().getHeader("HoldfastFsync"));
            assertEquals(List.of(), plain.synced());
        }
    }

    @Test
    void delivering_the_same_bytes_again_is_success_and_other_bytes_are_a_conflict() throws IOException {
        start();
        DeliverRoutes.SpoolFile original = DeliverRoutes.SpoolFile.write(work, "a.wav", 200_000, 12);
        DeliverRoutes.SpoolFile other = DeliverRoutes.SpoolFile.write(work, "b.wav", 200_000, 13);
        assertNull(routes.deliver(original, key("rec.wav")).getException());

        Exchange again = routes.deliver(original, key("rec.wav"));
        Exchange clash = routes.deliver(other, key("rec.wav"));

        assertNull(again.getException());
        assertEquals(Boolean.TRUE, again.getMessage().getHeader("HoldfastAlreadyPresent"));
        assertInstanceOf(DestinationConflictException.class, clash.getException());
        Path folder = sftp.root().resolve(dir);
        assertEquals(original.sha256(), sha256(folder.resolve(key("rec.wav"))), "the original is untouched");
        assertEquals(List.of(key("rec.wav")), files(folder));
    }

    @Test
    void an_unknown_host_key_fails_naming_the_known_hosts_file_and_writes_nothing() throws IOException {
        Path empty = Files.writeString(work.resolve("known_hosts_empty"), "");
        routes = DeliverRoutes.start(settings(empty, SftpTestServer.PASSWORD));

        Exchange refused = routes.deliverText("{}", key("rec.json"));

        DestinationUnavailableException failure = assertInstanceOf(DestinationUnavailableException.class, refused.getException());
        assertTrue(failure.getMessage().contains(empty.toAbsolutePath().toString()), failure.getMessage());
        assertTrue(failure.getMessage().contains("holdfast.sftp.known-hosts-file"), failure.getMessage());
        assertEquals(List.of(), files(sftp.root().resolve(dir)));
    }

    @Test
    void a_changed_host_key_fails_and_writes_nothing() throws IOException {
        routes = DeliverRoutes.start(settings(sftp.knownHostsFileWithOtherKey(), SftpTestServer.PASSWORD));

        Exchange refused = routes.deliverText("{}", key("rec.json"));

        DestinationUnavailableException failure = assertInstanceOf(DestinationUnavailableException.class, refused.getException());
        assertTrue(failure.getMessage().contains("DIFFERENT"), failure.getMessage());
        assertEquals(List.of(), files(sftp.root().resolve(dir)));
    }

    @Test
    void a_wrong_password_fails_naming_the_settings_to_check() {
        routes = DeliverRoutes.start(settings(sftp.knownHostsFile(), "not-the-password"));

        Exchange refused = routes.deliverText("{}", key("rec.json"));

        DestinationUnavailableException failure = assertInstanceOf(DestinationUnavailableException.class, refused.getException());
        assertTrue(failure.getMessage().contains("holdfast.sftp.password"), failure.getMessage());
    }

    @Test
    void an_upload_cut_part_way_leaves_nothing_under_the_final_name_and_a_retry_completes() throws IOException {
        start();
        DeliverRoutes.SpoolFile spool = DeliverRoutes.SpoolFile.write(work, "spool.wav", 1_000_000, 14);
        sftp.failWritesAfter(300_000);

        Exchange cut = routes.deliver(spool, key("rec.wav"));

        assertTrue(cut.getException() != null, "the cut upload fails");
        Path folder = sftp.root().resolve(dir);
        assertTrue(Files.notExists(folder.resolve(key("rec.wav"))), "no partial file under the final name");

        sftp.failWritesAfter(-1);
        Exchange retry = routes.deliver(spool, key("rec.wav"));

        assertNull(retry.getException());
        assertEquals(spool.sha256(), sha256(folder.resolve(key("rec.wav"))));
        assertEquals(List.of(key("rec.wav")), files(folder), "the stale .part is gone");
    }

    @Test
    void unsafe_keys_are_refused_before_anything_is_written() throws IOException {
        start();
        for (String key : List.of("../x.json", "holdfast-r/\u0000.json", "holdfast-r/\u202enosj.json", "/x.json")) {
            assertInstanceOf(UnsafeKeyException.class, routes.deliverText("{}", key).getException(), key);
        }
        assertEquals(List.of(), files(sftp.root().resolve(dir)));
    }

    @Test
    void the_reader_lists_and_streams_what_was_delivered() throws IOException {
        start();
        routes.deliverText("a", "holdfast-run1/bagit.txt");
        routes.deliverText("b", "holdfast-run1/data/2026-01-01/x.json");
        routes.deliverText("c", "holdfast-run2/bagit.txt");

        try (DestinationReader reader = routes.context().getRegistry().lookupByNameAndType("destinationReader", DestinationReader.class)) {
            assertEquals(List.of("holdfast-run1/bagit.txt", "holdfast-run1/data/2026-01-01/x.json"), reader.list("holdfast-run1/"));
            assertEquals(3, reader.list("").size());
            try (InputStream in = reader.open("holdfast-run1/data/2026-01-01/x.json")) {
                assertEquals("b", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            assertTrue(reader.stat("holdfast-run1/nothing.txt").isEmpty());
            assertThrows(UnsafeKeyException.class, () -> reader.list("../"));
        }
    }

    @Test
    void the_reader_deletes_a_temporary_file_right_after_its_session_was_cut() throws IOException {
        // the situation after an upload cut mid-file: the reader's own session went down with the connection and
        // still looks connected, and the failed write's temporary file waits to be deleted
        String dir = "export-" + UUID.randomUUID();
        String key = key("9f669da1-55ab-40be-a5d2-65f292233dd4.wav");
        Path temporary = sftp.root().resolve(dir).resolve(key + KeyPolicy.TEMP_SUFFIX);
        Files.createDirectories(temporary.getParent());
        Files.writeString(temporary, "half a recording");
        try (TcpProxy proxy = TcpProxy.to("127.0.0.1", sftp.port());
             SftpDestinationReader reader = new SftpDestinationReader(new SftpDestinationReader.Target("127.0.0.1",
                     proxy.port(), SftpTestServer.USERNAME, SftpTestServer.PASSWORD, null,
                     sftp.knownHostsFileFor(proxy.port()), dir))) {
            assertTrue(reader.stat(key).isEmpty(), "nothing under the final name");
            proxy.cut();

            reader.discardTemporary(key);

            assertTrue(Files.notExists(temporary), "the temporary file is gone");
            assertEquals(2, proxy.connections(), "a fresh session replaced the cut one");
        }
    }

    private static List<String> files(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).map(p -> folder.relativize(p).toString()).sorted().toList();
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Sha256.measure(in).sha256();
        }
    }
}
