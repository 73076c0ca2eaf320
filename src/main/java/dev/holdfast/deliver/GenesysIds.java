package dev.holdfast.deliver;

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

    /** The value itself when it is a canonical lower-case UUID; otherwise {@link InvalidIdException}. */
    public static String requireUuid(String field, String value) {
        if (!isUuid(value)) {
            throw new InvalidIdException(field, value, "a canonical lower-case UUID");
        }
        return value;
    }
}
