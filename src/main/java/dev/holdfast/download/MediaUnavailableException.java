package dev.holdfast.download;

/** The media host kept failing (5xx, resets) through the bounded retries: the recording stays pending. */
public class MediaUnavailableException extends RuntimeException {
    public MediaUnavailableException(String message) {
        super(message);
    }
}
