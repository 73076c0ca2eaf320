package dev.holdfast.deliver;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Reads back what a destination holds, independently of the route that wrote it: the confirmation step of
 * delivery and the {@code verify} command both stand on it. Keys are relative to the destination root
 * (the folder, {@code s3://bucket/prefix/} or the SFTP directory) and always use {@code /}.
 */
public interface DestinationReader extends AutoCloseable {

    /** Size (and the SHA-256 the store itself recorded, when it keeps one) of the object, or empty when absent. */
    Optional<StoredObject> stat(String key) throws IOException;

    /** The object's bytes, streamed; the caller closes the stream. */
    InputStream open(String key) throws IOException;

    /** Every key under the prefix (recursively), sorted. */
    List<String> list(String prefix) throws IOException;

    /**
     * Deletes the temporary file of a write to {@code key} that failed part-way ({@code key + ".part"}), if the store
     * has one. Stores that never show partial writes (S3) have nothing to delete.
     */
    default void discardTemporary(String key) throws IOException {
    }

    /**
     * Asks the store to put what it holds under {@code key} on stable storage; answers how, for the sidecar, or
     * {@code null} when the store needs no asking (S3 answers a write only once it is durable).
     */
    default String sync(String key) throws IOException {
        return null;
    }

    /**
     * Makes the folder {@code key} (and those above it) if it is not there: the one thing written through the reader,
     * because the routes write files only, and a bag without payload still has an empty {@code data/} (RFC 8493
     * §2.1.2). Stores without folders (S3: keys only) have nothing to make.
     */
    default void makeFolder(String key) throws IOException {
    }

    /** A name for people: {@code file:/srv/export}, {@code s3://bucket/prefix}, {@code sftp://host:22/dir}. */
    String describe();

    @Override
    default void close() throws IOException {
    }

    /** @param storedSha256 hex SHA-256 kept by the store (S3 checksum), or {@code null} when it keeps none */
    record StoredObject(String key, long size, String storedSha256) {
    }
}
