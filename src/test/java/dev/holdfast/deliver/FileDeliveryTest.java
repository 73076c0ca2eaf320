package dev.holdfast.deliver;

import dev.holdfast.integrity.Sha256;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileDeliveryTest {

    private static final String KEY = "holdfast-20261126T0840Z-1a2b/data/2026-11-25/"
            + "0b6a1d4e-7f1c-4c2a-9d3e-1f2a3b4c5d6e/7c9e6679-7425-40de-944b-e07fc1f90ae7.wav";
    private static final String SIDECAR = KEY.replace(".wav", ".json");

    @TempDir
    Path work;
    private Path export;
    private DeliverRoutes routes;

    @BeforeEach
    void start() {
        export = work.resolve("export");
        routes = DeliverRoutes.start(Map.of("holdfast.destination", "file", "holdfast.file.dir", export.toString()));
    }

    @AfterEach
    void stop() {
        routes.close();
    }

    @Test
    void a_recording_and_its_sidecar_land_byte_for_byte_with_no_temporary_file_left() throws IOException {
        DeliverRoutes.SpoolFile spool = DeliverRoutes.SpoolFile.write(work, "spool.wav", 3_000_000, 1);
        String sidecar = "{\"recordingId\":\"7c9e6679-7425-40de-944b-e07fc1f90ae7\",\"note\":\"d\u00e9j\u00e0 vu\"}";

        Exchange media = routes.deliver(spool, KEY);
        Exchange text = routes.deliverText(sidecar, SIDECAR);

        assertNull(media.getException());
        assertNull(text.getException());
        assertEquals(spool.sha256(), sha256(export.resolve(KEY)));
        assertEquals(spool.sha256(), sha256(spool.path()), "the spool file is left for the steps after the delivery");
        assertEquals(sidecar, Files.readString(export.resolve(SIDECAR), StandardCharsets.UTF_8));
        assertEquals("file:" + export.toAbsolutePath() + "/" + KEY, media.getMessage().getHeader("HoldfastLocation"));
        assertEquals(Boolean.FALSE, media.getMessage().getHeader("HoldfastAlreadyPresent"));
        assertEquals(List.of(KEY, SIDECAR).stream().sorted().toList(), allFiles());
    }

    @Test
    void the_folder_route_is_made_from_the_shared_template_and_no_other_destination_has_a_route() {
        org.apache.camel.CamelContext context = routes.context();
        assertTrue(context.getRoute("deliver-file").isCreatedByRouteTemplate(), "deliver-file comes from deliver-destination");
        for (String id : List.of("deliver-file-write", "deliver-file-settle")) {
            assertTrue(context.getRoute(id) != null, id);
        }
        // the template's precondition holds for its routes too: the S3 and SFTP routes are not even made, so
        // their settings (bucket, host) may stay blank
        for (String id : List.of("deliver-s3", "deliver-s3-write", "deliver-s3-settle",
                "deliver-sftp", "deliver-sftp-write", "deliver-sftp-settle")) {
            assertNull(context.getRoute(id), id);
        }
    }

    @Test
    void delivering_the_same_bytes_again_is_success_without_a_second_write() throws IOException {
        DeliverRoutes.SpoolFile spool = DeliverRoutes.SpoolFile.write(work, "spool.wav", 100_000, 2);
        routes.deliver(spool, KEY);
        long firstWrite = Files.getLastModifiedTime(export.resolve(KEY)).toMillis();
        Files.setLastModifiedTime(export.resolve(KEY), java.nio.file.attribute.FileTime.fromMillis(firstWrite - 60_000));

        Exchange again = routes.deliver(spool, KEY);

        assertNull(again.getException());
        assertEquals(Boolean.TRUE, again.getMessage().getHeader("HoldfastAlreadyPresent"));
        assertEquals(firstWrite - 60_000, Files.getLastModifiedTime(export.resolve(KEY)).toMillis(), "not rewritten");
        assertEquals(List.of(KEY), allFiles());
    }

    @Test
    void other_bytes_under_an_existing_key_are_a_conflict_and_the_original_stays() throws IOException {
        DeliverRoutes.SpoolFile original = DeliverRoutes.SpoolFile.write(work, "a.wav", 100_000, 3);
        DeliverRoutes.SpoolFile other = DeliverRoutes.SpoolFile.write(work, "b.wav", 100_000, 4);
        routes.deliver(original, KEY);

        Exchange clash = routes.deliver(other, KEY);

        DestinationConflictException conflict = assertInstanceOf(DestinationConflictException.class, clash.getException());
        assertTrue(conflict.getMessage().contains(original.sha256()) && conflict.getMessage().contains(other.sha256()),
                conflict.getMessage());
        assertTrue(conflict.getMessage().contains(KEY), conflict.getMessage());
        assertEquals(original.sha256(), sha256(export.resolve(KEY)));
        assertEquals(List.of(KEY), allFiles());
    }

    @Test
    void a_source_that_does_not_match_its_announced_hash_never_appears_under_its_key() throws IOException {
        DeliverRoutes.SpoolFile spool = DeliverRoutes.SpoolFile.write(work, "spool.wav", 100_000, 5);

        Exchange wrong = routes.deliver(spool.path().toFile(), KEY, "0".repeat(64), spool.size(), "audio/wav");

        assertInstanceOf(DeliveryNotConfirmedException.class, wrong.getException());
        assertEquals(List.of(), allFiles(), "nothing under the key, no temporary file left");
        // the key stays free: the recording with its true hash is delivered next time
        assertNull(routes.deliver(spool, KEY).getException());
        assertEquals(spool.sha256(), sha256(export.resolve(KEY)));
    }

    @Test
    void a_temporary_file_a_dead_attempt_left_is_replaced_by_the_delivery() throws IOException {
        DeliverRoutes.SpoolFile spool = DeliverRoutes.SpoolFile.write(work, "spool.wav", 100_000, 6);
        // longer than the recording: a write into it that kept its tail would be caught by the read-back
        Path stale = export.resolve(KEY + ".part");
        Files.createDirectories(stale.getParent());
        Files.write(stale, new byte[200_000]);

        Exchange media = routes.deliver(spool, KEY);

        assertNull(media.getException());
        assertEquals(spool.sha256(), sha256(export.resolve(KEY)));
        assertEquals(List.of(KEY), allFiles());
    }

    @Test
    void unsafe_keys_are_refused_before_anything_is_written() {
        for (String key : List.of("../x.wav", "holdfast-r/\u0000.wav", "holdfast-r/\u202egnp.wav", "/etc/x",
                "holdfast-r/%2e%2e/x", "holdfast-r\\..\\x")) {
            Exchange refused = routes.deliverText("{}", key);

            assertInstanceOf(UnsafeKeyException.class, refused.getException(), key);
        }
        assertFalse(Files.exists(export), "nothing written, not even the folder");
        assertFalse(Files.exists(work.resolve("x.wav")));
    }

    @Test
    void the_reader_lists_and_streams_what_was_delivered() throws IOException {
        routes.deliverText("a", "holdfast-run1/bagit.txt");
        routes.deliverText("b", "holdfast-run1/data/2026-01-01/x.json");
        routes.deliverText("c", "holdfast-run2/bagit.txt");
        DestinationReader reader = new FileDestinationReader(export);

        assertEquals(List.of("holdfast-run1/bagit.txt", "holdfast-run1/data/2026-01-01/x.json"), reader.list("holdfast-run1/"));
        assertEquals(3, reader.list("").size());
        try (InputStream in = reader.open("holdfast-run1/data/2026-01-01/x.json")) {
            assertEquals("b", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertTrue(reader.stat("holdfast-run1/nothing.txt").isEmpty());
    }

    private List<String> allFiles() throws IOException {
        try (Stream<Path> files = Files.walk(export)) {
            return files.filter(Files::isRegularFile).map(p -> export.relativize(p).toString()).sorted().toList();
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Sha256.measure(in).sha256();
        }
    }
}
