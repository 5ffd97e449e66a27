package io.emboss.topups;

import io.emboss.cards.Card;
import io.emboss.cards.CardProduct;
import io.emboss.cards.CardProductService;
import io.emboss.cards.CardService;
import io.emboss.ledger.AccountKey;
import io.emboss.ledger.Balance;
import io.emboss.ledger.LedgerService;
import io.emboss.ledger.MoneyBatch;
import io.emboss.ledger.MoneyCommand;
import io.emboss.ledger.Transfer;
import io.emboss.ledger.TransferSpec;
import io.emboss.shared.Caller;
import io.emboss.shared.Currency;
import io.emboss.shared.Environment;
import io.emboss.shared.Ids;
import io.emboss.shared.Money;
import io.emboss.shared.Outcome;
import io.emboss.shared.Page;
import io.emboss.shared.PageRequest;
import io.emboss.shared.RejectedException;
import io.emboss.shared.Rejection;
import io.emboss.wallets.FxRates;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Top-ups and withdrawals. Each is one ledger operation in one transaction with its record: the
 * ledger locks the source and the card (the accounts whose balance is checked) and nothing else,
 * so fees go to the hot fee account without a lock.
 */
@Service
public class TopupService {
    /** What to top up: {@code amount} in {@code currency} (the card's when null). */
    public record TopupRequest(String cardId, long amountMinor, Currency currency, Topup.Source source) {
    }

    private final CardService cards;
    private final CardProductService products;
    private final LedgerService ledger;
    private final TopupRepository topups;
    private final FxRates fx;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Duration settleDelay;
    private final io.emboss.ledger.MoneyPipeline pipeline;

    TopupService(io.emboss.ledger.MoneyPipeline pipeline, CardService cards, CardProductService products, LedgerService ledger, TopupRepository topups,
            FxRates fx, ApplicationEventPublisher events, Clock clock,
            @Value("${emboss.topups.settle-delay:PT30S}") Duration settleDelay) {
        this.cards = cards;
        this.products = products;
        this.ledger = ledger;
        this.topups = topups;
        this.fx = fx;
        this.events = events;
        this.clock = clock;
        this.settleDelay = settleDelay;
        this.pipeline = pipeline;
    }

    /**
     * Checks and prices the top-up without a lock, then hands it to the money pipeline, which
     * decides it under the card's and accounts' locks with the other top-ups and authorizations of
     * its batch and answers after the commit.
     */
    public Outcome<Topup> topup(Caller caller, TopupRequest in) {
        Outcome<Card> found = cards.get(caller, in.cardId());
        if (!found.isOk()) {
            return Outcome.rejected(found.rejection());
        }
        Outcome<Plan> plan = plan(caller, in, found.value());
        if (!plan.isOk()) {
            return Outcome.rejected(plan.rejection());
        }
        return pipeline.submit(new TopupCommand(plan.value()));
    }

    /** A priced top-up: what moves where, decided before any lock. */
    private record Plan(Caller caller, TopupRequest in, Card card, CardProduct product, String id, long amountMinor,
            long feeMinor, long fxFeeMinor, String rateText, boolean async, AccountKey cardAccount,
            List<TransferSpec> specs) {
    }

