package dev.holdfast.download;

/**
 * The media host stopped sending (no headers, or no bytes mid-body) for the idle timeout: the recording goes pending
 * {@code media-stalled} at once, without the retries of a broken transfer, since each would wait that long again.
 */
public class MediaStalledException extends RuntimeException {
    public MediaStalledException(String message) {
        super(message);
    }
}
