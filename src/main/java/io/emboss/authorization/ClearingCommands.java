package io.emboss.authorization;

import io.emboss.cards.Card;
import io.emboss.ledger.MoneyBatch;
import io.emboss.ledger.MoneyCommand;
import io.emboss.ledger.Transfer;
import io.emboss.ledger.TransferSpec;
import io.emboss.shared.Ids;
import io.emboss.shared.Money;
import io.emboss.shared.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A clearing file's records as money commands, decided in one batch per chunk of the file: a
 * presentment captures its authorization for the cleared amount (the difference to what was held
 * posted as its own transfer), clears it again (multi-clearing) or is force-posted; a reversal
 * releases what is held or refunds what was captured. The network has already paid the merchant,
 * so what a card cannot cover may take it below zero, but only by the force-post bound.
 */
final class ClearingCommands {
    /** Answered by a command whose authorization changed its hold between the read and the lock. */
    static final ClearingResult STALE = new ClearingResult(ClearingResult.Outcome.REJECTED, null, "stale", 0, 0, null);

    private ClearingCommands() {
    }

    record Parts(AuthorizationEngine engine, AuthorizationSettings settings) {
    }

    static MoneyCommand<ClearingResult> of(Parts parts, ClearingInstruction in, CardTransaction seen) {
        if (in.kind() == ClearingInstruction.Kind.REVERSAL) {
            return seen == null ? new Unmatched(in) : new Reverse(parts, in, seen);
        }
        return seen == null ? new ForcePost(parts, in) : new Present(parts, in, seen);
    }

    /** A reversal that names no authorization of the card: nothing to release or refund. */
    private record Unmatched(ClearingInstruction in) implements MoneyCommand<ClearingResult> {
        @Override
        public String shardKey() {
            return in.card().id();
        }

        @Override
        public void declare(MoneyBatch batch) {
            // nothing to lock: it changes nothing
        }

        @Override
        public ClearingResult decide(MoneyBatch batch) {
            return ClearingResult.rejected("no_matching_authorization: no authorization of the card has this "
                    + "network reference or auth code");
        }
    }

    /** What every clearing command on a card shares. */
    private abstract static class OnCard implements MoneyCommand<ClearingResult> {
        final Parts parts;
        final ClearingInstruction in;
        final Card card;

        OnCard(Parts parts, ClearingInstruction in) {
            this.parts = parts;
            this.in = in;
            this.card = in.card();
        }

        @Override
        public String shardKey() {
            return card.id();
        }

        TransactionRows rows(MoneyBatch batch) {
            return parts.engine().rowsOf(batch);
        }

        /** Debits the card for money the network already paid, at most the force-post bound below zero. */
        TransferSpec.Post debit(long amountMinor, String kind, String reference) {
            return new TransferSpec.Post(AuthorizationEngine.cardAccount(card),
                    AuthorizationEngine.settlementAccount(card), amountMinor, kind, reference,
                    parts.settings().getForcePostOverdraftMinor());
        }

        TransferSpec.Post credit(long amountMinor, String kind, String reference) {
            return new TransferSpec.Post(AuthorizationEngine.settlementAccount(card),
                    AuthorizationEngine.cardAccount(card), amountMinor, kind, reference);
        }

        ClearingResult beyondOverdraft() {
            return ClearingResult.rejected("insufficient_funds: the card cannot cover it even "
                    + Money.format(parts.settings().getForcePostOverdraftMinor(), card.currency())
                    + " below zero");
        }
    }

    /** A presentment with no authorization to match: recorded and posted as a force-post. */
    private static final class ForcePost extends OnCard {
        ForcePost(Parts parts, ClearingInstruction in) {
            super(parts, in);
        }

        @Override
        public void declare(MoneyBatch batch) {
            rows(batch);
            AuthorizationEngine.lockCardAccounts(batch, card);
        }