    private Outcome<Plan> plan(Caller caller, TopupRequest in, Card card) {
        Optional<Rejection> unusable = unusable(card, in);
        if (unusable.isPresent()) {
            return Outcome.rejected(unusable.get());
        }
        CardProduct product = products.get(caller, card.productId()).value();
        Currency target = card.currency();
        Currency sourceCurrency = in.currency() == null ? target : in.currency();
        String tenant = caller.tenantId();
        Environment env = caller.environment();
        long amount;
        long fee;
        long fxFee = 0;
        String rateText = null;
        if (sourceCurrency == target) {
            amount = in.amountMinor();
            fee = TopupFees.fee(amount, product.topupFeeFixedMinor(), product.topupFeePercent());
        } else {
            Optional<BigDecimal> rate = fx.rate(sourceCurrency, target);
            if (rate.isEmpty()) {
                return Outcome.invalid("currency", "has no configured rate into the card's " + target.name());
            }
            long converted;
            try {
                converted = Money.convert(in.amountMinor(), sourceCurrency, target, rate.get());
            } catch (ArithmeticException e) {
                return Outcome.invalid("amount", "is too large");
            }
            fxFee = Money.percentOf(converted, fx.fee());
            fee = TopupFees.fee(converted - fxFee, product.topupFeeFixedMinor(), product.topupFeePercent());
            amount = converted - fxFee - fee;
            rateText = rate.get().toPlainString();
            if (amount <= 0) {
                return Outcome.invalid("amount", "is too small to cover the conversion and top-up fees");
            }
        }
        if (amount < product.minTopupMinor()) {
            return Outcome.rejected(Rejection.Kind.CONFLICT, "below_min_topup", "The top-up of "
                    + Money.format(amount, target) + " is below the product's minTopup of "
                    + Money.format(product.minTopupMinor(), target));
        }
        boolean async = product.settlementMode() == CardProduct.SettlementMode.ASYNC;
        String id = Ids.next("top");
        AccountKey cardAccount = AccountKey.card(tenant, env, card.id(), target);
        AccountKey feeRevenue = AccountKey.feeRevenue(tenant, env, target);
        List<TransferSpec> specs = new ArrayList<>();
        if (sourceCurrency == target) {
            AccountKey source = sourceAccount(caller, card, in.source(), target);
            specs.add(move(async, source, cardAccount, amount, "topup", id));
            if (fee > 0) {
                specs.add(move(async, source, feeRevenue, fee, "topup_fee", id));
            }
        } else {
            AccountKey source = sourceAccount(caller, card, in.source(), sourceCurrency);
            specs.add(move(async, source, AccountKey.fxConversion(tenant, env, sourceCurrency), in.amountMinor(),
                    "fx_in", id));
            specs.add(move(async, AccountKey.fxConversion(tenant, env, target), cardAccount, amount, "topup", id));
            if (fee + fxFee > 0) {
                specs.add(move(async, AccountKey.fxConversion(tenant, env, target), feeRevenue, fee + fxFee,
                        "topup_fee", id));
            }
        }
        return Outcome.ok(new Plan(caller, in, card, product, id, amount, fee, fxFee, rateText, async, cardAccount,
                specs));
    }

    private static Optional<Rejection> unusable(Card card, TopupRequest in) {
        if (card.status() != Card.Status.ACTIVE && card.status() != Card.Status.INACTIVE) {
            return Optional.of(Rejection.of(Rejection.Kind.CONFLICT, "invalid_state",
                    "A card that is " + card.status().wire() + " cannot be topped up"));
        }
        if (in.source() == Topup.Source.WALLET && card.customerId() == null) {
            return Optional.of(Rejection.of(Rejection.Kind.CONFLICT, "invalid_state",
                    "The card is not assigned to a customer, so it has no wallet; use source \"tenant\""));
        }
        return Optional.empty();
    }

    /** The locked part of a top-up, decided in a pipeline batch. */
    private final class TopupCommand implements MoneyCommand<Outcome<Topup>> {
        private final Plan plan;

        TopupCommand(Plan plan) {
            this.plan = plan;
        }

        @Override
        public String shardKey() {
            return plan.card().id();
        }

        @Override
        public void declare(MoneyBatch batch) {
            cards.locksOf(batch).want(plan.card().id());
            batch.lockFor(plan.specs());
        }

        @Override
        public Outcome<Topup> decide(MoneyBatch batch) {
            Optional<Card> locked = cards.locksOf(batch).get(plan.caller().tenantId(),
                    plan.caller().environment().wire(), plan.card().id());
            if (locked.isEmpty()) {
                return Outcome.notFound("card " + plan.card().id());
            }
            Card card = locked.get();
            Optional<Rejection> unusable = unusable(card, plan.in());
            if (unusable.isEmpty() && !java.util.Objects.equals(card.customerId(), plan.card().customerId())) {
                unusable = Optional.of(Rejection.of(Rejection.Kind.CONFLICT, "invalid_state",
                        "The card was assigned meanwhile; retry the top-up"));
            }
            if (unusable.isPresent()) {
                return Outcome.rejected(unusable.get());
            }
            // the card's account is locked for the batch: these readings, with the batch's earlier moves, are exact
            Balance before = batch.balance(plan.cardAccount());
            // funds first, then the cap, as a client sees them: a top-up both too large and unfunded is unfunded
            Outcome<List<Transfer>> moved = batch.move(plan.specs(), () -> {
                Balance after = batch.balance(plan.cardAccount());
                return after.creditsPosted() - after.debitsPosted() + after.creditsPending()
                        > plan.product().maxBalanceMinor() ? Rejection.of(Rejection.Kind.CONFLICT,
                        "exceeds_max_balance", "The card's balance would exceed the product's maxBalance of "
                                + Money.format(plan.product().maxBalanceMinor(), card.currency())) : null;
            });
            if (!moved.isOk()) {
                return Outcome.rejected(moved.rejection());
            }
            return Outcome.ok(record(plan, card, before.creditsPosted() - before.debitsPosted(), moved.value(),
                    batch.now()));
        }
    }

