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
            String sqlState = cause instanceof DatabaseException database
                    ? database.getSqlState()
                    : cause instanceof JDBCException jdbc ? jdbc.getSQLState() : null;
            if (sqlState != null && sqlState.length() >= 2) {
                return DETERMINISTIC_SQL_CLASSES.contains(sqlState.substring(0, 2));
            }
            if (cause instanceof IllegalArgumentException
                    || cause instanceof NullPointerException
                    || cause instanceof ClassCastException
                    || cause instanceof ArithmeticException) {
                return true;
            }
        }
        return false;
    }

    /** The innermost message, which is the one that names the problem. */
    static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
