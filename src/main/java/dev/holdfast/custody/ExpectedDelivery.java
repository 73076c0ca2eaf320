package dev.holdfast.custody;

import dev.holdfast.integrity.Sha256;

/**
 * What the ledger says a destination holds: a delivered recording's file or sidecar.
 *
 * @param key    the key relative to the destination root ({@code holdfast-<runId>/data/…})
 * @param sha256 hex SHA-256 the ledger recorded
 * @param size   size in bytes the ledger recorded
 */
public record ExpectedDelivery(String key, String sha256, long size) {

    public ExpectedDelivery {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("an expected delivery needs a key");
        }
        Sha256.requireHex(sha256, "sha256 of " + key);
    }
}