    private Topup record(Plan p, Card card, long postedBefore, List<Transfer> moved, Instant now) {
        TopupRequest in = p.in();
        Currency target = card.currency();
        Currency sourceCurrency = in.currency() == null ? target : in.currency();
        Topup topup = new Topup(p.id(), p.caller().tenantId(), p.caller().environment().wire(), card.id(),
                card.customerId(), in.source(), p.async() ? Topup.Status.PENDING : Topup.Status.COMPLETED, target,
                p.amountMinor(), p.feeMinor(), sourceCurrency,
                sourceCurrency == target ? p.amountMinor() + p.feeMinor() : in.amountMinor(), p.fxFeeMinor(),
                p.rateText(), postedBefore, postedBefore + p.amountMinor(),
                p.async() ? moved.stream().map(Transfer::id).toList() : List.of(), null,
                p.async() ? now.plus(settleDelay) : null, now, p.async() ? null : now);
        topups.insert(topup);
        events.publishEvent(new TopupEvents.TopupChanged(p.async() ? "topup.created" : "topup.succeeded", topup));
        return topup;
    }

    /**
     * Settles a pending top-up: posts its holds, or voids them and the money goes back. A top-up
     * whose card was closed meanwhile fails whatever the outcome asked for: closing refunded what
     * the card held, and money posted now would stay on a card nobody can use.
     */
    @Transactional
    public Outcome<Topup> settle(String topupId, boolean asked, String askedReason) {
        Optional<Topup> locked = topups.lockPending(topupId);
        if (locked.isEmpty()) {
            return Outcome.rejected(Rejection.Kind.CONFLICT, "invalid_state", "The top-up is not pending");
        }
        Topup t = locked.get();
        Optional<Card.Status> cardStatus = cards.lockForMoneyMovement(t.tenantId(), t.environment(), t.cardId())
                .map(Card::status);
        boolean cardGone = cardStatus.isEmpty() || cardStatus.get() == Card.Status.CLOSED;
        boolean succeeded = asked && !cardGone;
        String failureReason = asked && cardGone ? "the card was closed before the top-up settled" : askedReason;
        List<TransferSpec> specs = new ArrayList<>();
        for (String holdId : t.holdIds()) {
            Transfer hold = ledger.transfer(holdId).orElseThrow();
            specs.add(succeeded ? new TransferSpec.PostPending(holdId, hold.amountMinor(), t.id())
                    : new TransferSpec.VoidPending(holdId, TransferSpec.VoidReason.VOIDED, t.id()));
        }
        Outcome<List<Transfer>> moved = ledger.execute(specs);
        if (!moved.isOk()) {
            throw new RejectedException(moved.rejection());
        }
        long posted = ledger.balance(AccountKey.card(t.tenantId(), Environment.fromWire(t.environment()), t.cardId(),
                t.currency())).posted();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Topup settled = new Topup(t.id(), t.tenantId(), t.environment(), t.cardId(), t.customerId(), t.source(),
                succeeded ? Topup.Status.COMPLETED : Topup.Status.FAILED, t.currency(), t.amountMinor(), t.feeMinor(),
                t.sourceCurrency(), t.sourceAmountMinor(), t.fxFeeMinor(), t.rate(),
                succeeded ? posted - t.amountMinor() : posted, posted, t.holdIds(),
                succeeded ? null : (failureReason == null ? "settlement failed" : failureReason), t.settleAfter(),
                t.createdAt(), now);
        topups.finish(settled);
        events.publishEvent(new TopupEvents.TopupChanged(succeeded ? "topup.succeeded" : "topup.failed", settled));
        return Outcome.ok(settled);
    }

    /** The sandbox's hand on settlement: only the caller's own top-ups, and never a live one. */
    @Transactional
    public Outcome<Topup> simulateSettlement(Caller caller, String topupId, boolean succeeded) {
        if (!caller.maySimulate()) {
            return Outcome.rejected(Caller.SANDBOX_ONLY);
        }
        Optional<Topup> t = topups.find(caller.tenantId(), caller.environment().wire(), topupId);
        if (t.isEmpty()) {
            return Outcome.notFound("top-up " + topupId);
        }
        return settle(topupId, succeeded, succeeded ? null : "failed in the sandbox simulator");
    }

    @Transactional(readOnly = true)
    public List<String> dueForSettlement(int max) {
        return topups.dueIds(clock.instant(), max);
    }

