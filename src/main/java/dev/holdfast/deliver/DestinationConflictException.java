package dev.holdfast.deliver;

/** The key already holds different bytes: nothing was written, the existing object is left as it is. */
public class DestinationConflictException extends RuntimeException {

    public DestinationConflictException(String location, String expectedSha256, long expectedSize,
                                        String foundSha256, long foundSize) {
        super(location + " already holds other content (SHA-256 " + foundSha256 + ", " + foundSize
                + " bytes) than this delivery (SHA-256 " + expectedSha256 + ", " + expectedSize
                + " bytes); it is left untouched and must be examined by a person");
    }
}
