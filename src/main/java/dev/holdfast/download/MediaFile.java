package dev.holdfast.download;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A recording's bytes in the spool, as received: SHA-256, MD5, SHA-1 and size computed while streaming.
 *
 * @param path       {@code direct} (the recording's own media URL), {@code batch} (batch download) or {@code inline}
 *                   (a chat's or messaging's transcript, inside the recording's API answer)
 * @param mediaHost  the host it came from, never the URL (which carries a signature); null for {@code inline}
 * @param md5        hex MD5 of the same bytes, for the load file (review platforms match files by it)
 * @param sha1       hex SHA-1 of the same bytes, for the load file
 */
public record MediaFile(Path file, String sha256, long size, String contentType, String path, String mediaHost,
                        Instant retrievedAt, String md5, String sha1) {
}
