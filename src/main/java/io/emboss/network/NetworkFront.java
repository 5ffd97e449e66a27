package io.emboss.network;

import io.emboss.authorization.AuthorizationEngine;
import io.emboss.authorization.AuthorizationRequest;
import io.emboss.authorization.AuthorizationSettings;
import io.emboss.authorization.CardTransaction;
import io.emboss.authorization.Decision;
import io.emboss.authorization.TransactionService;
import io.emboss.cards.Card;
import io.emboss.cards.CardService;
import io.emboss.shared.Caller;
import io.emboss.shared.Currency;
import io.emboss.shared.Environment;
import io.emboss.shared.Money;
import io.emboss.shared.Outcome;
import io.emboss.wallets.FxRates;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns one well-formed request into its response, on a worker thread (it may block on the
 * database). Translation only: the engine decides authorizations, {@link TransactionService} moves
 * captures, reversals and advices, and {@link ExchangeRepository} remembers what each network
 * message became so that retransmissions, completions and reversals find it.
 */
@Component
class NetworkFront {
    private static final Logger log = LoggerFactory.getLogger(NetworkFront.class);
    /** Fields a response repeats from its request (never 14, 35, 45, 48, 52: card secrets). */
    private static final int[] ECHOED = {2, 3, 4, 7, 11, 12, 13, 18, 22, 32, 37, 41, 42, 49, 90, 95};
    private static final long DUPLICATE_WAIT_MS = 5000;
    /** How long a reversal waits for an original still in progress before it is recorded as pending. */
    static final long ORIGINAL_WAIT_MS = 1000;
    /** The messages whose reversal moves money: authorizations, sales, advices, completions. */
    private static final Set<String> MOVES_MONEY = Set.of("0100", "0120", "0200", "0220");

    private final AuthorizationEngine engine;
    private final TransactionService transactions;
    private final CardService cards;
    private final FxRates fx;
    private final AuthorizationSettings authorization;
    private final ExchangeRepository exchanges;
    private final ZonePinKey zpk;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final AnswerReceipt.Answers answers;

    NetworkFront(AuthorizationEngine engine, TransactionService transactions, CardService cards, FxRates fx,
            AuthorizationSettings authorization, ExchangeRepository exchanges, ZonePinKey zpk, Clock clock,
            TransactionTemplate tx) {
        this.tx = tx;
        this.answers = new AnswerReceipt.Answers(exchanges, clock);
        this.engine = engine;
        this.transactions = transactions;
        this.cards = cards;
        this.fx = fx;
        this.authorization = authorization;
        this.exchanges = exchanges;
        this.zpk = zpk;
        this.clock = clock;
    }

    /** The response MTI of a request or advice: 0100 → 0110, 0121 → 0130, 0420 → 0430. */
    static String responseMti(String mti) {
        return mti.substring(0, 2) + (char) (mti.charAt(2) + 1) + "0";
    }

    /** A request's MTI without the repeat digit: a 0101 is a 0100 sent again. */
    static String original(String mti) {
        return mti.charAt(3) == '1' ? mti.substring(0, 3) + "0" : mti;
    }

    /** Whether the third MTI digit names something that expects an answer (request, advice, notification). */
    static boolean expectsAnswer(String mti) {
        return (mti.charAt(2) - '0') % 2 == 0 && (mti.charAt(3) == '0' || mti.charAt(3) == '1');
    }

    static NetworkMessage formatError(String mti, NetworkMessage request) {
        NetworkMessage base = request == null ? NetworkMessage.of(responseMti(mti))
                : request.echo(responseMti(mti), ECHOED);
        return base.with(39, ResponseCode.FORMAT_ERROR.code);
    }

    NetworkMessage handle(NetworkMessage m, Session session) {
        String mti = original(m.mti());
        try {
            switch (mti) {
                case "0800":
                    return networkManagement(m, session);
                case "0100":
                case "0120":
                case "0200":
                case "0220":
                case "0400":
                case "0420":
                    return financial(mti, m, session);
                default:
                    return formatError(m.mti(), m);
            }
        } catch (RuntimeException e) {
            // the exception may name an id, never a PAN (the engine and services never put one in one)
            log.error("ISO 8583 {} failed: {}", m.mti(), e.toString());
            return answer(m, Exchange.Answer.of(ResponseCode.SYSTEM_ERROR, "error"));
        }
    }

