package dev.holdfast.deliver;

import dev.holdfast.integrity.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FolderRenameTest {

    private static final String KEY = "holdfast-r/data/x.wav";

    @TempDir
    Path root;
    @TempDir
    Path spoolDir;

    private final byte[] bytes = "RIFF recording".getBytes(StandardCharsets.UTF_8);

    @Test
    void a_temporary_file_holding_the_announced_bytes_takes_its_name() throws IOException {
        Path written = write(KEY + ".part", bytes);

        new FolderRename(root).confirmThenRename(KEY, Sha256.of(bytes), (long) bytes.length);

        assertArrayEquals(bytes, Files.readAllBytes(root.resolve(KEY)));
        assertFalse(Files.exists(written));
    }

    @Test
    void other_bytes_or_another_length_never_take_the_name() throws IOException {
        write(KEY + ".part", "RIFF recordinG".getBytes(StandardCharsets.UTF_8));
        FolderRename rename = new FolderRename(root);

        DeliveryNotConfirmedException other = assertThrows(DeliveryNotConfirmedException.class,
                () -> rename.confirmThenRename(KEY, Sha256.of(bytes), (long) bytes.length));
        assertThrows(DeliveryNotConfirmedException.class,
                () -> rename.confirmThenRename(KEY, Sha256.of(bytes), (long) bytes.length + 1));

        assertTrue(other.getMessage().contains(Sha256.of(bytes)), other.getMessage());
        assertFalse(Files.exists(root.resolve(KEY)));
    }

    @Test
    void an_existing_file_under_the_key_is_never_replaced() throws IOException {
        byte[] earlier = "RIFF earlier".getBytes(StandardCharsets.UTF_8);
        write(KEY, earlier);
        write(KEY + ".part", bytes);

        assertThrows(FileAlreadyExistsException.class,
                () -> new FolderRename(root).confirmThenRename(KEY, Sha256.of(bytes), (long) bytes.length));

        assertArrayEquals(earlier, Files.readAllBytes(root.resolve(KEY)));
    }

    @Test
    void a_symbolic_link_or_nothing_at_the_temporary_name_is_not_confirmed() throws IOException {
        FolderRename rename = new FolderRename(root);
        assertThrows(DeliveryNotConfirmedException.class, () -> rename.confirmThenRename(KEY, Sha256.of(bytes), (long) bytes.length));

        Path elsewhere = Files.write(root.resolveSibling(root.getFileName() + "-outside"), bytes);
        Files.createDirectories(root.resolve(KEY).getParent());
        Files.createSymbolicLink(root.resolve(KEY + ".part"), elsewhere);
        assertThrows(DeliveryNotConfirmedException.class, () -> rename.confirmThenRename(KEY, Sha256.of(bytes), (long) bytes.length));

        assertFalse(Files.exists(root.resolve(KEY)));
        Files.delete(elsewhere);
    }

    @Test
    void a_spool_file_is_linked_in_under_the_temporary_name_replacing_a_stale_one() throws IOException {
        Path spool = Files.write(spoolDir.resolve("recording-1.part"), bytes);
        write(KEY + ".part", "a dead attempt's longer and other bytes".getBytes(StandardCharsets.UTF_8));
        FolderRename rename = new FolderRename(root);

        rename.linkIn(spool.toFile(), KEY);
        rename.confirmThenRename(KEY, Sha256.of(bytes), (long) bytes.length);

        assertArrayEquals(bytes, Files.readAllBytes(root.resolve(KEY)));
        assertFalse(Files.exists(root.resolve(KEY + ".part")));
        assertArrayEquals(bytes, Files.readAllBytes(spool), "the spool file stays for later steps");
        assertEquals(Files.readAttributes(spool, BasicFileAttributes.class).fileKey(),
                Files.readAttributes(root.resolve(KEY), BasicFileAttributes.class).fileKey(), "one file, two names");
    }

    @Test
    void a_spool_file_on_another_file_system_is_copied_in() throws IOException {
        Path otherFileSystem = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(otherFileSystem) && Files.isWritable(otherFileSystem)
                && !Files.getFileStore(otherFileSystem).equals(Files.getFileStore(root)), "no second file system here");
        Path spool = Files.createTempFile(otherFileSystem, "recording-", ".part");
        try {
            Files.write(spool, bytes);
            FolderRename rename = new FolderRename(root);

            rename.linkIn(spool.toFile(), KEY);
            rename.confirmThenRename(KEY, Sha256.of(bytes), (long) bytes.length);

            assertArrayEquals(bytes, Files.readAllBytes(root.resolve(KEY)));
            assertArrayEquals(bytes, Files.readAllBytes(spool));
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    /*
     * fsync itself cannot be observed from Java, and a power loss cannot be simulated here: these tests hold the
     * order of the calls through the Durability seam (the real one, Durability.FSYNC, is FileChannel.force). The
     * route returns only after confirmThenRename, and the store route records DELIVERED in the ledger after the
     * deliver route returns, so every sync below comes before the ledger's commit.
     */

    @Test
    void the_file_is_synced_before_it_takes_its_name_and_its_directories_up_to_the_root_after() throws IOException {
        write(KEY + ".part", bytes);
        List<String> syncs = new ArrayList<>();

        new FolderRename(root, recordingSyncs(syncs)).confirmThenRename(KEY, Sha256.of(bytes), (long) bytes.length);

        assertEquals(List.of("file holdfast-r/data/x.wav.part, key absent", "directory holdfast-r/data, key present",
                "directory holdfast-r, key present", "directory /, key present"), syncs);
    }

    @Test
    void a_file_a_dead_attempt_left_at_its_key_is_synced_with_its_directories_before_it_counts() throws IOException {
        write(KEY, bytes);
        List<String> syncs = new ArrayList<>();

        new FolderRename(root, recordingSyncs(syncs)).settle(KEY);

        assertEquals(List.of("file holdfast-r/data/x.wav, key present", "directory holdfast-r/data, key present",
                "directory holdfast-r, key present", "directory /, key present"), syncs);
    }

    @Test
    void bytes_that_are_not_confirmed_are_never_synced_under_any_name() throws IOException {
        write(KEY + ".part", "RIFF recordinG".getBytes(StandardCharsets.UTF_8));
        List<String> syncs = new ArrayList<>();

        assertThrows(DeliveryNotConfirmedException.class, () -> new FolderRename(root, recordingSyncs(syncs))
                .confirmThenRename(KEY, Sha256.of(bytes), (long) bytes.length));

        assertEquals(List.of(), syncs);
    }

    @Test
    void the_shipped_durability_forces_files_and_directories_without_failing() throws IOException {
        write(KEY + ".part", bytes);

        new FolderRename(root).confirmThenRename(KEY, Sha256.of(bytes), (long) bytes.length);
        new FolderRename(root).settle(KEY);

        assertArrayEquals(bytes, Files.readAllBytes(root.resolve(KEY)));
    }

    /** Notes each sync with whether the key's name existed at that moment. */
    private Durability recordingSyncs(List<String> syncs) {
        Path target = root.resolve(KEY);
        return new Durability() {
            @Override
            public void file(Path file) {
                syncs.add("file " + root.relativize(file) + ", key " + (Files.exists(target) ? "present" : "absent"));
            }

            @Override
            public void directory(Path directory) {
                String name = directory.equals(root) ? "/" : root.relativize(directory).toString();
                syncs.add("directory " + name + ", key " + (Files.exists(target) ? "present" : "absent"));
            }
        };
    }

    @Test
    void an_unsafe_key_is_refused_before_any_file_is_touched() throws IOException {
        Path spool = Files.write(spoolDir.resolve("recording-2.part"), bytes);
        FolderRename rename = new FolderRename(root);

        assertThrows(UnsafeKeyException.class, () -> rename.linkIn(spool.toFile(), "../x.wav"));
        assertThrows(UnsafeKeyException.class, () -> rename.confirmThenRename("../x.wav", Sha256.of(bytes), (long) bytes.length));

        assertTrue(Files.exists(spool));
        assertFalse(Files.exists(root.resolveSibling("x.wav")));
    }

    private Path write(String key, byte[] content) throws IOException {
        Path file = root.resolve(key);
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }
}
