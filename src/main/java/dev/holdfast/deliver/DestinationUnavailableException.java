package dev.holdfast.deliver;

import java.io.IOException;

/** The destination cannot be reached or refuses us; the message says what, where and which setting to check. */
public class DestinationUnavailableException extends IOException {

    public DestinationUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
