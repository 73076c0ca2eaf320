package dev.holdfast.deliver;

import dev.holdfast.config.RouteKeys;
import dev.holdfast.integrity.Sha256;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;

/**
 * The delivery checks the three destination routes share, made through the {@link DestinationReader}: is the key
 * free, already holding these very bytes, or in conflict; and, after the write, does the store hold them.
 */
public final class DeliveryConfirmation {

    private final DestinationReader reader;

    public DeliveryConfirmation(DestinationReader reader) {
        this.reader = reader;
    }

    /**
     * {@code false} when the key is free; {@code true} when it already holds exactly these bytes (an earlier
     * delivery that crashed before the ledger noted it); otherwise {@link DestinationConflictException}.
     */
    public boolean alreadyPresent(String key, String sha256, Long size) throws IOException {
        requireHeaders(key, sha256, size);
        Optional<DestinationReader.StoredObject> stored = reader.stat(key);
        if (stored.isEmpty()) {
            return false;
        }
        String found = sha256Of(stored.get());
        if (stored.get().size() == size && found.equals(sha256)) {
            return true;
        }
        throw new DestinationConflictException(location(key), sha256, size, found, stored.get().size());
    }

    /**
     * A write failed part-way: its temporary file goes (keys name the run's bag, so a later retry writes elsewhere
     * and would never replace it), then the failure goes on to the caller. A temporary file that cannot be deleted
     * now (the store is unreachable) is logged and stays.
     */
    public void abandon(String key, org.apache.camel.Exchange exchange) throws Exception {
        Exception failure = exchange.getProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT, Exception.class);
        try {
            reader.discardTemporary(key);
        } catch (IOException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(DeliveryConfirmation.class)
                    .warn("the temporary file of {} could not be deleted: {}", location(key), e.getMessage());
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** After a write was refused because the key exists (S3 412): returns if it holds these bytes, else throws. */
    public void requireAlreadyPresent(String key, String sha256, Long size) throws IOException {
        if (!alreadyPresent(key, sha256, size)) {
            throw new DeliveryNotConfirmedException(location(key) + " refused the write as existing, but holds nothing");
        }
    }

    /**
     * The body about to be sent holds exactly the bytes its headers describe. Run where the store cannot check the
     * hash before the object becomes visible, because a wrong object under the final name could never be replaced.
     */
    public void requireSourceMatches(Object body, String sha256, Long size) throws IOException {
        requireHeaders("source", sha256, size);
        long actualSize;
        String actualSha256;
        if (body instanceof File file) {
            actualSize = file.length();
            try (InputStream in = Files.newInputStream(file.toPath())) {
                actualSha256 = Sha256.measure(in).sha256();
            }
        } else if (body instanceof byte[] || body instanceof String) {
            byte[] bytes = body instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : (byte[]) body;
            actualSize = bytes.length;
            actualSha256 = Sha256.of(bytes);
        } else {
            throw new IllegalArgumentException("a delivery body is a java.io.File or a String, not "
                    + (body == null ? "null" : body.getClass().getName()));
        }
        if (actualSize != size || !actualSha256.equals(sha256)) {
            throw new DeliveryNotConfirmedException("the source holds " + actualSize + " bytes with SHA-256 "
                    + actualSha256 + ", but the delivery was announced as " + size + " bytes with SHA-256 " + sha256
                    + ": nothing was written");
        }
    }

    /** The store holds exactly these bytes under the key, else {@link DeliveryNotConfirmedException}. */
    public void confirm(String key, String sha256, Long size) throws IOException {
        requireHeaders(key, sha256, size);
        DestinationReader.StoredObject stored = reader.stat(key).orElseThrow(() ->
                new DeliveryNotConfirmedException(location(key) + " is absent after the write"));
        if (stored.size() != size) {
            throw new DeliveryNotConfirmedException(location(key) + " holds " + stored.size()
                    + " bytes after the write, expected " + size);
        }
        String found = sha256Of(stored);
        if (!found.equals(sha256)) {
            throw new DeliveryNotConfirmedException(location(key) + " holds SHA-256 " + found
                    + " after the write, expected " + sha256);
        }
    }

    /**
     * Has the store fsync what it holds under the key, before the ledger is told: answers how (for the sidecar's
     * {@code fsync} field), or {@code null} when the store has nothing to ask.
     */
    public String sync(String key) throws IOException {
        return reader.sync(KeyPolicy.requireSafe(key));
    }

    /** Where a key lives, for people and the custody record: {@code s3://bucket/prefix/<key>}. */
    public String location(String key) {
        return reader.describe() + "/" + key;
    }

    // the store's own checksum when it keeps one; otherwise the bytes are read back and hashed
    private String sha256Of(DestinationReader.StoredObject stored) throws IOException {
        if (stored.storedSha256() != null) {
            return stored.storedSha256();
        }
        try (InputStream in = reader.open(stored.key())) {
            return Sha256.measure(in).sha256();
        }
    }

    private static void requireHeaders(String key, String sha256, Long size) {
        if (key == null) {
            throw new IllegalArgumentException("header HoldfastKey is missing");
        }
        if (size == null || size < 0) {
            throw new IllegalArgumentException("header HoldfastSize is missing or negative: " + size);
        }
        Sha256.requireHex(sha256, RouteKeys.SHA256);
    }
}
