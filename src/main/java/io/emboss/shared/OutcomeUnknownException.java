package io.emboss.shared;

import org.springframework.transaction.TransactionSystemException;

/**
 * A COMMIT whose outcome Emboss cannot know: the connection failed while the database was
 * committing, so the change may or may not be durable. Nothing may be released or retried on the
 * strength of it; the client is told {@code outcome_unknown} and retries with its Idempotency-Key,
 * which then finds the committed answer or runs afresh.
 *
 * <p>A {@link TransactionSystemException}, so Spring treats it as a commit failure and does not try
 * to roll back over a dead connection (which used to bury it under "commit exception overridden by
 * rollback exception").
 */
public class OutcomeUnknownException extends TransactionSystemException {
    public OutcomeUnknownException(Throwable cause) {
        super("the outcome of a commit is unknown", cause);
    }
}