    @Transactional(readOnly = true)
    public Outcome<Topup> get(Caller caller, String id) {
        return topups.find(caller.tenantId(), caller.environment().wire(), id)
                .<Outcome<Topup>>map(Outcome::ok).orElseGet(() -> Outcome.notFound("top-up " + id));
    }

    @Transactional(readOnly = true)
    public Outcome<Page<Topup>> listForCard(Caller caller, String cardId, PageRequest page) {
        Outcome<Card> card = cards.get(caller, cardId);
        if (!card.isOk()) {
            return Outcome.rejected(card.rejection());
        }
        String env = caller.environment().wire();
        Long before = null;
        if (page.startingAfter() != null) {
            Optional<Long> seq = topups.seqOf(caller.tenantId(), env, cardId, page.startingAfter());
            if (seq.isEmpty()) {
                return Outcome.rejected(Rejection.Kind.INVALID, "invalid_cursor", "startingAfter names no top-up");
            }
            before = seq.get();
        }
        return Outcome.ok(Page.of(topups.pageOfCard(caller.tenantId(), env, cardId, page.limit(), before),
                page.limit(), Topup::id));
    }

    /** Moves money back from the card to the holder's wallet (or the tenant's funding balance). */
    @Transactional
    public Outcome<Withdrawal> withdraw(Caller caller, String cardId, long amountMinor) {
        Outcome<Card> found = lockedCard(caller, cardId);
        if (!found.isOk()) {
            return Outcome.rejected(found.rejection());
        }
        Card card = found.value();
        if (card.status() == Card.Status.CLOSED) {
            return Outcome.rejected(Rejection.Kind.CONFLICT, "invalid_state", "The card is closed");
        }
        Environment env = caller.environment();
        AccountKey cardAccount = AccountKey.card(caller.tenantId(), env, card.id(), card.currency());
        Topup.Source destination = card.customerId() == null ? Topup.Source.TENANT : Topup.Source.WALLET;
        String id = Ids.next("wdr");
        Outcome<List<Transfer>> moved = ledger.execute(List.of(new TransferSpec.Post(cardAccount,
                sourceAccount(caller, card, destination, card.currency()), amountMinor, "withdrawal", id)));
        if (!moved.isOk()) {
            return Outcome.rejected(moved.rejection().code().equals("insufficient_funds")
                    ? Rejection.of(Rejection.Kind.CONFLICT, "insufficient_funds",
                            "The card's available balance is less than " + Money.format(amountMinor, card.currency()))
                    : moved.rejection());
        }
        long posted = ledger.balance(cardAccount).posted();
        CardProduct product = products.get(caller, card.productId()).value();
        if (posted < product.minBalanceMinor()) {
            // the ledger holds the card account's lock: rolling back leaves everything as it was
            throw new RejectedException(Rejection.of(Rejection.Kind.CONFLICT, "below_min_balance",
                    "The withdrawal would leave the card below the product's minBalance of "
                            + Money.format(product.minBalanceMinor(), card.currency())));
        }
        Withdrawal w = new Withdrawal(id, caller.tenantId(), env.wire(), card.id(),
                destination == Topup.Source.WALLET ? "wallet" : "tenant", card.currency(), amountMinor,
                posted + amountMinor, posted, clock.instant().truncatedTo(ChronoUnit.MICROS));
        topups.insertWithdrawal(w);
        events.publishEvent(new TopupEvents.WithdrawalSucceeded(w));
        return Outcome.ok(w);
    }

    /** The caller's card, its row locked until commit, so its status and holder stay as read. */
    private Outcome<Card> lockedCard(Caller caller, String cardId) {
        return cards.lockForMoneyMovement(caller.tenantId(), caller.environment().wire(), cardId)
                .<Outcome<Card>>map(Outcome::ok).orElseGet(() -> Outcome.notFound("card " + cardId));
    }

    private static AccountKey sourceAccount(Caller caller, Card card, Topup.Source source, Currency currency) {
        return source == Topup.Source.TENANT
                ? AccountKey.tenantFunding(caller.tenantId(), caller.environment(), currency)
                : AccountKey.wallet(caller.tenantId(), caller.environment(), card.customerId(), currency);
    }

    private static TransferSpec move(boolean hold, AccountKey from, AccountKey to, long amount, String kind,
            String reference) {
        return hold ? new TransferSpec.Hold(from, to, amount, kind, reference, null)
                : new TransferSpec.Post(from, to, amount, kind, reference);
    }
}
