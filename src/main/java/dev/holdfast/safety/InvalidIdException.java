package dev.holdfast.safety;

/** An id from the API (or a run id) is not of the form Holdfast builds paths from: the recording is refused. */
public class InvalidIdException extends IllegalArgumentException {

    private final String field;

    public InvalidIdException(String field, String rawValue, String expected) {
        super(field + " " + SafeText.quote(rawValue) + " is not " + expected);
        this.field = field;
    }

    /** Which field carried the value, e.g. {@code conversationId}. */
    public String field() {
        return field;
    }
}
