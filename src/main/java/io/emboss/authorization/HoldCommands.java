package io.emboss.authorization;

import io.emboss.cards.Card;
import io.emboss.cards.CardService;
import io.emboss.ledger.MoneyBatch;
import io.emboss.ledger.MoneyCommand;
import io.emboss.ledger.Transfer;
import io.emboss.ledger.TransferSpec;
import io.emboss.shared.Caller;
import io.emboss.shared.Ids;
import io.emboss.shared.Money;
import io.emboss.shared.Outcome;
import io.emboss.shared.Rejection;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The locked parts of what the network asks after a decision, decided in pipeline batches like
 * the decision itself: a capture, a reversal, a refund. Each was read without a lock before (the
 * authorization and its card, to know what to lock); under the batch's locks the authorization
 * is read again, and one that changed its hold meanwhile answers {@link Settled#stale} so the
 * service reads it again and resubmits.
 */
final class HoldCommands {
    private HoldCommands() {
    }

    /** A command's answer: the outcome, what it released from holds, or that it must be asked again. */
    record Settled(Outcome<CardTransaction> outcome, long releasedMinor, boolean stale) {
        static Settled of(Outcome<CardTransaction> outcome, long releasedMinor) {
            return new Settled(outcome, releasedMinor, false);
        }

        static Settled refused(Rejection rejection) {
            return new Settled(Outcome.rejected(rejection), 0, false);
        }

        static final Settled STALE = new Settled(null, 0, true);
    }

    /** What the commands share: the batch's participants and the settings. */
    record Parts(AuthorizationEngine engine, CardService cards, AuthorizationSettings settings) {
    }

    /** What is left of an authorization's hold, held again until the authorization's own timeout. */
    static TransferSpec rehold(AuthorizationSettings settings, Card card, CardTransaction t, long amountMinor) {
        return new TransferSpec.Hold(AuthorizationEngine.cardAccount(card), AuthorizationEngine.settlementAccount(card),
                amountMinor, "authorization", t.id(), t.createdAt().plus(settings.getHoldWindow()));
    }

    /** The authorization {@code seen} before the batch, changed under its lock. */
    private abstract static class OnAuthorization implements MoneyCommand<Settled> {
        final Parts parts;
        final Caller caller;
        final CardTransaction seen;
        final Card card;

        OnAuthorization(Parts parts, Caller caller, CardTransaction seen, Card card) {
            this.parts = parts;
            this.caller = caller;
            this.seen = seen;
            this.card = card;
        }

        @Override
        public String shardKey() {
            return card.id();
        }

        @Override
        public void declare(MoneyBatch batch) {
            parts.engine().rowsOf(batch).want(seen.authorizationId());
            parts.engine().spendingOf(batch).want(card.id());
            if (seen.holdId() != null) {
                batch.lockPending(seen.holdId());
            }
            AuthorizationEngine.lockCardAccounts(batch, card);
        }

        @Override
        public Settled decide(MoneyBatch batch) {
            Optional<CardTransaction> locked = parts.engine().rowsOf(batch).authorization(caller.tenantId(),
                    caller.environment().wire(), seen.authorizationId());
            if (locked.isEmpty()) {
                return Settled.of(Outcome.notFound("authorization " + seen.authorizationId()), 0);
            }
            if (!Objects.equals(locked.get().holdId(), seen.holdId())) {
                return Settled.STALE;
            }
            return change(batch, locked.get());
        }

        abstract Settled change(MoneyBatch batch, CardTransaction t);

        TransferSpec rehold(CardTransaction t, long amountMinor) {
            return HoldCommands.rehold(parts.settings(), card, t, amountMinor);
        }

        /** Records the new state; gives what it no longer holds back to the spending window. */
        Settled changed(MoneyBatch batch, CardTransaction updated, long releasedMinor) {
            if (releasedMinor > 0) {
                parts.engine().spendingOf(batch).release(card.id(), releasedMinor, updated.createdAt());
            }
            parts.engine().rowsOf(batch).update(updated);
            batch.publish(new TransactionEvents.Changed("transaction.updated", updated));
            return Settled.of(Outcome.ok(updated), releasedMinor);
        }
    }

    /**
     * Posts the hold for the amount, over-capture within tolerance; a final capture releases what
     * it leaves held, a non-final one keeps it held for more captures.
     */
    static final class Capture extends OnAuthorization {
        private final Long amountMinor;
        private final boolean finalCapture;

        Capture(Parts parts, Caller caller, CardTransaction seen, Card card, Long amountMinor, boolean finalCapture) {
            super(parts, caller, seen, card);
            this.amountMinor = amountMinor;
            this.finalCapture = finalCapture;
        }

        @Override
        Settled change(MoneyBatch batch, CardTransaction t) {
            Optional<Rejection> notHeld = TransactionService.notHeld(t, "captured");
            if (notHeld.isPresent()) {
                return Settled.refused(notHeld.get());
            }
            long amount = amountMinor == null ? t.heldMinor() : amountMinor;
            BigDecimal percent = parts.settings().getCaptureTolerancePercent();
            long tolerance = BigDecimal.valueOf(t.heldMinor()).multiply(percent)
                    .divide(BigDecimal.valueOf(100), 0, RoundingMode.DOWN).longValueExact();
            if (amount > t.heldMinor() + tolerance) {
                return Settled.refused(Rejection.of(Rejection.Kind.CONFLICT, "amount_exceeds_authorization",
                        "Cannot capture " + Money.format(amount, t.currency()) + ": "
                                + Money.format(t.heldMinor(), t.currency()) + " is held and captures may exceed it by "
                                + percent + " %"));
            }
            long posted = Math.min(amount, t.heldMinor());
            long left = t.heldMinor() - posted;
            long released = finalCapture ? left : 0;
            long remaining = left - released;
            // posting the pending transfer for less releases the rest of it (TigerBeetle's post-pending)
            List<TransferSpec> specs = new ArrayList<>();
            specs.add(new TransferSpec.PostPending(t.holdId(), posted, t.id()));
            if (amount > t.heldMinor()) {
                specs.add(new TransferSpec.Post(AuthorizationEngine.cardAccount(card),
                        AuthorizationEngine.settlementAccount(card), amount - t.heldMinor(), "over_capture", t.id()));
            }
            if (remaining > 0) {
                specs.add(rehold(t, remaining));
            }
            Outcome<List<Transfer>> moved = batch.move(specs);
            if (!moved.isOk()) {
                return Settled.refused(moved.rejection());
            }
            Instant now = batch.now();
            parts.engine().rowsOf(batch).capture(Ids.next("cap"), t.id(), amount, now);
            return changed(batch, TransactionService.with(t, remaining > 0 ? CardTransaction.PENDING
                    : CardTransaction.COMPLETED, remaining, t.capturedMinor() + amount, t.reversedMinor() + released,
                    t.refundedMinor(), remaining > 0 ? TransactionService.newHoldId(moved.value()) : t.holdId(), now),
                    released);
        }
    }

    /** Releases all or part of what is held. */
    static final class Reverse extends OnAuthorization {
        private final Long amountMinor;

        Reverse(Parts parts, Caller caller, CardTransaction seen, Card card, Long amountMinor) {
            super(parts, caller, seen, card);
            this.amountMinor = amountMinor;
        }

        @Override
        Settled change(MoneyBatch batch, CardTransaction t) {
            Optional<Rejection> notHeld = TransactionService.notHeld(t, "reversed");
            if (notHeld.isPresent()) {
                return Settled.refused(notHeld.get());
            }
            long amount = amountMinor == null ? t.heldMinor() : amountMinor;
            if (amount > t.heldMinor()) {
                return Settled.refused(Rejection.of(Rejection.Kind.CONFLICT, "amount_exceeds_authorization",
                        "Cannot reverse " + Money.format(amount, t.currency()) + ": only "
                                + Money.format(t.heldMinor(), t.currency()) + " is held"));
            }
            long remaining = t.heldMinor() - amount;
            List<TransferSpec> specs = new ArrayList<>();
            specs.add(new TransferSpec.VoidPending(t.holdId(), TransferSpec.VoidReason.VOIDED, t.id()));
            if (remaining > 0) {
                specs.add(rehold(t, remaining));
            }
            Outcome<List<Transfer>> moved = batch.move(specs);
            if (!moved.isOk()) {
                return Settled.refused(moved.rejection());
            }
            String status = remaining > 0 ? CardTransaction.PENDING
                    : t.capturedMinor() > 0 ? CardTransaction.COMPLETED : CardTransaction.REVERSED;
            return changed(batch, TransactionService.with(t, status, remaining, t.capturedMinor(),
                    t.reversedMinor() + amount, t.refundedMinor(),
                    remaining > 0 ? TransactionService.newHoldId(moved.value()) : t.holdId(), batch.now()), amount);
        }
    }

    /** Credits the card: linked to a captured authorization when one is named, unlinked otherwise. */
    static final class Refund implements MoneyCommand<Settled> {
        private final Parts parts;
        private final Caller caller;
        private final Card card;
        private final long amountMinor;
        private final AuthorizationRequest.Merchant merchant;
        private final String authorizationId;

        Refund(Parts parts, Caller caller, Card card, long amountMinor, AuthorizationRequest.Merchant merchant,
                String authorizationId) {
            this.parts = parts;
            this.caller = caller;
            this.card = card;
            this.amountMinor = amountMinor;
            this.merchant = merchant;
            this.authorizationId = authorizationId;
        }

        @Override
        public String shardKey() {
            return card.id();
        }

        @Override
        public void declare(MoneyBatch batch) {
            parts.cards().locksOf(batch).want(card.id());
            TransactionRows rows = parts.engine().rowsOf(batch); // the refund's own row, at least
            if (authorizationId != null) {
                rows.want(authorizationId);
            }
            AuthorizationEngine.lockCardAccounts(batch, card);
        }

        @Override
        public Settled decide(MoneyBatch batch) {
            String env = caller.environment().wire();
            Optional<Card> locked = parts.cards().locksOf(batch).get(caller.tenantId(), env, card.id());
            if (locked.isEmpty()) {
                return Settled.of(Outcome.notFound("card " + card.id()), 0);
            }
            if (locked.get().status() == Card.Status.CLOSED) {
                return Settled.refused(Rejection.of(Rejection.Kind.CONFLICT, "invalid_state",
                        "The card is closed; its balance was returned when it closed"));
            }
            TransactionRows rows = parts.engine().rowsOf(batch);
            CardTransaction original = null;
            if (authorizationId != null) {
                Optional<CardTransaction> o = rows.authorization(caller.tenantId(), env, authorizationId);
                if (o.isEmpty() || !card.id().equals(o.get().cardId())) {
                    return Settled.of(Outcome.notFound("authorization " + authorizationId + " of this card"), 0);
                }
                original = o.get();
                if (original.refundedMinor() + amountMinor > original.capturedMinor()) {
                    return Settled.refused(Rejection.of(Rejection.Kind.CONFLICT, "amount_exceeds_authorization",
                            "Cannot refund more than was captured (" + Money.format(original.capturedMinor()
                                    - original.refundedMinor(), card.currency()) + " left)"));
                }
            }
            String id = Ids.next("txn");
            Outcome<List<Transfer>> moved = batch.move(List.of(new TransferSpec.Post(
                    AuthorizationEngine.settlementAccount(card), AuthorizationEngine.cardAccount(card), amountMinor,
                    "refund", id)));
            if (!moved.isOk()) {
                return Settled.refused(moved.rejection());
            }
            Instant now = batch.now();
            CardTransaction refund = new CardTransaction(id, null, card.tenantId(), card.environment(), card.id(),
                    card.customerId(), "refund", CardTransaction.COMPLETED, true, null, null, card.currency(),
                    amountMinor, card.currency().name(), amountMinor, 0, 0, 0, 0, 0, null,
                    original == null ? null : original.id(),
                    merchant != null ? merchant : original == null ? null : original.merchant(), null, null, null, now,
                    now);
            rows.add(refund);
            batch.publish(new TransactionEvents.Changed("transaction.created", refund));
            if (original != null) {
                CardTransaction updated = TransactionService.with(original, original.status(), original.heldMinor(),
                        original.capturedMinor(), original.reversedMinor(), original.refundedMinor() + amountMinor,
                        original.holdId(), now);
                rows.update(updated);
                batch.publish(new TransactionEvents.Changed("transaction.updated", updated));
            }
            return Settled.of(Outcome.ok(refund), 0);
        }
    }
}
