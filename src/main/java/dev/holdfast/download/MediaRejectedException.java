package dev.holdfast.download;

/** A media URL that must not be fetched (host not allowed, not https): nothing was sent to it. */
public class MediaRejectedException extends RuntimeException {
    public MediaRejectedException(String message) {
        super(message);
    }
}
