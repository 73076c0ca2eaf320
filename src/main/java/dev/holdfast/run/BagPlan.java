package dev.holdfast.run;

import java.util.List;

/**
 * What sealing one bag writes, in order ({@code tagmanifest-sha256.txt} last: a bag without it is
 * incomplete), and what the ledger records once it is written.
 */
public record BagPlan(String bag, List<BagFile> files, String lastLineSha256, String reconciliationSha256) {

    public static BagPlan nothing(String bag) {
        return new BagPlan(bag, List.of(), null, null);
    }

    public boolean writes() {
        return !files.isEmpty();
    }

    /** One file of the bag: its key at the destination, its text, and the hash the destination must confirm. */
    public record BagFile(String key, String content, String sha256, long size, String contentType) {
    }
}
