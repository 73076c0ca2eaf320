package dev.holdfast.custody;

import dev.holdfast.integrity.Sha256;

/**
 * One payload file of a bag, as the manifest and Payload-Oxum count it.
 *
 * @param pathInBag its path inside the bag, {@code data/…}, with {@code /} separators, not percent-encoded
 * @param sha256    hex SHA-256 of its bytes
 * @param size      its size in bytes
 */
public record PayloadFile(String pathInBag, String sha256, long size) {

    public PayloadFile {
        BagPaths.requirePayloadPath(pathInBag);
        Sha256.requireHex(sha256, "sha256 of " + pathInBag);
        if (size < 0) {
            throw new IllegalArgumentException("size cannot be negative: " + pathInBag);
        }
    }
}
