package dev.holdfast.genesys;

/** Genesys could not answer in the bounded retries (429s, 5xx, network): the work stays pending, retried later. */
public class GenesysUnavailableException extends RuntimeException {
    public GenesysUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