    private NetworkMessage networkManagement(NetworkMessage m, Session session) {
        if (!m.has(7) || !m.has(11) || !m.has(70)) {
            return formatError(m.mti(), m);
        }
        NetworkMessage response = m.echo(responseMti(m.mti()), 7, 11, 70);
        switch (m.get(70)) {
            case "001":
                session.signedOn = true;
                break;
            case "002":
                session.signedOn = false;
                break;
            case "301":
                break;
            default:
                return response.with(39, ResponseCode.FORMAT_ERROR.code);
        }
        return response.with(39, ResponseCode.APPROVED.code);
    }

    private NetworkMessage financial(String mti, NetworkMessage m, Session session) {
        Optional<Request> parsed = Request.parse(mti, m);
        if (parsed.isEmpty()) {
            return formatError(m.mti(), m);
        }
        Request r = parsed.get();
        if (!session.signedOn) {
            return answer(m, Exchange.Answer.of(ResponseCode.ISSUER_UNAVAILABLE, "signed_off"));
        }
        Exchange claim = new Exchange(r.key, r.rrn, r.amountMinor, r.currencyNumeric, r.panLast4(), null, r.original,
                r.replacementAmountMinor, null);
        while (!exchanges.claim(claim, now())) {
            Exchange.Answer first = retransmission(r);
            if (first != null) {
                return answer(m, first);
            }
            // the first one failed with 96 and let go of its claim: this one is processed afresh
        }
        Exchange.Answer a;
        try {
            a = switch (mti) {
                case "0100" -> authorizeInBatch(r);
                case "0200" -> answeredAfterDecision(r, authorize(r, true));
                case "0120" -> answered(r, advice(r));
                // like a reversal, a completion takes its turn on the original's locked row
                case "0220" -> tx.execute(s -> answered(r, completion(r)));
                default -> {
                    awaitAnswer(r.original);
                    // the original's row stays locked from the check to the answer: one reversal at a time moves money
                    yield tx.execute(s -> answered(r, reversal(r.original, r.replacementAmountMinor)));
                }
            };
        } catch (io.emboss.shared.OutcomeUnknownException unknown) {
            // the money may have moved: the claim is kept so that a repeat cannot move it again
            log.error("ISO 8583 {}: outcome unknown: {}", m.mti(), unknown.toString());
            a = Exchange.Answer.of(ResponseCode.SYSTEM_ERROR, "outcome_unknown");
        } catch (RuntimeException e) {
            log.error("ISO 8583 {} failed: {}", m.mti(), e.toString());
            a = answered(r, Exchange.Answer.of(ResponseCode.SYSTEM_ERROR, "error"));
        }
        return answer(m, a);
    }

    /**
     * A 0100 whose answer its decision's batch writes ({@link AnswerReceipt}); one that did not
     * reach the pipeline, or that a reversal overtook, is recorded as every other answer is.
     */
    private Exchange.Answer authorizeInBatch(Request r) {
        AnswerReceipt receipt = new AnswerReceipt(r.key, answers);
        Exchange.Answer a = io.emboss.shared.Receipt.during(receipt, () -> authorize(r, false));
        return receipt.stored() ? a : answeredAfterDecision(r, a);
    }

    /**
     * Records the answer of a decision that has committed. If recording fails (the database is
     * overloaded or gone), the approval is not sent: the network gets 96, so the hold is undone
     * (best effort) and the claim is kept, never released: a repeat must not place a second hold
     * for a purchase whose first hold may still stand. It gets 94 (duplicate) until the claim ages out.
     */
    private Exchange.Answer answeredAfterDecision(Request r, Exchange.Answer decided) {
        try {
            return answered(r, decided);
        } catch (RuntimeException e) {
            log.error("ISO 8583 {}: the decision committed but its answer could not be recorded: {}", r.key.mti(),
                    e.toString());
            if (decided.code() == ResponseCode.APPROVED && decided.authorizationId() != null) {
                try {
                    transactions.reverse(callerOf(decided.tenantId(), decided.environment()),
                            decided.authorizationId(), null);
                } catch (RuntimeException undo) {
                    log.error("ISO 8583: the hold of an unanswered approval stays until it expires: {}",
                            undo.toString());
                }
            }
            return Exchange.Answer.of(ResponseCode.SYSTEM_ERROR, "error");
        }
    }

