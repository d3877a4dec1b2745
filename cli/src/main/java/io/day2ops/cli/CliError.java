package io.day2ops.cli;

/** A failure the CLI reports as one line, with the exit code a CI step can use. */
public class CliError extends RuntimeException {

    /** A server that refused or could not answer, bad usage, configuration: exit code 2. */
    public static final int USAGE_OR_SERVER = 2;

    /** The operation ran and failed (a backup Failed, a gate NO-GO): exit code 1. */
    public static final int FAILED = 1;

    private final int exitCode;
    private final int httpStatus;

    public CliError(int exitCode, String message) {
        this(exitCode, message, 0);
    }

    /** A server's refusal: its HTTP status is kept for callers that expect one (404 while a request is taken in). */
    public CliError(int exitCode, String message, int httpStatus) {
        super(message);
        this.exitCode = exitCode;
        this.httpStatus = httpStatus;
    }

    /** The HTTP status of the refusal; 0 when the error is not a server's answer. */
    public int httpStatus() {
        return httpStatus;
    }

    public int exitCode() {
        return exitCode;
    }
}
