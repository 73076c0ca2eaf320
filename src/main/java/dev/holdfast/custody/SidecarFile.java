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
 */
public record SidecarFile(String role, String path, String sha256, long size, String contentType, String derivedFrom,
                          String bag) {

    public SidecarFile {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(path, "path");
        Sha256.requireHex(sha256, "sha256 of " + path);
    }
}
