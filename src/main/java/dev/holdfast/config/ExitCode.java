package dev.holdfast.config;

/** The exit codes of the command line (DESIGN.md section 3). */
public enum ExitCode {
    /** Every in-scope recording is delivered or terminal; for verify: everything matched. */
    COMPLETE(0),
    /** Configuration, authentication or destination failure: a person must act. */
    FATAL(1),
    /** Bad command line. */
    USAGE(2),
    /** Some recordings are still pending (transcoding, restoring, rate budget spent): run again later. */
    PENDING(3),
    /** verify found a mismatch or a missing file. */
    MISMATCH(4);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
