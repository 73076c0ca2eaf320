package dev.holdfast.deliver;

import dev.holdfast.integrity.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfirmedRenameTest {

    private static final String KEY = "holdfast-r/data/x.wav";

    @TempDir
    Path root;

    private final byte[] bytes = "RIFF recording".getBytes(StandardCharsets.UTF_8);

    @Test
    void a_temporary_file_holding_the_announced_bytes_takes_its_name() throws IOException {
        Path written = write(KEY + ".part", bytes);

        new ConfirmedRename(root).rename(KEY, Sha256.of(bytes), (long) bytes.length);

        assertArrayEquals(bytes, Files.readAllBytes(root.resolve(KEY)));
        assertFalse(Files.exists(written));
    }

    @Test
    void other_bytes_or_another_length_never_take_the_name() throws IOException {
        write(KEY + ".part", "RIFF recordinG".getBytes(StandardCharsets.UTF_8));
        ConfirmedRename rename = new ConfirmedRename(root);

        DeliveryNotConfirmedException other = assertThrows(DeliveryNotConfirmedException.class,
                () -> rename.rename(KEY, Sha256.of(bytes), (long) bytes.length));
        assertThrows(DeliveryNotConfirmedException.class,
                () -> rename.rename(KEY, Sha256.of(bytes), (long) bytes.length + 1));

        assertTrue(other.getMessage().contains(Sha256.of(bytes)), other.getMessage());
        assertFalse(Files.exists(root.resolve(KEY)));
    }

    @Test
    void an_existing_file_under_the_key_is_never_replaced() throws IOException {
        byte[] earlier = "RIFF earlier".getBytes(StandardCharsets.UTF_8);
        write(KEY, earlier);
        write(KEY + ".part", bytes);

        assertThrows(FileAlreadyExistsException.class,
                () -> new ConfirmedRename(root).rename(KEY, Sha256.of(bytes), (long) bytes.length));

        assertArrayEquals(earlier, Files.readAllBytes(root.resolve(KEY)));
    }

    @Test
    void a_symbolic_link_or_nothing_at_the_temporary_name_is_not_confirmed() throws IOException {
        ConfirmedRename rename = new ConfirmedRename(root);
        assertThrows(DeliveryNotConfirmedException.class, () -> rename.rename(KEY, Sha256.of(bytes), (long) bytes.length));

        Path elsewhere = Files.write(root.resolveSibling(root.getFileName() + "-outside"), bytes);
        Files.createDirectories(root.resolve(KEY).getParent());
        Files.createSymbolicLink(root.resolve(KEY + ".part"), elsewhere);
        assertThrows(DeliveryNotConfirmedException.class, () -> rename.rename(KEY, Sha256.of(bytes), (long) bytes.length));

        assertFalse(Files.exists(root.resolve(KEY)));
        Files.delete(elsewhere);
    }

    @Test
    void an_unsafe_key_is_refused_before_any_file_is_touched() {
        assertThrows(UnsafeKeyException.class,
                () -> new ConfirmedRename(root).rename("../x.wav", Sha256.of(bytes), (long) bytes.length));
    }

    private Path write(String key, byte[] content) throws IOException {
        Path file = root.resolve(key);
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }
}
