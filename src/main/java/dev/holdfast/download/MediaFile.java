package dev.holdfast.download;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A recording's bytes in the spool, as received: SHA-256 and size computed while streaming.
 *
 * @param path       {@code direct} (the recording's own media URL) or {@code batch} (batch download)
 * @param mediaHost  the host it came from, never the URL (which carries a signature)
 */
public record MediaFile(Path file, String sha256, long size, String contentType, String path, String mediaHost,
                        Instant retrievedAt) {
}