    private Exchange.Answer answered(Request r, Exchange.Answer a) {
        if (a.code() == ResponseCode.SYSTEM_ERROR) {
            // not kept: the network's repeat (0101, 0401, 0421…) is processed afresh instead of getting 96 forever
            exchanges.release(r.key);
            return a;
        }
        if (!MOVES_MONEY.contains(r.key.mti())) {
            exchanges.answer(r.key, a, now());
            return a;
        }
        if (exchanges.answerUnlessReversed(r.key, a, now())) {
            return a;
        }
        // the network reversed this message while it was in progress: answer it, then undo it
        exchanges.answer(r.key, a, now());
        tx.executeWithoutResult(s -> {
            for (Exchange pending : exchanges.pendingReversals(r.key)) {
                exchanges.answer(pending.key(), reversal(r.key, pending.actualAmountMinor()), now());
            }
        });
        return a;
    }

    /**
     * Gives an original that is still in progress (claimed, not answered) a bounded time to finish,
     * so that its reversal sees what it did. Past the bound the reversal is recorded as pending and
     * the original carries it out when it answers.
     */
    private void awaitAnswer(Exchange.Key original) {
        long deadline = System.nanoTime() + ORIGINAL_WAIT_MS * 1_000_000;
        while (System.nanoTime() < deadline) {
            Optional<Exchange> found = exchanges.find(original);
            if (found.isEmpty() || found.get().answer() != null) {
                return;
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * The first answer to this key, once it is there; 94 when the request differs or never got one;
     * null when the first let go of its claim (96). Waits at most DUPLICATE_WAIT_MS on this worker
     * thread, polling: a retransmission comes while its first is in progress only when the first is slow.
     */
    private Exchange.Answer retransmission(Request r) {
        long deadline = System.nanoTime() + DUPLICATE_WAIT_MS * 1_000_000;
        while (true) {
            Optional<Exchange> first = exchanges.find(r.key);
            if (first.isEmpty()) {
                return null;
            }
            Exchange e = first.get();
            boolean same = java.util.Objects.equals(e.amountMinor(), r.amountMinor)
                    && java.util.Objects.equals(e.panLast4(), r.panLast4());
            if (!same) {
                return Exchange.Answer.of(ResponseCode.DUPLICATE_TRANSMISSION, "duplicate");
            }
            if (e.answer() != null) {
                return e.answer();
            }
            if (System.nanoTime() > deadline) {
                return Exchange.Answer.of(ResponseCode.DUPLICATE_TRANSMISSION, "duplicate");
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return Exchange.Answer.of(ResponseCode.SYSTEM_ERROR, "error");
            }
        }
    }

    private Exchange.Answer authorize(Request r, boolean capture) {
        if (!r.purchase()) {
            return Exchange.Answer.of(ResponseCode.NOT_PERMITTED, "unsupported_processing_code");
        }
        String pin = null;
        if (r.pinBlock != null) {
            Optional<String> clear = zpk.pinBlocks().clearPin(r.pinBlock, r.pan);
            if (clear.isEmpty()) {
                // a block that decodes to no PIN is a key or format problem at the peer, not the cardholder's
                // wrong guess: declined without counting a PIN try
                return Exchange.Answer.of(ResponseCode.INCORRECT_PIN, "pin_block_unreadable");
            }
            pin = clear.get();
        }
        Decision d = engine.authorize(new AuthorizationRequest(null, r.pan, r.expiryMonth, r.expiryYear, r.cvv2,
                pin, r.amountMinor, r.currency, r.merchant, r.channel, r.rrn, false, true));
        if (!d.approved() || !capture) {
            return authorizationAnswer(d);
        }
        Outcome<CardTransaction> captured = transactions.capture(callerOf(d.tenantId(), d.environment()),
                d.authorizationId(), null, true);
        if (!captured.isOk()) {
            transactions.reverse(callerOf(d.tenantId(), d.environment()), d.authorizationId(), null);
            return new Exchange.Answer(ResponseCode.SYSTEM_ERROR, null, "capture_failed", d.tenantId(),
                    d.environment(), d.cardId(), d.authorizationId(), d.transactionId());
        }
        return new Exchange.Answer(ResponseCode.APPROVED, d.authCode(), "captured", d.tenantId(), d.environment(),
                d.cardId(), d.authorizationId(), d.transactionId());
    }

    /** What a 0100 answers for the engine's decision. */
    static Exchange.Answer authorizationAnswer(Decision d) {
        if (!d.approved()) {
            return new Exchange.Answer(ResponseCode.of(d), null, "declined", d.tenantId(),
                    d.environment(), d.cardId(), d.authorizationId(), d.transactionId());
        }
        return new Exchange.Answer(ResponseCode.APPROVED, d.authCode(), "approved", d.tenantId(), d.environment(),
                d.cardId(), d.authorizationId(), d.transactionId());
    }

    /** A stand-in approval: the network already said yes, so the spend is recorded within the overdraft bound. */
    private Exchange.Answer advice(Request r) {
        if (!r.purchase()) {
            return Exchange.Answer.of(ResponseCode.NOT_PERMITTED, "unsupported_processing_code");
        }
        Optional<Card> card = cardByPan(r.pan);
        return card.isPresent() ? forcePost(card.get(), r, r.authCode, "advice_recorded")
                : Exchange.Answer.of(ResponseCode.INVALID_CARD, "unknown_card");
    }

    private Exchange.Answer forcePost(Card card, Request r, String authCode, String outcome) {
        return forcePost(card, r.amountMinor, r, authCode, outcome);
    }

    private Exchange.Answer forcePost(Card card, long amountMinor, Request r, String authCode, String outcome) {
        Optional<Long> cardAmount = inCardCurrency(card, amountMinor, r.currency);
        if (cardAmount.isEmpty()) {
            return new Exchange.Answer(ResponseCode.NOT_PERMITTED, null, "unsupported_currency", card.tenantId(),
                    card.environment(), card.id(), null, null);
        }
        Outcome<CardTransaction> posted = transactions.forcePost(card, cardAmount.get(), amountMinor, r.currency,
                r.merchant, r.rrn, "force_post");
        if (!posted.isOk()) {
            return new Exchange.Answer(ResponseCode.INSUFFICIENT_FUNDS, null, "beyond_overdraft", card.tenantId(),
                    card.environment(), card.id(), null, null);
        }
        return new Exchange.Answer(ResponseCode.APPROVED, authCode, outcome, card.tenantId(), card.environment(),
                card.id(), null, posted.value().id());
    }

    /** The merchant's amount in the card's currency, with the FX fee, as the engine converts an authorization. */
    private Optional<Long> inCardCurrency(Card card, long amountMinor, String currency) {
        Optional<Currency> from = Currency.parse(currency);
        if (from.isEmpty()) {
            return Optional.empty();
        }
        if (from.get() == card.currency()) {
            return Optional.of(amountMinor);
        }
        return fx.rate(from.get(), card.currency()).map(rate -> {
            long converted = Money.convert(amountMinor, from.get(), card.currency(), rate);
            return converted + Money.percentOf(converted, authorization.getFxFeePercent());
        });
    }

    /** Captures the authorization the completion names (field 90, else the RRN); without one it is a force-post. */
    private Exchange.Answer completion(Request r) {
        Optional<Exchange> original = r.original != null ? exchanges.lock(r.original)
                : r.rrn == null ? Optional.empty() : exchanges.findSpendByRrn(r.key, r.rrn)
                        .flatMap(found -> exchanges.lock(found.key()));
        Optional<Exchange.Answer> approved = original.map(Exchange::answer)
                .filter(a -> a.code() == ResponseCode.APPROVED && a.tenantId() != null);
        if (approved.isEmpty()) {
            return forcePostByPan(r, "completion_without_authorization");
        }
        Exchange.Answer a = approved.get();
        if (!original.get().key().mti().equals("0100") || a.authorizationId() == null) {
            return alreadyPosted(original.get(), a, r);
        }
        Caller caller = callerOf(a.tenantId(), a.environment());
        CardTransaction t = transactions.byAuthorization(caller, a.authorizationId()).value();
        if (t.heldMinor() == 0) {
            if (t.capturedMinor() > 0) {
                return withIds(a, ResponseCode.APPROVED, "already_completed", t.id());
            }
            // the hold expired or was reversed before the completion came: the sale happened all the same
            Optional<Card> card = cards.findById(a.tenantId(), a.environment(), a.cardId());
            return card.isPresent() ? forcePost(card.get(), r, a.authCode(), "completion_after_release")
                    : Exchange.Answer.of(ResponseCode.INVALID_CARD, "unknown_card");
        }
        Optional<Long> amount = sameAmount(t, r) ? Optional.of(t.heldMinor()) : cardShare(t, r.amountMinor, r.currency);
        if (amount.isEmpty()) {
            return withIds(a, ResponseCode.NOT_PERMITTED, "unsupported_currency", t.id());
        }
        // every completion is final (the basic profile has no multi-completion indicator): the rest is released now
        Outcome<CardTransaction> captured = transactions.capture(caller, a.authorizationId(), amount.get(), true);
        if (!captured.isOk()) {
            return withIds(a, ResponseCode.EXCEEDS_AMOUNT_LIMIT, "capture_refused", t.id());
        }
        return withIds(a, ResponseCode.APPROVED, "captured", t.id());
    }

    /**
     * A completion of an advice, a sale or another completion: the money moved already. The same
     * amount moves nothing; a different one in the same currency moves only the difference (posted
     * when more, refunded when less).
     */
    private Exchange.Answer alreadyPosted(Exchange original, Exchange.Answer a, Request r) {
        Caller caller = callerOf(a.tenantId(), a.environment());
        CardTransaction t = a.authorizationId() != null ? transactions.byAuthorization(caller, a.authorizationId()).value()
                : transactions.get(caller, a.transactionId()).value();
        long difference = original.amountMinor() == null ? 0 : r.amountMinor - original.amountMinor();
        if (difference == 0 || !r.currency.equals(t.merchantCurrency()) || t.merchantAmountMinor() <= 0) {
            return withIds(a, ResponseCode.APPROVED, "already_posted", t.id());
        }
        if (difference > 0) {
            Optional<Card> card = cards.findById(a.tenantId(), a.environment(), t.cardId());
            return card.isPresent() ? forcePost(card.get(), difference, r, a.authCode(), "posted_difference")
                    : Exchange.Answer.of(ResponseCode.INVALID_CARD, "unknown_card");
        }
        long back = share(t.amountMinor(), -difference, t.merchantAmountMinor());
        Outcome<CardTransaction> refunded = transactions.refund(caller, t.cardId(), back, null, t.authorizationId());
        return withIds(a, refunded.isOk() ? ResponseCode.APPROVED : ResponseCode.EXCEEDS_AMOUNT_LIMIT,
                refunded.isOk() ? "refunded_difference" : "refund_refused", t.id());
    }

    /** The card a network message names, when its number passes Luhn and is one of Emboss's. */
    private Optional<Card> cardByPan(String pan) {
        return pan == null || !io.emboss.cards.Luhn.valid(pan) ? Optional.empty() : cards.findByPan(pan);
    }

    private Exchange.Answer forcePostByPan(Request r, String outcome) {
        Optional<Card> card = cardByPan(r.pan);
        return card.isPresent() ? forcePost(card.get(), r, null, outcome)
                : Exchange.Answer.of(ResponseCode.INVALID_CARD, "unknown_card");
    }

    /**
     * Undoes what the original (field 90) did: releases a hold, refunds a captured sale or a recorded
     * advice. Partial when field 95 names the amount that really happened. An unknown original is
     * acknowledged (00) and recorded; a reversal of an authorization that was already captured
     * releases nothing and leaves the capture standing (docs/iso8583.md).
     */
    private Exchange.Answer reversal(Exchange.Key originalKey, Long actualAmountMinor) {
        Optional<Exchange> found = exchanges.lock(originalKey);
        if (found.isEmpty()) {
            return Exchange.Answer.of(ResponseCode.APPROVED, "unknown_original");
        }
        Exchange original = found.get();
        if (!MOVES_MONEY.contains(original.key().mti())) {
            // a reversal of a reversal: what it names moved money back already, or nothing
            return Exchange.Answer.of(ResponseCode.APPROVED, "original_not_financial");
        }
        if (original.answer() == null) {
            // still in progress (or its process died before answering): it reverses itself once answered
            exchanges.markReversalPending(originalKey);
            return Exchange.Answer.of(ResponseCode.APPROVED, ExchangeRepository.ORIGINAL_PENDING);
        }
        Exchange.Answer a = original.answer();
        if (a.code() != ResponseCode.APPROVED || a.tenantId() == null) {
            return Exchange.Answer.of(ResponseCode.APPROVED, "original_declined");
        }
        if (exchanges.reversedAlready(originalKey)) {
            return withIds(a, ResponseCode.APPROVED, "already_reversed", a.transactionId());
        }
        long originalAmount = original.amountMinor();
        long reversedMerchant = actualAmountMinor == null ? originalAmount
                : Math.max(0, originalAmount - actualAmountMinor);
        if (reversedMerchant == 0) {
            return withIds(a, ResponseCode.APPROVED, "nothing_to_reverse", a.transactionId());
        }
        Caller caller = callerOf(a.tenantId(), a.environment());
        CardTransaction t = a.authorizationId() != null ? transactions.byAuthorization(caller, a.authorizationId()).value()
                : transactions.get(caller, a.transactionId()).value();
        long cardAmount = reversedMerchant == originalAmount ? t.amountMinor()
                : share(t.amountMinor(), reversedMerchant, t.merchantAmountMinor());
        if (original.key().mti().equals("0100")) {
            if (t.heldMinor() == 0) {
                return withIds(a, ResponseCode.APPROVED, t.capturedMinor() > 0 ? "after_capture" : "nothing_held",
                        t.id());
            }
            Outcome<CardTransaction> reversed = transactions.reverse(caller, a.authorizationId(),
                    Math.min(cardAmount, t.heldMinor()));
            return withIds(a, reversed.isOk() ? ResponseCode.APPROVED : ResponseCode.SYSTEM_ERROR,
                    reversed.isOk() ? "reversed" : "reverse_refused", t.id());
        }
        // a sale (0200), a completion (0220) or an advice (0120) already moved the money: it comes back as a refund
        long refundable = t.capturedMinor() - t.refundedMinor();
        long amount = Math.min(cardAmount, refundable);
        if (amount <= 0) {
            return withIds(a, ResponseCode.APPROVED, "nothing_to_reverse", t.id());
        }
        Outcome<CardTransaction> refunded = transactions.refund(caller, t.cardId(), amount, null,
                t.authorizationId());
        return withIds(a, refunded.isOk() ? ResponseCode.APPROVED : ResponseCode.SYSTEM_ERROR,
                refunded.isOk() ? "refunded" : "refund_refused", refunded.isOk() ? refunded.value().id() : t.id());
    }

    private static boolean sameAmount(CardTransaction t, Request r) {
        return r.amountMinor == t.merchantAmountMinor() && r.currency.equals(t.merchantCurrency());
    }

    /** A completion's amount in the card's currency, in proportion to what the authorization converted. */
    private static Optional<Long> cardShare(CardTransaction t, long amountMinor, String currency) {
        if (currency.equals(t.currency().name())) {
            return Optional.of(amountMinor);
        }
        if (currency.equals(t.merchantCurrency()) && t.merchantAmountMinor() > 0) {
            return Optional.of(share(t.amountMinor(), amountMinor, t.merchantAmountMinor()));
        }
        return Optional.empty();
    }

    private static long share(long whole, long part, long of) {
        return BigDecimal.valueOf(whole).multiply(BigDecimal.valueOf(part))
                .divide(BigDecimal.valueOf(of), 0, RoundingMode.HALF_UP).longValueExact();
    }

    private static Exchange.Answer withIds(Exchange.Answer a, ResponseCode code, String outcome, String transactionId) {
        return new Exchange.Answer(code, code == ResponseCode.APPROVED ? a.authCode() : null, outcome, a.tenantId(),
                a.environment(), a.cardId(), a.authorizationId(), transactionId);
    }

    /**
     * The tenant that owns a card, as the services know callers. A network peer is no tenant: the
     * card the PAN names decides whose record a message becomes, and the follow-ups act as that tenant.
     */
    private static Caller callerOf(String tenantId, String environment) {
        return Caller.network(tenantId, Environment.fromWire(environment), "iso8583");
    }

    private static NetworkMessage answer(NetworkMessage request, Exchange.Answer a) {
        NetworkMessage response = request.echo(responseMti(request.mti()), ECHOED).with(39, a.code().code);
        return a.code() == ResponseCode.APPROVED && a.authCode() != null ? response.with(38, a.authCode()) : response;
    }

    private Instant now() {
        return clock.instant();
    }
}
