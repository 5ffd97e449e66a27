package io.emboss.ledger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/** One step of an atomic ledger operation. */
public sealed interface TransferSpec {

    /** Moves money at once. */
    /**
     * Moves money at once. {@code overdraftMinor} lets this one transfer take a limit-checked debit
     * account below zero by at most that much (a force-post or a stand-in advice the network already
     * approved); the account then carries that overdraft limit, which verification honours.
     */
    record Post(AccountKey debit, AccountKey credit, long amountMinor, String kind, String reference,
                long overdraftMinor) implements TransferSpec {
        public Post {
            requireSides(debit, credit, amountMinor, kind);
            if (overdraftMinor < 0) {
                throw new IllegalArgumentException("an overdraft allowance is never negative");
            }
        }

        public Post(AccountKey debit, AccountKey credit, long amountMinor, String kind, String reference) {
            this(debit, credit, amountMinor, kind, reference, 0);
        }
    }

    /** Holds money (a pending transfer) until it is posted, voided or its timeout passes. */
    record Hold(AccountKey debit, AccountKey credit, long amountMinor, String kind, String reference,
                Instant timeoutAt) implements TransferSpec {
        public Hold {
            requireSides(debit, credit, amountMinor, kind);
            // stored with microsecond precision: keep the one that is stored, so the hold returned equals the one read
            timeoutAt = timeoutAt == null ? null : timeoutAt.truncatedTo(ChronoUnit.MICROS);
        }
    }

    /** Posts a pending transfer for its amount or less; the rest is released. */
    record PostPending(String pendingId, long amountMinor, String reference) implements TransferSpec {
        public PostPending {
            Objects.requireNonNull(pendingId, "pendingId");
            if (amountMinor < 0) {
                throw new IllegalArgumentException("amount must not be negative");
            }
        }
    }

    /** Releases a pending transfer in full. */
    record VoidPending(String pendingId, VoidReason reason, String reference) implements TransferSpec {
        public VoidPending {
            Objects.requireNonNull(pendingId, "pendingId");
            Objects.requireNonNull(reason, "reason");
        }
    }

    enum VoidReason {
        VOIDED,
        EXPIRED
    }

    private static void requireSides(AccountKey debit, AccountKey credit, long amountMinor, String kind) {
        Objects.requireNonNull(debit, "debit");
        Objects.requireNonNull(credit, "credit");
        Objects.requireNonNull(kind, "kind");
        if (amountMinor <= 0) {
            throw new IllegalArgumentException("transfer amount must be positive, was " + amountMinor);
        }
        if (debit.equals(credit)) {
            throw new IllegalArgumentException("a transfer needs two different accounts");
        }
        if (debit.currency() != credit.currency()) {
            throw new IllegalArgumentException("both sides of a transfer share one currency");
        }
        if (!debit.tenantId().equals(credit.tenantId()) || debit.environment() != credit.environment()) {
            throw new IllegalArgumentException("a transfer stays within one tenant and environment");
        }
    }
}
