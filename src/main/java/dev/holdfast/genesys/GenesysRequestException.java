package dev.holdfast.genesys;

/** Genesys refused a request with a 4xx that retrying will not change; carries its ErrorBody code. */
public class GenesysRequestException extends RuntimeException {
    private final int status;
    private final String code;

    public GenesysRequestException(String endpoint, ApiResponse response) {
        super(endpoint + " answered HTTP " + response.status() + " " + response.errorCode()
                + " (correlation id " + response.correlationId() + ")");
        this.status = response.status();
        this.code = response.errorCode();
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
