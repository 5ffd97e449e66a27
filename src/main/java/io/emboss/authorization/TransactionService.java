package io.emboss.authorization;

import io.emboss.cards.Card;
import io.emboss.cards.CardService;
import io.emboss.ledger.AccountKey;
import io.emboss.ledger.LedgerService;
import io.emboss.ledger.PendingTransferExpired;
import io.emboss.ledger.Transfer;
import io.emboss.ledger.TransferSpec;
import io.emboss.shared.Caller;
import io.emboss.shared.Ids;
import io.emboss.shared.Money;
import io.emboss.shared.Outcome;
import io.emboss.shared.Page;
import io.emboss.shared.PageRequest;
import io.emboss.shared.RejectedException;
import io.emboss.shared.Rejection;
import io.emboss.topups.TopupEvents;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The life of an approved authorization after the decision (capture, reverse, increment, expiry),
 * refunds and force-posts, and the transaction record the API reads. Every change locks the
 * transaction row first, so two changes to one authorization happen one after the other.
 * Captures, reversals, increments, refunds and force-posts are what a card network asks: the
 * network front (a {@code NETWORK} caller) may in any environment, a tenant credential only in
 * sandbox, where the simulator plays the network. Each operation checks that itself, whatever path
 * reached it (see {@link Caller#mayActAsNetwork()}).
 */
@Service
public class TransactionService {
    private final TransactionRepository transactions;
    private final SpendingRepository spending;
    private final CardService cards;
    private final LedgerService ledger;
    private final AuthorizationSettings settings;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final io.emboss.ledger.MoneyPipeline pipeline;
    private final HoldCommands.Parts parts;
    /** How often a capture or reversal is asked again when its authorization's hold changed meanwhile. */
    private static final int STALE_ATTEMPTS = 5;

    TransactionService(TransactionRepository transactions, SpendingRepository spending, CardService cards,
            LedgerService ledger, AuthorizationSettings settings, ApplicationEventPublisher events, Clock clock,
            io.emboss.ledger.MoneyPipeline pipeline, AuthorizationEngine engine) {
        this.pipeline = pipeline;
        this.parts = new HoldCommands.Parts(engine, cards, settings);
        this.transactions = transactions;
        this.spending = spending;
        this.cards = cards;
        this.ledger = ledger;
        this.settings = settings;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Posts the hold for {@code amount}, over-capture within tolerance. A final capture (the default
     * of every front) closes the authorization: what it leaves held is released in the same ledger
     * operation and given back to the spending window, as a reversal would, so the cardholder has it
     * again at once instead of after the hold window. A non-final one keeps the rest held for more
     * captures; a later final capture, a reversal or the expiry closes it.
     */
    public Outcome<CardTransaction> capture(Caller caller, String authorizationId, Long amountMinor,
            boolean finalCapture) {
        if (!caller.mayActAsNetwork()) {
            return Outcome.rejected(Caller.SANDBOX_ONLY);
        }
        return onAuthorization(caller, authorizationId,
                (seen, card) -> new HoldCommands.Capture(parts, caller, seen, card, amountMinor, finalCapture));
    }

    /** Releases all or part of what is held. */
    public Outcome<CardTransaction> reverse(Caller caller, String authorizationId, Long amountMinor) {
        if (!caller.mayActAsNetwork()) {
            return Outcome.rejected(Caller.SANDBOX_ONLY);
        }
        return onAuthorization(caller, authorizationId,
                (seen, card) -> new HoldCommands.Reverse(parts, caller, seen, card, amountMinor));
    }

    /**
     * Reads the authorization and its card without a lock, to know what the command locks, and
     * hands the command to the pipeline; asks again if its hold changed meanwhile. Money a release
     * gives back to a card closed meanwhile goes back to where the card's money came from.
     */
    private Outcome<CardTransaction> onAuthorization(Caller caller, String authorizationId,
            java.util.function.BiFunction<CardTransaction, Card, io.emboss.ledger.MoneyCommand<HoldCommands.Settled>>
                    command) {
        for (int attempt = 1; ; attempt++) {
            Optional<CardTransaction> seen = transactions.findByAuthorization(caller.tenantId(),
                    caller.environment().wire(), authorizationId);
            if (seen.isEmpty()) {
                return Outcome.notFound("authorization " + authorizationId);
            }
            Card card = card(seen.get());
            HoldCommands.Settled settled = pipeline.submit(command.apply(seen.get(), card));
            if (!settled.stale()) {
                if (settled.releasedMinor() > 0) {
                    cards.returnReleasedAfterClose(card.tenantId(), card.environment(), card.id(),
                            settled.releasedMinor());
                }
                return settled.outcome();
            }
            if (attempt == STALE_ATTEMPTS) {
                return Outcome.rejected(Rejection.Kind.CONFLICT, "concurrent_change",
                        "The authorization kept changing while this request ran; retry it");
            }
        }
    }

    /**
     * Applies a chunk of clearing records in the caller's transaction, as one pipeline batch, in
     * order: each is matched to its card's authorization (by network reference, then by auth code
     * with the amount within the capture tolerance) and captures, clears again, force-posts,
     * releases or refunds (see {@link ClearingCommands}). Records whose authorization changed
     * meanwhile are matched and decided again. The answers are in the order of the instructions.
     */
    @Transactional
    public List<ClearingResult> clear(List<ClearingInstruction> instructions) {
        ClearingResult[] results = new ClearingResult[instructions.size()];
        List<Integer> todo = new ArrayList<>();
        for (int i = 0; i < instructions.size(); i++) {
            todo.add(i);
        }
        ClearingCommands.Parts clearing = new ClearingCommands.Parts(parts.engine(), settings);
        for (int attempt = 1; !todo.isEmpty() && attempt <= STALE_ATTEMPTS; attempt++) {
            List<ClearingInstruction> asked = todo.stream().map(instructions::get).toList();
            List<CardTransaction> matches = ClearingMatch.match(asked, transactions::clearingCandidates,
                    settings.getCaptureTolerancePercent());
            List<io.emboss.ledger.MoneyCommand<ClearingResult>> commands = new ArrayList<>();
            for (int k = 0; k < asked.size(); k++) {
                commands.add(ClearingCommands.of(clearing, asked.get(k), matches.get(k)));
            }
            List<ClearingResult> answers = pipeline.decideAllInTransaction(commands);
            List<Integer> stale = new ArrayList<>();
            for (int k = 0; k < asked.size(); k++) {
                if (answers.get(k) == ClearingCommands.STALE) {
                    stale.add(todo.get(k));
                } else {
                    results[todo.get(k)] = answers.get(k);
                }
            }
            todo = stale;
        }
        for (int i : todo) {
            results[i] = ClearingResult.rejected("concurrent_change: the authorization kept changing; send the "
                    + "record again");
        }
        return List.of(results);
    }

    /**
     * The captured transaction of the card a network's dispute record names (by network reference,
     * then auth code): its id, for the dispute opened on it.
     */
    @Transactional(readOnly = true)
    public Optional<String> clearedTransaction(Card card, String networkReference, String authCode) {
        List<CardTransaction> candidates = transactions.clearingCandidates(List.of(card.id()),
                networkReference == null ? List.of() : List.of(networkReference),
                authCode == null ? List.of() : List.of(authCode));
        return ClearingMatch.cleared(candidates, networkReference, authCode).map(CardTransaction::id);
    }

    /** Raises the hold (incremental authorization: a hotel stay, a tab), within limits and funds. */
    @Transactional
    public Outcome<CardTransaction> increment(Caller caller, String authorizationId, long amountMinor) {
        if (!caller.mayActAsNetwork()) {
            return Outcome.rejected(Caller.SANDBOX_ONLY);
        }
        Optional<CardTransaction> locked = lockLive(caller, authorizationId);
        if (locked.isEmpty()) {
            return Outcome.notFound("authorization " + authorizationId);
        }
        CardTransaction t = locked.get();
        Optional<Rejection> notHeld = notHeld(t, "incremented");
        if (notHeld.isPresent()) {
            return Outcome.rejected(notHeld.get());
        }
        Card card = card(t);
        if (t.amountMinor() + amountMinor > card.limits().perTransactionMinor()) {
            return Outcome.rejected(Rejection.Kind.CONFLICT, "exceeds_transaction_limit",
                    "The incremented authorization would exceed the card's per-transaction limit");
        }
        ZonedDateTime z = clock.instant().atZone(ZoneOffset.UTC);
        int today = z.getYear() * 10000 + z.getMonthValue() * 100 + z.getDayOfMonth();
        int thisMonth = z.getYear() * 100 + z.getMonthValue();
        SpendingRepository.Spending spent = spending.lock(card.id(), today, thisMonth);
        long day = spent.dayTotalOn(today) + amountMinor;
        long month = spent.monthTotalIn(thisMonth) + amountMinor;
        if (day > card.limits().dailyMinor() || month > card.limits().monthlyMinor()) {
            return Outcome.rejected(Rejection.Kind.CONFLICT, day > card.limits().dailyMinor() ? "exceeds_daily_limit"
                    : "exceeds_monthly_limit", "The increment would exceed the card's spending limit");
        }
        Outcome<List<Transfer>> moved = ledger.execute(List.of(
                new TransferSpec.VoidPending(t.holdId(), TransferSpec.VoidReason.VOIDED, t.id()),
                rehold(card, t, t.heldMinor() + amountMinor)));
        if (!moved.isOk()) {
            return Outcome.rejected(moved.rejection());
        }
        spending.save(card.id(), today, day, thisMonth, month);
        Instant now = now();
        CardTransaction incremented = new CardTransaction(t.id(), t.authorizationId(), t.tenantId(), t.environment(),
                t.cardId(), t.customerId(), t.type(), t.status(), t.approved(), t.declineReason(), t.authCode(),
                t.currency(), t.amountMinor() + amountMinor, t.merchantCurrency(), t.merchantAmountMinor(),
                t.fxFeeMinor(), t.heldMinor() + amountMinor, t.capturedMinor(), t.reversedMinor(), t.refundedMinor(),
                newHoldId(moved.value()), t.originalId(), t.merchant(), t.channel(), t.networkReference(),
                t.description(), t.createdAt(), now);
        transactions.updateState(incremented);
        transactions.updateAmount(incremented);
        events.publishEvent(new TransactionEvents.Changed("transaction.updated", incremented));
        return Outcome.ok(incremented);
    }

    /** The sandbox's way to let the hold window pass at once. */
    @Transactional
    public Outcome<CardTransaction> expireNow(Caller caller, String authorizationId) {
        if (!caller.maySimulate()) {
            return Outcome.rejected(Caller.SANDBOX_ONLY);
        }
        Optional<CardTransaction> locked = lockLive(caller, authorizationId);
        if (locked.isEmpty()) {
            return Outcome.notFound("authorization " + authorizationId);
        }
        CardTransaction t = locked.get();
        Optional<Rejection> notHeld = notHeld(t, "expired");
        if (notHeld.isPresent()) {
            return Outcome.rejected(notHeld.get());
        }
        lockSpending(card(t));
        Outcome<List<Transfer>> moved = ledger.execute(List.of(
                new TransferSpec.VoidPending(t.holdId(), TransferSpec.VoidReason.EXPIRED, t.id())));
        if (!moved.isOk()) {
            throw new RejectedException(moved.rejection());
        }
        return Outcome.ok(markExpired(t));
    }

    /** The ledger voided a hold whose window passed: the authorization expires with it. */
    @EventListener
    @Transactional
    public void onHoldExpired(PendingTransferExpired expired) {
        transactions.lockByHold(expired.voidTransfer().pendingId()).ifPresent(t -> {
            if (t.heldMinor() > 0) {
                markExpired(t);
            }
        });
    }

    private CardTransaction markExpired(CardTransaction t) {
        releaseSpending(card(t), t, t.heldMinor());
        cards.returnReleasedAfterClose(t.tenantId(), t.environment(), t.cardId(), t.heldMinor());
        CardTransaction expired = with(t, t.capturedMinor() > 0 ? CardTransaction.COMPLETED : CardTransaction.EXPIRED,
                0, t.capturedMinor(), t.reversedMinor(), t.refundedMinor(), t.holdId(), now());
        transactions.updateState(expired);
        events.publishEvent(new TransactionEvents.Changed("transaction.updated", expired));
        return expired;
    }

    /** Credits the card: linked to a captured transaction when known, unlinked otherwise. */
    public Outcome<CardTransaction> refund(Caller caller, String cardId, long amountMinor,
            AuthorizationRequest.Merchant merchant, String authorizationId) {
        if (!caller.mayActAsNetwork()) {
            return Outcome.rejected(Caller.SANDBOX_ONLY);
        }
        Optional<Card> card = cards.findById(caller.tenantId(), caller.environment().wire(), cardId);
        if (card.isEmpty()) {
            return Outcome.notFound("card " + cardId);
        }
        return pipeline.submit(new HoldCommands.Refund(parts, caller, card.get(), amountMinor, merchant,
                authorizationId)).outcome();
    }

    /**
     * A capture the network sends without an authorization we approved. It is recorded, and may
     * take the card below zero, but only as far as the configured bound.
     */
    @Transactional
    public Outcome<CardTransaction> forcePost(Caller caller, String cardId, long amountMinor,
            AuthorizationRequest.Merchant merchant, String networkReference) {
        if (!caller.mayActAsNetwork()) {
            return Outcome.rejected(Caller.SANDBOX_ONLY);
        }
        Optional<Card> locked = cards.lockForMoneyMovement(caller.tenantId(), caller.environment().wire(), cardId);
        if (locked.isEmpty()) {
            return Outcome.notFound("card " + cardId);
        }
        return forcePost(locked.get(), amountMinor, amountMinor, locked.get().currency().name(), merchant,
                networkReference, "force_post");
    }

    /** The network already approved (stand-in): record the spend, within the overdraft bound. */
    @Transactional
    public Outcome<CardTransaction> forcePost(Card card, long amountMinor, long merchantAmountMinor,
            String merchantCurrency, AuthorizationRequest.Merchant merchant, String networkReference, String type) {
        String id = Ids.next("txn");
        Outcome<List<Transfer>> moved = ledger.execute(List.of(new TransferSpec.Post(
                AuthorizationEngine.cardAccount(card), AuthorizationEngine.settlementAccount(card), amountMinor,
                type, id, settings.getForcePostOverdraftMinor())));
        if (!moved.isOk()) {
            return Outcome.rejected(Rejection.Kind.CONFLICT, "insufficient_funds", "The force-post would take the card "
                    + "below the allowed overdraft of " + Money.format(settings.getForcePostOverdraftMinor(),
                    card.currency()));
        }
        Instant now = now();
        CardTransaction t = new CardTransaction(id, null, card.tenantId(), card.environment(), card.id(),
                card.customerId(), type, CardTransaction.COMPLETED, true, null, null, card.currency(), amountMinor,
                merchantCurrency, merchantAmountMinor, 0, 0, amountMinor, 0, 0, null, null, merchant, null,
                networkReference, null, now, now);
        transactions.insert(t);
        events.publishEvent(new TransactionEvents.Changed("transaction.created", t));
        return Outcome.ok(t);
    }

    @Transactional(readOnly = true)
    public Outcome<CardTransaction> get(Caller caller, String id) {
        return transactions.find(caller.tenantId(), caller.environment().wire(), id)
                .<Outcome<CardTransaction>>map(Outcome::ok).orElseGet(() -> Outcome.notFound("transaction " + id));
    }

    @Transactional(readOnly = true)
    public Outcome<CardTransaction> byAuthorization(Caller caller, String authorizationId) {
        return transactions.findByAuthorization(caller.tenantId(), caller.environment().wire(), authorizationId)
                .<Outcome<CardTransaction>>map(Outcome::ok)
                .orElseGet(() -> Outcome.notFound("authorization " + authorizationId));
    }

    @Transactional(readOnly = true)
    public List<CardTransaction.Capture> captures(CardTransaction t) {
        return transactions.captures(t.id());
    }

    @Transactional(readOnly = true)
    public Outcome<Page<CardTransaction>> list(Caller caller, TransactionRepository.Filter filter, PageRequest page) {
        String env = caller.environment().wire();
        Long before = null;
        if (page.startingAfter() != null) {
            Optional<Long> seq = transactions.seqOf(caller.tenantId(), env, page.startingAfter());
            if (seq.isEmpty()) {
                return Outcome.rejected(Rejection.Kind.INVALID, "invalid_cursor", "startingAfter names no transaction");
            }
            before = seq.get();
        }
        return Outcome.ok(Page.of(transactions.page(caller.tenantId(), env, filter, page.limit(), before), page.limit(),
                CardTransaction::id));
    }

    /** The list of {@link #list(Caller, TransactionRepository.Filter, PageRequest)} by the public filters. */
    public Outcome<Page<CardTransaction>> list(Caller caller, Query q, PageRequest page) {
        return list(caller, new TransactionRepository.Filter(q.cardId(), q.customerId(), q.type(), q.status(), q.from(),
                q.to(), q.search()), page);
    }

    /** The refunds linked to a transaction of the caller's, oldest first. */
    @Transactional(readOnly = true)
    public List<CardTransaction> refunds(Caller caller, CardTransaction original) {
        return transactions.refundsOf(caller.tenantId(), caller.environment().wire(), original.id());
    }

    /** A UTC day's authorizations: how many were approved and declined, and the approved amounts per currency. */
    public record ActivityDay(java.time.LocalDate day, long approved, long declined,
                              java.util.Map<io.emboss.shared.Currency, Long> approvedMinor) {
    }

    /** The days from {@code from} to {@code to} (UTC, both included, every day listed) and the decline reasons' counts. */
    public record Activity(List<ActivityDay> days, java.util.Map<DeclineReason, Long> declineReasons) {
        public long approved() {
            return days.stream().mapToLong(ActivityDay::approved).sum();
        }

        public long declined() {
            return days.stream().mapToLong(ActivityDay::declined).sum();
        }
    }

    /** What the dashboard's overview charts: authorizations per UTC day, approved and declined, and why declined. */
    @Transactional(readOnly = true)
    public Activity activity(Caller caller, java.time.LocalDate from, java.time.LocalDate to) {
        if (to.isBefore(from) || from.plusDays(366).isBefore(to)) {
            throw new IllegalArgumentException("an activity window is 1 to 366 days");
        }
        java.util.Map<java.time.LocalDate, long[]> counts = new java.util.TreeMap<>();
        java.util.Map<java.time.LocalDate, java.util.Map<io.emboss.shared.Currency, Long>> volume = new java.util.HashMap<>();
        for (java.time.LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            counts.put(d, new long[2]);
            volume.put(d, new java.util.EnumMap<>(io.emboss.shared.Currency.class));
        }
        java.util.Map<DeclineReason, Long> reasons = new java.util.EnumMap<>(DeclineReason.class);
        for (TransactionRepository.ActivityRow r : transactions.activity(caller.tenantId(), caller.environment().wire(),
                from.atStartOfDay(java.time.ZoneOffset.UTC).toInstant(),
                to.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant())) {
            long[] c = counts.get(r.day());
            if (c == null) {
                continue;
            }
            if (r.approved()) {
                c[0] += r.count();
                volume.get(r.day()).merge(io.emboss.shared.Currency.valueOf(r.currency()), r.amountMinor(), Long::sum);
            } else {
                c[1] += r.count();
                if (r.declineReason() != null) {
                    reasons.merge(DeclineReason.fromWire(r.declineReason()), r.count(), Long::sum);
                }
            }
        }
        List<ActivityDay> days = new java.util.ArrayList<>();
        counts.forEach((d, c) -> days.add(new ActivityDay(d, c[0], c[1], volume.get(d))));
        return new Activity(days, reasons);
    }

    /** Filters of an offset query; null means any. {@code type} and {@code status} are the API's values. */
    public record Query(String cardId, String customerId, String type, String status, Instant from, Instant to,
                        String search) {
    }

    /** Rows {@code skip} to {@code skip + limit} of a query, newest first, and how many match in all. */
    public record Slice(List<CardTransaction> items, long total) {
    }

    /**
     * Offset paging with a total, for dialects that page that way (seed 003's skip/limit/total).
     * The native list pages by cursor, which stays exact while rows are added.
     */
    @Transactional(readOnly = true)
    public Slice slice(Caller caller, Query q, int skip, int limit) {
        TransactionRepository.Filter filter = new TransactionRepository.Filter(q.cardId(), q.customerId(), q.type(),
                q.status(), q.from(), q.to(), q.search());
        String env = caller.environment().wire();
        return new Slice(transactions.slice(caller.tenantId(), env, filter, skip, limit),
                transactions.count(caller.tenantId(), env, filter));
    }

    /** Top-ups and withdrawals appear in the card's transaction history too. */
    /**
     * The card's movements, newest first (a page of {@code page.limit()}); a cursor that names no
     * movement of this card is a 400.
     */
    @Transactional(readOnly = true)
    public Outcome<Page<Movement>> movements(Caller caller, String cardId, PageRequest page) {
        Outcome<Card> card = cards.get(caller, cardId);
        if (!card.isOk()) {
            return Outcome.rejected(card.rejection());
        }
        Card c = card.value();
        AccountKey key = AuthorizationEngine.cardAccount(c);
        Optional<List<Transfer>> rows = ledger.movements(key, page.limit(), page.startingAfter());
        if (rows.isEmpty()) {
            return Outcome.rejected(Rejection.Kind.INVALID, "invalid_cursor", "startingAfter names no movement");
        }
        return Outcome.ok(Page.of(rows.get(), page.limit(), Transfer::id).map(t -> {
            boolean debit = t.debitAccountId().equals(key.accountId());
            return new Movement(t.id(), debit ? -t.amountMinor() : t.amountMinor(), c.currency(),
                    describe(t.kind(), debit), t.reference(), t.createdAt());
        }));
    }

    private static String describe(String kind, boolean debit) {
        return switch (kind) {
            case "card_funding" -> "Initial balance";
            case "topup" -> "Top-up";
            case "withdrawal" -> "Withdrawal to wallet";
            case "authorization" -> "Purchase";
            case "over_capture" -> "Purchase (over-capture)";
            case "refund" -> "Refund";
            case "force_post" -> "Purchase (force-post)";
            case "clearing_amount_difference" -> debit ? "Cleared for more than authorized"
                    : "Cleared for less than authorized";
            case "clearing_fx_difference" -> debit ? "Exchange-rate difference at clearing"
                    : "Exchange-rate difference at clearing (credit)";
            case "clearing_further_capture" -> "Purchase (further clearing)";
            case "dispute_provisional_credit" -> "Dispute: provisional credit";
            case "dispute_provisional_credit_reversal" -> "Dispute lost: provisional credit reversed";
            case "chargeback" -> "Dispute won: chargeback";
            case "card_close_refund" -> "Balance returned on closing";
            default -> debit ? "Debit" : "Credit";
        };
    }

    @EventListener
    public void onTopup(TopupEvents.TopupChanged changed) {
        var t = changed.topup();
        if (!changed.type().equals("topup.succeeded")) {
            return;
        }
        Instant now = now();
        transactions.insert(new CardTransaction(Ids.next("txn"), null, t.tenantId(), t.environment(), t.cardId(),
                t.customerId(), "topup", CardTransaction.COMPLETED, true, null, null, t.currency(), t.amountMinor(),
                t.currency().name(), t.amountMinor(), 0, 0, 0, 0, 0, null, null, null, null, null, "Top-up " + t.id(),
                now, now));
    }

    /** A card's initial balance is a load like a top-up, and is listed as one. */
    @EventListener
    public void onInitialBalance(io.emboss.cards.CardEvents.InitialBalanceLoaded loaded) {
        Card c = loaded.card();
        Instant now = now();
        transactions.insert(new CardTransaction(Ids.next("txn"), null, c.tenantId(), c.environment(), c.id(),
                c.customerId(), "topup", CardTransaction.COMPLETED, true, null, null, c.currency(),
                loaded.amountMinor(), c.currency().name(), loaded.amountMinor(), 0, 0, 0, 0, 0, null, null, null,
                null, null, "Initial balance", now, now));
    }

    @EventListener
    public void onWithdrawal(TopupEvents.WithdrawalSucceeded succeeded) {
        var w = succeeded.withdrawal();
        Instant now = now();
        // the withdrawal does not name the customer; the card does (was null, so customerId filters missed it)
        String customerId = cards.findById(w.tenantId(), w.environment(), w.cardId()).map(Card::customerId)
                .orElse(null);
        transactions.insert(new CardTransaction(Ids.next("txn"), null, w.tenantId(), w.environment(), w.cardId(),
                customerId, "withdrawal", CardTransaction.COMPLETED, true, null, null, w.currency(), w.amountMinor(),
                w.currency().name(), w.amountMinor(), 0, 0, 0, 0, 0, null, null, null, null, null,
                "Withdrawal " + w.id(), now, now));
    }

    private Optional<CardTransaction> lockLive(Caller caller, String authorizationId) {
        return transactions.lockByAuthorization(caller.tenantId(), caller.environment().wire(), authorizationId);
    }

    static Optional<Rejection> notHeld(CardTransaction t, String verb) {
        if (!t.approved()) {
            return Optional.of(Rejection.of(Rejection.Kind.CONFLICT, "invalid_state",
                    "A declined authorization cannot be " + verb));
        }
        if (t.heldMinor() == 0) {
            return Optional.of(Rejection.of(Rejection.Kind.CONFLICT, "invalid_state", "The authorization is "
                    + t.status() + " and holds nothing; it cannot be " + verb));
        }
        return Optional.empty();
    }

    private TransferSpec rehold(Card card, CardTransaction t, long amount) {
        return HoldCommands.rehold(settings, card, t, amount);
    }

    static String newHoldId(List<Transfer> moved) {
        return moved.stream().filter(x -> x.phase() == Transfer.Phase.PENDING).map(Transfer::id).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("a re-hold was expected"));
    }

    /**
     * Locks the card's spending row ahead of the ledger's account lock. An authorization takes them in
     * this order, so whatever releases spending after moving money must too (was: ledger first, then
     * spending, and a reversal racing an authorization on the same card deadlocked into a 503).
     */
    private void lockSpending(Card card) {
        ZonedDateTime z = clock.instant().atZone(ZoneOffset.UTC);
        spending.lock(card.id(), z.getYear() * 10000 + z.getMonthValue() * 100 + z.getDayOfMonth(),
                z.getYear() * 100 + z.getMonthValue());
    }

    private void releaseSpending(Card card, CardTransaction t, long amount) {
        ZonedDateTime created = t.createdAt().atZone(ZoneOffset.UTC);
        int day = created.getYear() * 10000 + created.getMonthValue() * 100 + created.getDayOfMonth();
        int month = created.getYear() * 100 + created.getMonthValue();
        ZonedDateTime z = clock.instant().atZone(ZoneOffset.UTC);
        int today = z.getYear() * 10000 + z.getMonthValue() * 100 + z.getDayOfMonth();
        int thisMonth = z.getYear() * 100 + z.getMonthValue();
        SpendingRepository.Spending s = spending.lock(card.id(), today, thisMonth);
        long dayTotal = s.dayTotalOn(today) - (day == today ? amount : 0);
        long monthTotal = s.monthTotalIn(thisMonth) - (month == thisMonth ? amount : 0);
        spending.save(card.id(), today, Math.max(0, dayTotal), thisMonth, Math.max(0, monthTotal));
    }

    private Card card(CardTransaction t) {
        return cards.findById(t.tenantId(), t.environment(), t.cardId()).orElseThrow();
    }

    static CardTransaction with(CardTransaction t, String status, long held, long captured, long reversed,
            long refunded, String holdId, Instant now) {
        return new CardTransaction(t.id(), t.authorizationId(), t.tenantId(), t.environment(), t.cardId(),
                t.customerId(), t.type(), status, t.approved(), t.declineReason(), t.authCode(), t.currency(),
                t.amountMinor(), t.merchantCurrency(), t.merchantAmountMinor(), t.fxFeeMinor(), held, captured,
                reversed, refunded, holdId, t.originalId(), t.merchant(), t.channel(), t.networkReference(),
                t.description(), t.createdAt(), now);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
