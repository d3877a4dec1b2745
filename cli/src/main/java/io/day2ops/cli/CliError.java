package io.day2ops.cli;

/** A failure the CLI reports as one line, with the exit code a CI step can use. */
public class CliError extends RuntimeException {

    /** A server that refused or could not answer, bad usage, configuration: exit code 2. */
    public static final int USAGE_OR_SERVER = 2;

    /** The operation ran and failed (a backup Failed, a gate NO-GO): exit code 1. */
    public static final int FAILED = 1;

    private final int exitCode;

    public CliError(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
