package dev.holdfast.genesys;

/** The client credentials were refused: fatal for the run, a person must fix the configuration. */
public class GenesysAuthenticationException extends RuntimeException {
    public GenesysAuthenticationException(String message) {
        super(message);
    }
}
