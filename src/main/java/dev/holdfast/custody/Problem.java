package dev.holdfast.custody;

/**
 * One thing at the destination that is not as the bags and the ledger say.
 *
 * @param path the key of the file at fault, relative to the destination root
 * @param what what is wrong with it, for people
 */
public record Problem(String path, String what) {

    @Override
    public String toString() {
        return path + ": " + what;
    }
}
