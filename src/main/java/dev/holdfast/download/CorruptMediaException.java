package dev.holdfast.download;

/** The bytes received are not the recording (short body, wrong length, not audio): never delivered. */
public class CorruptMediaException extends RuntimeException {
    public CorruptMediaException(String message) {
        super(message);
    }
}
