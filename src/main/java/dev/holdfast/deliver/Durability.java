package dev.holdfast.deliver;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Puts a file's bytes, or a directory's entries, on stable storage (fsync) before anyone is told they are there:
 * without it a power loss after the ledger says DELIVERED can leave an empty file under the name, or no name at all.
 */
public interface Durability {

    /** fsync(2) of the file's data and metadata. */
    void file(Path file) throws IOException;

    /** fsync(2) of the directory: its entries (a rename into it, a folder created in it) survive a power loss. */
    void directory(Path directory) throws IOException;

    /** The real thing: {@link FileChannel#force} on the file, and on the directory opened for reading (POSIX). */
    Durability FSYNC = new Durability() {
        @Override
        public void file(Path file) throws IOException {
            force(file);
        }

        @Override
        public void directory(Path directory) throws IOException {
            force(directory);
        }

        private static void force(Path path) throws IOException {
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
                channel.force(true);
            }
        }
    };
}
