package io.emboss.web;

import io.emboss.shared.OutcomeUnknownException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Set;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Which failures are the infrastructure's (the database is down, slow, restarting or died during a
 * commit) rather than a bug. Used by every place that turns an exception into an answer, so a
 * database outage is a 503 wherever it surfaces: in a controller, a filter or a commit.
 */
public final class Failures {
    /** SQLSTATE classes of a database that is unreachable, restarting or out of resources. */
    private static final Set<String> UNAVAILABLE_CLASSES = Set.of("08", "53", "57", "58");
    /** Classes whose failure at COMMIT means a certain rollback: constraints, data, serialization. */
    private static final Set<String> CERTAIN_ROLLBACK_CLASSES = Set.of("22", "23", "40");

    public enum Kind {
        /** A commit may or may not have happened: 503 outcome_unknown, release nothing. */
        OUTCOME_UNKNOWN,
        /** The database did not answer or refused for lack of resources: 503, nothing changed. */
        UNAVAILABLE,
        /** Anything else is a bug: 500. */
        BUG
    }

    /** What the client is told about an infrastructure failure or a bug. */
    public record Answer(int status, String errorCode, String message) {
    }

    private Failures() {
    }

    /** The answer for a failure of this kind; {@code requestId} is the only detail a client sees. */
    public static Answer answer(Kind kind, String requestId) {
        return switch (kind) {
            case OUTCOME_UNKNOWN -> new Answer(503, "outcome_unknown", "The database failed while committing this "
                    + "request, so whether it took effect is unknown. Retry with the same Idempotency-Key to get the "
                    + "committed answer, or to run it if it did not commit. Request id " + requestId);
            case UNAVAILABLE -> new Answer(503, "service_unavailable",
                    "The database is unavailable; retry. Request id " + requestId);
            case BUG -> new Answer(500, "internal_error", "Internal error; request id " + requestId);
        };
    }

    public static Kind classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof OutcomeUnknownException) {
                return Kind.OUTCOME_UNKNOWN;
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessException
                    || t instanceof RecoverableDataAccessException || t instanceof CannotCreateTransactionException
                    || t instanceof TransactionSystemException || t instanceof SQLTransientException
                    || t instanceof java.net.SocketException || t instanceof java.net.SocketTimeoutException) {
                return Kind.UNAVAILABLE;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().length() >= 2
                    && UNAVAILABLE_CLASSES.contains(sql.getSQLState().substring(0, 2))) {
                return Kind.UNAVAILABLE;
            }
        }
        return Kind.BUG;
    }

    /**
     * Whether a failed COMMIT leaves the outcome unknown. Only a refusal the database states (a
     * constraint, bad data, a serialization conflict) proves a rollback; a broken connection, a
     * server shutting down or a timeout leave the transaction possibly committed.
     */
    public static boolean commitInDoubt(Throwable commitFailure) {
        for (Throwable t = commitFailure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().length() >= 2
                    && CERTAIN_ROLLBACK_CLASSES.contains(sql.getSQLState().substring(0, 2))) {
                return false;
            }
        }
        return true;
    }

    /** A log line naming the failure without its message, which may quote values from the request. */
    public static String describe(Throwable failure) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = failure; t != null && out.length() < 400; t = t.getCause()) {
            if (!out.isEmpty()) {
                out.append(" <- ");
            }
            out.append(t.getClass().getSimpleName());
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                out.append(" [SQLSTATE ").append(sql.getSQLState()).append(']');
            }
        }
        return out.toString();
    }
}
