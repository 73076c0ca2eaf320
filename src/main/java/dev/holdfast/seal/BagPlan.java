package dev.holdfast.seal;

import java.util.List;

/**
 * What sealing one bag writes, in order ({@code tagmanifest-sha256.txt} last: a bag without it is
 * incomplete), and what the ledger records once it is written.
 *
 * @param sealer who holds the seal lock while the plan is written ({@code null} for a plan that writes nothing)
 */
public record BagPlan(String bag, String sealer, List<BagFile> files, String lastLineSha256, String reconciliationSha256) {

    public static BagPlan nothing(String bag) {
        return new BagPlan(bag, null, List.of(), null, null);
    }

    public boolean writes() {
        return !files.isEmpty();
    }

    /** One file of the bag: its key at the destination, its text, and the hash the destination must confirm. */
    public record BagFile(String key, String content, String sha256, long size, String contentType) {
    }
}
