package dev.holdfast.config;

/** A setting is missing or malformed: fatal, with a message a person can act on. */
public class ConfigurationException extends RuntimeException {
    public ConfigurationException(String message) {
        super(message);
    }
}
