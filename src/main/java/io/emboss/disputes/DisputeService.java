package io.emboss.disputes;

import io.emboss.authorization.CardTransaction;
import io.emboss.authorization.TransactionService;
import io.emboss.cards.Card;
import io.emboss.cards.CardService;
import io.emboss.ledger.LedgerService;
import io.emboss.ledger.Transfer;
import io.emboss.ledger.TransferSpec;
import io.emboss.shared.Caller;
import io.emboss.shared.Currency;
import io.emboss.shared.Environment;
import io.emboss.shared.Ids;
import io.emboss.shared.Outcome;
import io.emboss.shared.Page;
import io.emboss.shared.PageRequest;
import io.emboss.shared.Rejection;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Disputes: create and change them while unsubmitted, submit them (with provisional credit when the card's
 * product gives it), and resolve them: a sandbox simulation, or a network's clearing record through
 * {@link #applyNetworkRecord}. Every money step is one ledger operation in the transaction that changes the
 * dispute; a dispute is changed only under its row lock, so it is resolved once.
 */
@Service
@EnableConfigurationProperties(DisputeSettings.class)
public class DisputeService {

    /** What a network's clearing record says of a submitted dispute. */
    public enum NetworkRecord {
        /** The acquirer accepted the chargeback: won. */
        CHARGEBACK_REVERSAL,
        /** The merchant re-presented: lost. */
        REPRESENTMENT
    }

    /** A new dispute; {@code amountMinor} null disputes all that remains disputable. */
    public record Draft(String transactionId, Dispute.Reason reason, Long amountMinor, String explanation,
                        String evidence) {
    }

    /** A change of an unsubmitted dispute; null fields keep their value. */
    public record Changes(Dispute.Reason reason, Long amountMinor, String explanation, String evidence) {
    }

    public record Filter(Dispute.Status status, String transactionId, String cardId, Dispute.Reason reason,
                         Instant createdFrom, Instant createdTo) {
    }

    static final String NO_SUBMITTED_DISPUTE = "no_submitted_dispute";
    static final String AMOUNT_MISMATCH = "amount_mismatch";

    private final DisputeRepository disputes;
    private final TransactionService transactions;
    private final CardService cards;
    private final LedgerService ledger;
    private final DisputeSettings settings;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    DisputeService(DisputeRepository disputes, TransactionService transactions, CardService cards,
            LedgerService ledger, DisputeSettings settings, ApplicationEventPublisher events, Clock clock) {
        this.disputes = disputes;
        this.transactions = transactions;
        this.cards = cards;
        this.ledger = ledger;
        this.settings = settings;
        this.events = events;
        this.clock = clock;
    }

    /** The currency of a transaction of the caller's, in which a dispute's amount is written. */
    @Transactional(readOnly = true)
    public Outcome<Currency> currencyOf(Caller caller, String transactionId) {
        return transactions.get(caller, transactionId).map(CardTransaction::currency);
    }

    @Transactional
    public Outcome<Dispute> create(Caller caller, Draft draft) {
        Outcome<CardTransaction> found = transactions.get(caller, draft.transactionId());
        if (!found.isOk()) {
            return Outcome.rejected(found.rejection());
        }
        CardTransaction t = found.value();
        Optional<Rejection> refused = DisputeRules.disputable(t);
        Instant now = now();
        Instant deadline = DisputeRules.deadline(t, settings.getWindowDays());
        refused = refused.or(() -> DisputeRules.withinWindow(deadline, now));
        if (refused.isPresent()) {
            return Outcome.rejected(refused.get());
        }
        disputes.lockClaims(t.id());
        long remaining = DisputeRules.remaining(t, disputes.lockAllOf(t.tenantId(), t.environment(), t.id()), null);
        Outcome<Long> amount = DisputeRules.amount(draft.amountMinor(), remaining, t);
        if (!amount.isOk()) {
            return Outcome.rejected(amount.rejection());
        }
        Dispute d = new Dispute(Ids.next("dp"), t.tenantId(), t.environment(), t.id(), t.cardId(),
                Dispute.Status.UNSUBMITTED, draft.reason(), t.currency(), amount.value(), draft.explanation(),
                draft.evidence(), null, null, deadline, now, now, null, null);
        disputes.insert(d);
        events.publishEvent(new DisputeEvents.Changed("dispute.created", d));
        return Outcome.ok(d);
    }

    @Transactional
    public Outcome<Dispute> update(Caller caller, String id, Changes changes) {
        Outcome<Dispute> unsubmitted = lockUnsubmitted(caller, id, "changed");
        if (!unsubmitted.isOk()) {
            return unsubmitted;
        }
        Dispute d = unsubmitted.value();
        long amount = d.amountMinor();
        if (changes.amountMinor() != null && changes.amountMinor() != d.amountMinor()) {
            Outcome<CardTransaction> t = transactions.get(caller, d.transactionId());
            long remaining = DisputeRules.remaining(t.value(),
                    disputes.lockAllOf(d.tenantId(), d.environment(), d.transactionId()), d.id());
            Outcome<Long> checked = DisputeRules.amount(changes.amountMinor(), remaining, t.value());
            if (!checked.isOk()) {
                return Outcome.rejected(checked.rejection());
            }
            amount = checked.value();
        }
        Dispute next = d.edited(changes.reason() != null ? changes.reason() : d.reason(), amount,
                changes.explanation() != null ? changes.explanation() : d.explanation(),
                changes.evidence() != null ? changes.evidence() : d.evidence(), now());
        disputes.update(next, d.status());
        events.publishEvent(new DisputeEvents.Changed("dispute.updated", next));
        return Outcome.ok(next);
    }

    /** Sends the dispute to the network; the card's product decides whether the amount is advanced to the card now. */
    @Transactional
    public Outcome<Dispute> submit(Caller caller, String id) {
        Outcome<Dispute> unsubmitted = lockUnsubmitted(caller, id, "submitted");
        if (!unsubmitted.isOk()) {
            return unsubmitted;
        }
        Dispute d = unsubmitted.value();
        if (d.explanation() == null || d.explanation().isBlank()) {
            return Outcome.invalid("explanation", "is required to submit: PATCH the dispute with one first");
        }
        Instant now = now();
        Optional<Rejection> late = DisputeRules.withinWindow(d.networkDeadline(), now);
        if (late.isPresent()) {
            return Outcome.rejected(late.get());
        }
        Card card = cards.findById(d.tenantId(), d.environment(), d.cardId()).orElseThrow();
        Long provisional = null;
        if (cards.backOfficeOf(card).provisionalCredit()) {
            Outcome<List<Transfer>> moved = ledger.execute(money(d).provisionalCredit(d));
            if (!moved.isOk()) {
                return Outcome.rejected(moved.rejection());
            }
            provisional = d.amountMinor();
        }
        Dispute next = d.with(Dispute.Status.SUBMITTED, provisional, null, now);
        disputes.update(next, d.status());
        events.publishEvent(new DisputeEvents.Changed("dispute.submitted", next));
        return Outcome.ok(next);
    }

    /** The sandbox's network: decides a submitted dispute now. Only a sandbox tenant credential may. */
    @Transactional
    public Outcome<Dispute> simulateResolution(Caller caller, String id, Dispute.Outcome outcome) {
        if (!caller.maySimulate()) {
            return Outcome.rejected(Caller.SANDBOX_ONLY);
        }
        Optional<Dispute> locked = disputes.lock(caller.tenantId(), env(caller), id);
        if (locked.isEmpty()) {
            return Outcome.notFound("dispute " + id);
        }
        Dispute d = locked.get();
        if (d.status() != Dispute.Status.SUBMITTED) {
            return invalidState(d, "resolved");
        }
        return resolve(d, outcome, d.amountMinor());
    }

    /**
     * Applies a clearing record to the submitted dispute of that transaction, in the caller's transaction; the
     * money moves as for won/lost. Rejected with no_submitted_dispute when the transaction has no submitted
     * dispute, or amount_mismatch when amountMinor exceeds the dispute's amount. Returns the dispute id. Of
     * several submitted disputes of the transaction, the oldest whose amount equals the record's is chosen, else
     * the oldest that covers it.
     */
    @Transactional
    public Outcome<String> applyNetworkRecord(String tenantId, Environment env, String transactionId,
            NetworkRecord record, long amountMinor) {
        List<Dispute> submitted = disputes.lockSubmitted(tenantId, env.wire(), transactionId);
        if (submitted.isEmpty()) {
            return Outcome.rejected(Rejection.Kind.CONFLICT, NO_SUBMITTED_DISPUTE,
                    "The transaction has no submitted dispute");
        }
        Optional<Dispute> chosen = submitted.stream().filter(d -> d.amountMinor() == amountMinor).findFirst()
                .or(() -> submitted.stream().filter(d -> d.amountMinor() >= amountMinor).findFirst());
        if (amountMinor <= 0 || chosen.isEmpty()) {
            return Outcome.rejected(Rejection.Kind.CONFLICT, AMOUNT_MISMATCH,
                    "The record's amount is not positive or exceeds the submitted dispute's amount");
        }
        Dispute.Outcome outcome = record == NetworkRecord.CHARGEBACK_REVERSAL ? Dispute.Outcome.WON
                : Dispute.Outcome.LOST;
        return resolve(chosen.get(), outcome, amountMinor).map(Dispute::id);
    }

    /** Moves the outcome's money and records it; {@code d} is locked and submitted. */
    private Outcome<Dispute> resolve(Dispute d, Dispute.Outcome outcome, long recoveredMinor) {
        if (d.status() != Dispute.Status.SUBMITTED || recoveredMinor > d.amountMinor()) {
            throw new IllegalStateException("only a submitted dispute is resolved, for at most its amount");
        }
        List<TransferSpec> specs = outcome == Dispute.Outcome.WON ? money(d).won(d, recoveredMinor)
                : money(d).failed(d);
        if (!specs.isEmpty()) {
            Outcome<List<Transfer>> moved = ledger.execute(specs);
            if (!moved.isOk()) {
                return Outcome.rejected(moved.rejection());
            }
        }
        Dispute next = d.with(outcome.status(), d.provisionalCreditMinor(),
                outcome == Dispute.Outcome.WON ? recoveredMinor : null, now());
        disputes.update(next, Dispute.Status.SUBMITTED);
        events.publishEvent(new DisputeEvents.Changed("dispute." + outcome.wire(), next));
        if (outcome == Dispute.Outcome.WON) {
            events.publishEvent(new DisputeEvents.Changed("dispute.funds_reinstated", next));
        }
        return Outcome.ok(next);
    }

    @Transactional(readOnly = true)
    public Outcome<Dispute> get(Caller caller, String id) {
        return disputes.find(caller.tenantId(), env(caller), id).<Outcome<Dispute>>map(Outcome::ok)
                .orElseGet(() -> Outcome.notFound("dispute " + id));
    }

    /** The caller's disputes, newest first. */
    @Transactional(readOnly = true)
    public Outcome<Page<Dispute>> list(Caller caller, Filter f, PageRequest page) {
        Long before = null;
        if (page.startingAfter() != null) {
            Optional<Long> seq = disputes.seqOf(caller.tenantId(), env(caller), page.startingAfter());
            if (seq.isEmpty()) {
                return Outcome.rejected(Rejection.Kind.INVALID, "invalid_cursor", "startingAfter names no dispute");
            }
            before = seq.get();
        }
        List<Dispute> rows = disputes.page(caller.tenantId(), env(caller), new DisputeRepository.Filter(f.status(),
                f.transactionId(), f.cardId(), f.reason(), f.createdFrom(), f.createdTo()), page.limit(), before);
        return Outcome.ok(Page.of(rows, page.limit(), Dispute::id));
    }

    private DisputeMoney money(Dispute d) {
        return new DisputeMoney(d, settings.getReversalOverdraftMinor());
    }

    /**
     * The caller's dispute, locked, if it is still unsubmitted: the claim lock first, then the dispute's, in
     * the order every change of a transaction's disputes takes them.
     */
    private Outcome<Dispute> lockUnsubmitted(Caller caller, String id, String verb) {
        Optional<Dispute> seen = disputes.find(caller.tenantId(), env(caller), id);
        if (seen.isEmpty()) {
            return Outcome.notFound("dispute " + id);
        }
        disputes.lockClaims(seen.get().transactionId());
        Dispute d = disputes.lock(caller.tenantId(), env(caller), id).orElseThrow();
        return d.status() == Dispute.Status.UNSUBMITTED ? Outcome.ok(d) : invalidState(d, verb);
    }

    private static <T> Outcome<T> invalidState(Dispute d, String verb) {
        return Outcome.rejected(Rejection.Kind.CONFLICT, "invalid_state", "The dispute is " + d.status().wire()
                + "; only " + (verb.equals("resolved") ? "a submitted" : "an unsubmitted") + " dispute can be "
                + verb);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    static String env(Caller caller) {
        return caller.environment().wire();
    }
}
