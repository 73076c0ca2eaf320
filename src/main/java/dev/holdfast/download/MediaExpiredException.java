package dev.holdfast.download;

/** The presigned media URL answered 403 or 404: it expired or went stale; a fresh URL may work. */
public class MediaExpiredException extends RuntimeException {
    public MediaExpiredException(String message) {
        super(message);
    }
}
