package io.emboss.disputes;

import io.emboss.authorization.CardTransaction;
import io.emboss.shared.Money;
import io.emboss.shared.Rejection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What may be disputed, for how much and until when: plain rules over a transaction and its disputes. */
final class DisputeRules {
    static final String NOT_DISPUTABLE = "transaction_not_disputable";
    static final String WINDOW_CLOSED = "dispute_window_closed";
    static final String EXCEEDS_DISPUTABLE = "amount_exceeds_disputable";

    private DisputeRules() {
    }

    /** A purchase (an authorization or a force post) with money captured; nothing else moved money from the card. */
    static Optional<Rejection> disputable(CardTransaction t) {
        if (!List.of("authorization", "force_post").contains(t.type())) {
            return conflict(NOT_DISPUTABLE, "Only a purchase (an authorization or a force post) can be disputed; "
                    + "this transaction is a " + t.type());
        }
        if (!t.approved() || t.capturedMinor() <= 0) {
            return conflict(NOT_DISPUTABLE, "The transaction is " + t.status() + " and has nothing captured; only "
                    + "money that was captured can be disputed");
        }
        return Optional.empty();
    }

    /** The network's deadline: the window counted from when the transaction was made. */
    static Instant deadline(CardTransaction t, int windowDays) {
        return t.createdAt().plus(java.time.Duration.ofDays(windowDays));
    }

    static Optional<Rejection> withinWindow(Instant deadline, Instant now) {
        if (now.isAfter(deadline)) {
            return conflict(WINDOW_CLOSED, "The network's dispute window closed at " + deadline);
        }
        return Optional.empty();
    }

    /**
     * What remains disputable: captured, less refunded, less what the transaction's other disputes still claim
     * (those not lost or expired). {@code exceptId} is a dispute whose own amount is being changed.
     */
    static long remaining(CardTransaction t, List<Dispute> disputes, String exceptId) {
        long claimed = disputes.stream().filter(d -> !d.id().equals(exceptId) && d.status().claims())
                .mapToLong(Dispute::amountMinor).sum();
        return t.capturedMinor() - t.refundedMinor() - claimed;
    }

    /** The amount asked (or, when none, all that remains) if it fits in what remains. */
    static io.emboss.shared.Outcome<Long> amount(Long asked, long remaining, CardTransaction t) {
        if (remaining <= 0) {
            return io.emboss.shared.Outcome.rejected(Rejection.Kind.CONFLICT, EXCEEDS_DISPUTABLE,
                    "Nothing of the transaction remains disputable: its captured amount is refunded or claimed by "
                            + "other disputes");
        }
        long amount = asked == null ? remaining : asked;
        if (amount > remaining) {
            return io.emboss.shared.Outcome.rejected(Rejection.Kind.CONFLICT, EXCEEDS_DISPUTABLE,
                    "The amount exceeds what remains disputable on the transaction, "
                            + Money.format(remaining, t.currency()) + " " + t.currency());
        }
        return io.emboss.shared.Outcome.ok(amount);
    }

    private static Optional<Rejection> conflict(String code, String message) {
        return Optional.of(Rejection.of(Rejection.Kind.CONFLICT, code, message));
    }
}
