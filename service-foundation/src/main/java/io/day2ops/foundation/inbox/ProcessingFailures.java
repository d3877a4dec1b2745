package io.day2ops.foundation.inbox;

import io.vertx.sqlclient.DatabaseException;
import java.util.Set;
import org.hibernate.JDBCException;

/**
 * Tells a failure that will happen again on every retry (the event cannot be stored as it is, or the code has a bug)
 * from one that goes away (database or broker unreachable, timeouts). The first kind must not block a partition
 * forever; the second must never lose an event.
 */
final class ProcessingFailures {

    /** SQLSTATE classes that the same statement hits again: data exceptions, integrity violations, syntax/access. */
    private static final Set<String> DETERMINISTIC_SQL_CLASSES = Set.of("22", "23", "42");

    private ProcessingFailures() {}

    static boolean isDeterministic(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            String sqlClass = sqlClass(cause);
            if (sqlClass != null) {
                return DETERMINISTIC_SQL_CLASSES.contains(sqlClass);
            }
            if (cause instanceof GaveUp
                    || cause instanceof IllegalArgumentException
                    || cause instanceof NullPointerException
                    || cause instanceof ClassCastException
                    || cause instanceof ArithmeticException) {
                return true;
            }
        }
        return false;
    }

    /** SQLSTATE classes that go away: connection, transaction rollback (serialization, deadlock), resources, shutdown. */
    private static final Set<String> TRANSIENT_SQL_CLASSES = Set.of("08", "40", "53", "57", "58");

    /**
     * Whether the failure is known to pass by itself (the database or broker is away, a timeout): retried until it
     * does, never dead-lettered. What is neither this nor {@link #isDeterministic} is retried a bounded number of
     * times, then dead-lettered (an unknown exception must not block its partition forever).
     */
    static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            String sqlClass = sqlClass(cause);
            if (sqlClass != null) {
                return TRANSIENT_SQL_CLASSES.contains(sqlClass);
            }
            if (cause instanceof java.io.IOException
                    || cause instanceof java.util.concurrent.TimeoutException
                    || cause instanceof io.vertx.sqlclient.ClosedConnectionException
                    || cause instanceof org.apache.kafka.common.errors.RetriableException
                    || cause instanceof io.smallrye.mutiny.TimeoutException) {
                return true;
            }
            String message = String.valueOf(cause.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (cause.getClass().getName().startsWith("io.vertx.")
                    && (message.contains("connection") || message.contains("pool"))) {
                return true; // "Connection refused", "Connection is closed", "Timeout waiting for pool"
            }
        }
        return false;
    }

    /** The SQLSTATE class (its first two characters) of a database error, or null for anything else. */
    private static String sqlClass(Throwable cause) {
        String sqlState = cause instanceof DatabaseException database
                ? database.getSqlState()
                : cause instanceof JDBCException jdbc ? jdbc.getSQLState() : null;
        return sqlState != null && sqlState.length() >= 2 ? sqlState.substring(0, 2) : null;
    }

    /** The innermost message, which is the one that names the problem. */
    static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        StackTraceElement[] stack = cause.getStackTrace();
        return cause.getClass().getSimpleName() + ": " + cause.getMessage()
                + (stack.length > 0 ? " (at " + stack[0] + ")" : "");
    }

    /** An unknown failure that kept happening: from here on treated as the event's own (dead-lettered). */
    static final class GaveUp extends RuntimeException {
        final int attempts;

        GaveUp(Throwable cause, int attempts) {
            super(cause);
            this.attempts = attempts;
        }
    }
}
