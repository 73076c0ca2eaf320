package dev.holdfast.custody;

import dev.holdfast.integrity.Sha256;

import java.util.Objects;

/**
 * One file of a recording as its sidecar names it (DESIGN.md section 8).
 *
 * @param role        {@code original} (as Genesys stores it) or {@code review} (transcoded for review)
 * @param path        its path in its bag ({@code data/<day>/<conversationId>/<name>})
 * @param derivedFrom the path of the file it was made from (a review copy's original); null for an original
 * @param bag         the bag that holds it when it is not the sidecar's own (an earlier run wrote it); else null
 * @param md5         hex MD5 of its bytes, computed in the pass that computed its SHA-256 (the load file's MD5);
 *                    null when not known (a file a ledger of an earlier release recorded): left out of the JSON
 * @param sha1        hex SHA-1 of its bytes, likewise (the load file's SHA1)
 * @param formatDelivered the format its bytes are in, with Genesys' formatId names ({@code OGG_OPUS}, {@code WAV}):
 *                    a review copy's own, beside its original's; null when not known (left out of the JSON)
 */
public record SidecarFile(String role, String path, String sha256, long size, String contentType, String derivedFrom,
                          String bag, String md5, String sha1, String formatDelivered) {

    public SidecarFile {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(path, "path");
        Sha256.requireHex(sha256, "sha256 of " + path);
        if (md5 != null && !md5.matches("[0-9a-f]{32}")) {
            throw new IllegalArgumentException("md5 of " + path + " is not a lower-case hex MD5: " + md5);
        }
        if (sha1 != null && !sha1.matches("[0-9a-f]{40}")) {
            throw new IllegalArgumentException("sha1 of " + path + " is not a lower-case hex SHA-1: " + sha1);
        }
    }

    /** A file named without its MD5 and SHA-1. */
    public SidecarFile(String role, String path, String sha256, long size, String contentType, String derivedFrom,
                       String bag) {
        this(role, path, sha256, size, contentType, derivedFrom, bag, null, null, null);
    }
}
