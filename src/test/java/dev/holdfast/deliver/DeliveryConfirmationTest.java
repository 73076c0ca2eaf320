package dev.holdfast.deliver;

import dev.holdfast.integrity.Sha256;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeliveryConfirmationTest {

    @TempDir
    Path root;

    private final byte[] bytes = "recording".getBytes(StandardCharsets.UTF_8);

    @Test
    void a_stored_object_with_other_bytes_is_not_confirmed() throws IOException {
        Files.createDirectories(root.resolve("holdfast-r"));
        Files.write(root.resolve("holdfast-r/x.wav"), "recordinG".getBytes(StandardCharsets.UTF_8));
        DeliveryConfirmation confirmation = new DeliveryConfirmation(new FileDestinationReader(root));

        DeliveryNotConfirmedException failure = assertThrows(DeliveryNotConfirmedException.class,
                () -> confirmation.confirm("holdfast-r/x.wav", Sha256.of(bytes), (long) bytes.length));

        assertTrue(failure.getMessage().contains(Sha256.of(bytes)), failure.getMessage());
    }

    @Test
    void a_missing_or_short_object_is_not_confirmed() throws IOException {
        DeliveryConfirmation confirmation = new DeliveryConfirmation(new FileDestinationReader(root));
        assertThrows(DeliveryNotConfirmedException.class,
                () -> confirmation.confirm("holdfast-r/x.wav", Sha256.of(bytes), (long) bytes.length));

        Files.createDirectories(root.resolve("holdfast-r"));
        Files.write(root.resolve("holdfast-r/x.wav"), "record".getBytes(StandardCharsets.UTF_8));
        assertThrows(DeliveryNotConfirmedException.class,
                () -> confirmation.confirm("holdfast-r/x.wav", Sha256.of(bytes), (long) bytes.length));
    }

    @Test
    void the_key_is_free_when_nothing_is_stored_and_headers_are_checked() throws IOException {
        DeliveryConfirmation confirmation = new DeliveryConfirmation(new FileDestinationReader(root));

        assertFalse(confirmation.alreadyPresent("holdfast-r/x.wav", Sha256.of(bytes), (long) bytes.length));
        assertThrows(IllegalArgumentException.class,
                () -> confirmation.alreadyPresent("holdfast-r/x.wav", Sha256.of(bytes).toUpperCase(), 9L));
        assertThrows(IllegalArgumentException.class,
                () -> confirmation.alreadyPresent("holdfast-r/x.wav", Sha256.of(bytes), null));
    }

    @Test
    void a_symbolic_link_at_the_key_is_not_taken_for_a_delivered_file() throws IOException {
        Path elsewhere = Files.write(root.resolveSibling(root.getFileName() + "-outside"), bytes);
        Files.createDirectories(root.resolve("holdfast-r"));
        Files.createSymbolicLink(root.resolve("holdfast-r/x.wav"), elsewhere);
        DeliveryConfirmation confirmation = new DeliveryConfirmation(new FileDestinationReader(root));

        assertThrows(IOException.class,
                () -> confirmation.alreadyPresent("holdfast-r/x.wav", Sha256.of(bytes), (long) bytes.length));
        Files.delete(elsewhere);
    }
}
