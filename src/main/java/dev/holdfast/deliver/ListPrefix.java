package dev.holdfast.deliver;

/** A listing prefix, as S3 means it: any start of a key, such as {@code holdfast-run1/} or {@code holdfast-run1/da}. */
final class ListPrefix {

    private ListPrefix() {
    }

    /**
     * The deepest complete folder of the prefix ({@code ""} for the root), checked like a key so that a listing
     * cannot walk outside the destination root either.
     */
    static String folderOf(String prefix) {
        if (prefix == null) {
            throw new IllegalArgumentException("a listing prefix is required; use \"\" for everything");
        }
        int slash = prefix.lastIndexOf('/');
        if (slash < 0) {
            return "";
        }
        return KeyPolicy.requireSafe(prefix.substring(0, slash));
    }
}
