package dev.holdfast.safety;

import dev.holdfast.integrity.Sha256;

import java.util.regex.Pattern;

/** Validates Genesys ids before any path or key is built from them: Genesys ids are UUIDs. */
public final class GenesysIds {

    // lower case only: Genesys serves lower case, and two spellings of one id must never make two keys
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private GenesysIds() {
    }

    /** True when the value is a canonical lower-case UUID, the only form a path or a key is built from. */
    public static boolean isUuid(String value) {
        return value != null && CANONICAL_UUID.matcher(value).matches();
    }

    /**
     * The id the ledger keeps: the id itself when it is a UUID; otherwise a name made of its SHA-256 (the first 56 hex digits), since a
     * hostile id (NUL, a right-to-left override, 300 characters) has no place in a database column or a report.
     * The raw id goes, quoted, into the row's detail.
     */
    public static String ledgerKey(String value) {
        // 64 characters, the ledger's id column: "invalid:" and 224 bits of the hash
        return isUuid(value) ? value : "invalid:" + Sha256.of(value).substring(0, 56);
    }

    /** The value itself when it is a canonical lower-case UUID; otherwise {@link InvalidIdException}. */
    public static String requireUuid(String field, String value) {
        if (!isUuid(value)) {
            throw new InvalidIdException(field, value, "a canonical lower-case UUID");
        }
        return value;
    }
}
