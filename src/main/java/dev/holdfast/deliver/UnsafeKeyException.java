package dev.holdfast.deliver;

import dev.holdfast.safety.SafeText;
/** A destination key could escape the destination root or be read differently by a store: refused before any I/O. */
public class UnsafeKeyException extends IllegalArgumentException {

    public UnsafeKeyException(String rawKey, String reason) {
        super("destination key " + SafeText.quote(rawKey) + " refused: " + reason);
    }
}