        @Override
        public ClearingResult decide(MoneyBatch batch) {
            String id = Ids.next("txn");
            Outcome<List<Transfer>> moved = batch.move(List.of(debit(in.amountMinor(), "force_post", id)));
            if (!moved.isOk()) {
                return beyondOverdraft();
            }
            Instant now = batch.now();
            CardTransaction t = new CardTransaction(id, null, card.tenantId(), card.environment(), card.id(),
                    card.customerId(), "force_post", CardTransaction.COMPLETED, true, null, in.authCode(),
                    card.currency(), in.amountMinor(), in.transactionCurrency(), in.transactionAmountMinor(), 0, 0,
                    in.amountMinor(), 0, 0, null, null, in.merchant(), null, in.networkReference(), null, now, now);
            rows(batch).add(t);
            batch.publish(new TransactionEvents.Changed("transaction.created", t));
            return ClearingResult.of(ClearingResult.Outcome.FORCE_POSTED, id, in.amountMinor());
        }
    }

    /** A record that matched an authorization read before the batch, decided on it as locked. */
    private abstract static class OnAuthorization extends OnCard {
        final CardTransaction seen;

        OnAuthorization(Parts parts, ClearingInstruction in, CardTransaction seen) {
            super(parts, in);
            this.seen = seen;
        }

        @Override
        public void declare(MoneyBatch batch) {
            rows(batch).want(seen.authorizationId());
            parts.engine().spendingOf(batch).want(card.id());
            if (seen.holdId() != null) {
                batch.lockPending(seen.holdId());
            }
            AuthorizationEngine.lockCardAccounts(batch, card);
        }

        @Override
        public ClearingResult decide(MoneyBatch batch) {
            Optional<CardTransaction> locked = rows(batch).authorization(card.tenantId(), card.environment(),
                    seen.authorizationId());
            if (locked.isEmpty()) {
                throw new IllegalStateException("a matched authorization is locked by its batch");
            }
            if (!Objects.equals(locked.get().holdId(), seen.holdId())) {
                return STALE;
            }
            return change(batch, locked.get());
        }

        abstract ClearingResult change(MoneyBatch batch, CardTransaction t);

        /** Records the new state; gives what the card no longer owes back to its spending window. */
        void changed(MoneyBatch batch, CardTransaction updated, long releasedMinor) {
            if (releasedMinor > 0) {
                parts.engine().spendingOf(batch).release(card.id(), releasedMinor, updated.createdAt());
            }
            rows(batch).update(updated);
            batch.publish(new TransactionEvents.Changed("transaction.updated", updated));
        }
    }

    /** A presentment of a matched authorization: captured, cleared again, or posted late. */
    private static final class Present extends OnAuthorization {
        Present(Parts parts, ClearingInstruction in, CardTransaction seen) {
            super(parts, in, seen);
        }

        @Override
        ClearingResult change(MoneyBatch batch, CardTransaction t) {
            long amount = in.amountMinor();
            if (t.heldMinor() == 0) {
                return postAgain(batch, t, amount);
            }
            long held = t.heldMinor();
            long difference = amount - held;
            String kind = differenceKind(t);
            List<TransferSpec> specs = new ArrayList<>();
            specs.add(new TransferSpec.PostPending(t.holdId(), held, t.id()));
            if (difference > 0) {
                specs.add(debit(difference, kind, t.id()));
            } else if (difference < 0) {
                specs.add(credit(-difference, kind, t.id()));
            }
            if (!batch.move(specs).isOk()) {
                return beyondOverdraft();
            }
            Instant now = batch.now();
            rows(batch).capture(Ids.next("cap"), t.id(), amount, now);
            changed(batch, TransactionService.with(t, CardTransaction.COMPLETED, 0, t.capturedMinor() + amount,
                    t.reversedMinor(), t.refundedMinor(), t.holdId(), now), Math.max(0, -difference));
            ClearingResult.Outcome outcome = difference == 0 ? ClearingResult.Outcome.MATCHED
                    : difference > 0 ? ClearingResult.Outcome.OVER_CLEARED : ClearingResult.Outcome.UNDER_CLEARED;
            return new ClearingResult(outcome, t.id(), null, amount, difference, difference == 0 ? null : kind);
        }

