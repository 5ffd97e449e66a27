package io.emboss.shared;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What a request writes with its answer in the same database transaction as the money its
 * command moved: an {@code Idempotency-Key}'s row with the response it replays, an ISO 8583
 * exchange's answer. A retry then finds the change and its answer committed together, or
 * neither. The money pipeline writes the receipts of a batch with one statement per
 * {@link Kind}: it claims them before it locks anything else (a receipt another request holds
 * makes its command {@link Refused}, never decided), and completes them with the answers after
 * every command decided.
 *
 * <p>A front binds a receipt to the command it is about to submit with {@link #during}; the
 * pipeline takes it on submit ({@link #take}).
 */
public interface Receipt {

    /** Receipts of one kind are claimed and completed together. */
    Kind kind();

    /** How receipts of one kind are written: one statement for a batch's claims, one for its answers. */
    interface Kind {
        /**
         * Claims the receipts' rows in the current transaction, in order; returns those that are
         * another's: held by a committed or concurrent request, or by an earlier receipt of the list.
         */
        Set<Receipt> claim(List<Receipt> receipts);

        /** Writes the answers into the rows this transaction claimed. */
        void complete(List<Answered> answered);
    }

    /** A claimed receipt and its command's answer. */
    record Answered(Receipt receipt, Object answer) {
    }

    /** The receipt was another's: the command was not decided; its owner's answer is the one to give. */
    final class Refused extends RuntimeException {
        public Refused() {
            super("the receipt is held by another request", null, false, false);
        }
    }

    /** Runs {@code work} with {@code receipt} bound to the next money command this thread submits. */
    static <T> T during(Receipt receipt, Supplier<T> work) {
        Receipts.BOUND.set(receipt);
        try {
            return work.get();
        } finally {
            Receipts.BOUND.remove();
        }
    }

    /** The receipt bound to this thread's next command, or null; it is bound to that one only. */
    static Receipt take() {
        Receipt r = Receipts.BOUND.get();
        Receipts.BOUND.remove();
        return r;
    }
}

final class Receipts {
    static final ThreadLocal<Receipt> BOUND = new ThreadLocal<>();

    private Receipts() {
    }
}