        /**
         * The authorization holds nothing: cleared before, it is cleared again (multi-clearing); expired
         * or reversed unclaimed, the presentment is posted late. Either way the network paid.
         */
        private ClearingResult postAgain(MoneyBatch batch, CardTransaction t, long amount) {
            boolean further = t.capturedMinor() > 0;
            if (!batch.move(List.of(debit(amount, further ? "clearing_further_capture" : "force_post", t.id())))
                    .isOk()) {
                return beyondOverdraft();
            }
            Instant now = batch.now();
            rows(batch).capture(Ids.next("cap"), t.id(), amount, now);
            changed(batch, TransactionService.with(t, CardTransaction.COMPLETED, 0, t.capturedMinor() + amount,
                    t.reversedMinor(), t.refundedMinor(), t.holdId(), now), 0);
            return further ? ClearingResult.of(ClearingResult.Outcome.FURTHER_CAPTURE, t.id(), amount)
                    : new ClearingResult(ClearingResult.Outcome.FORCE_POSTED, t.id(), "the authorization was "
                    + t.status() + " and held nothing: posted as a late presentment", amount, 0, null);
        }

        /**
         * The merchant asked the same amount in its own currency: the difference is the exchange rate's;
         * otherwise the amount itself changed (a tip, a partial shipment).
         */
        private String differenceKind(CardTransaction t) {
            boolean sameMerchantAmount = in.transactionCurrency() != null
                    && in.transactionCurrency().equals(t.merchantCurrency())
                    && in.transactionAmountMinor() == t.merchantAmountMinor();
            return sameMerchantAmount ? "clearing_fx_difference" : "clearing_amount_difference";
        }
    }

    /** A reversal of a matched authorization: releases what it holds, or refunds what it captured. */
    private static final class Reverse extends OnAuthorization {
        Reverse(Parts parts, ClearingInstruction in, CardTransaction seen) {
            super(parts, in, seen);
        }

        @Override
        ClearingResult change(MoneyBatch batch, CardTransaction t) {
            long amount = in.amountMinor();
            if (t.heldMinor() > 0) {
                return release(batch, t, amount);
            }
            long refundable = t.capturedMinor() - t.refundedMinor();
            if (amount > refundable) {
                return ClearingResult.rejected("reversal_exceeds_captured: " + Money.format(refundable,
                        card.currency()) + " of the authorization can be reversed");
            }
            String id = Ids.next("txn");
            if (!batch.move(List.of(credit(amount, "refund", id))).isOk()) {
                throw new IllegalStateException("a credit to a card cannot be refused");
            }
            Instant now = batch.now();
            CardTransaction refund = new CardTransaction(id, null, card.tenantId(), card.environment(), card.id(),
                    card.customerId(), "refund", CardTransaction.COMPLETED, true, null, null, card.currency(), amount,
                    in.transactionCurrency(), in.transactionAmountMinor(), 0, 0, 0, 0, 0, null, t.id(),
                    in.merchant() != null ? in.merchant() : t.merchant(), null, in.networkReference(), null, now, now);
            rows(batch).add(refund);
            batch.publish(new TransactionEvents.Changed("transaction.created", refund));
            changed(batch, TransactionService.with(t, t.status(), t.heldMinor(), t.capturedMinor(), t.reversedMinor(),
                    t.refundedMinor() + amount, t.holdId(), now), 0);
            return ClearingResult.of(ClearingResult.Outcome.REFUNDED, id, amount);
        }

        private ClearingResult release(MoneyBatch batch, CardTransaction t, long amount) {
            if (amount > t.heldMinor()) {
                return ClearingResult.rejected("reversal_exceeds_authorization: only "
                        + Money.format(t.heldMinor(), card.currency()) + " is held");
            }
            long remaining = t.heldMinor() - amount;
            List<TransferSpec> specs = new ArrayList<>();
            specs.add(new TransferSpec.VoidPending(t.holdId(), TransferSpec.VoidReason.VOIDED, t.id()));
            if (remaining > 0) {
                specs.add(HoldCommands.rehold(parts.settings(), card, t, remaining));
            }
            Outcome<List<Transfer>> moved = batch.move(specs);
            if (!moved.isOk()) {
                throw new IllegalStateException("releasing a locked hold cannot be refused");
            }
            String status = remaining > 0 ? CardTransaction.PENDING
                    : t.capturedMinor() > 0 ? CardTransaction.COMPLETED : CardTransaction.REVERSED;
            changed(batch, TransactionService.with(t, status, remaining, t.capturedMinor(), t.reversedMinor() + amount,
                    t.refundedMinor(), remaining > 0 ? TransactionService.newHoldId(moved.value()) : t.holdId(),
                    batch.now()), amount);
            return ClearingResult.of(ClearingResult.Outcome.RELEASED, t.id(), amount);
        }
    }
}
