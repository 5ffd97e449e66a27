package io.emboss.authorization;

import io.emboss.cards.Card;
import io.emboss.cards.CardProductService;
import io.emboss.cards.CardService;
import io.emboss.ledger.AccountKey;
import io.emboss.ledger.LedgerService;
import io.emboss.ledger.Transfer;
import io.emboss.ledger.TransferSpec;
import io.emboss.shared.Caller;
import io.emboss.shared.Currency;
import io.emboss.shared.Environment;
import io.emboss.shared.Ids;
import io.emboss.shared.Money;
import io.emboss.shared.Outcome;
import io.emboss.events.DecisionWebhooks;
import io.emboss.authorization.rules.Facts;
import io.emboss.authorization.rules.Screening;
import io.emboss.wallets.FxRates;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one place where a card's spend is decided, whatever front asked (the sandbox simulator,
 * ISO 8583). Checks that need no lock run first; then one short transaction locks the card's
 * spending row and (through the ledger) the card's account, checks limits and funds, places the
 * hold and records the transaction. No network call happens inside it.
 */
@Service
@EnableConfigurationProperties(AuthorizationSettings.class)
public class AuthorizationEngine {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CardService cards;
    private final LedgerService ledger;
    private final TransactionRepository transactions;
    private final SpendingRepository spending;
    private final FxRates fx;
    private final AuthorizationSettings settings;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final DecisionWebhooks decisions;
    private final CardProductService products;
    private final OtpRepository otps;
    private final io.emboss.ledger.MoneyPipeline pipeline;
    private final io.micrometer.core.instrument.MeterRegistry meters;
    private final TransactionRepository transactionRows;
    private final io.emboss.shared.CommittedIds knownSpendingRows = new io.emboss.shared.CommittedIds(200_000);
    private final io.emboss.authorization.rules.AuthRules rules;

    AuthorizationEngine(io.micrometer.core.instrument.MeterRegistry meters, io.emboss.ledger.MoneyPipeline pipeline,
            CardService cards, LedgerService ledger, TransactionRepository transactions,
            SpendingRepository spending, FxRates fx, AuthorizationSettings settings, ApplicationEventPublisher events,
            TransactionTemplate tx, Clock clock, DecisionWebhooks decisions, CardProductService products,
            OtpRepository otps, io.emboss.authorization.rules.AuthRules rules) {
        this.rules = rules;
        this.pipeline = pipeline;
        this.meters = meters;
        this.transactionRows = transactions;
        this.decisions = decisions;
        this.products = products;
        this.otps = otps;
        this.cards = cards;
        this.ledger = ledger;
        this.transactions = transactions;
        this.spending = spending;
        this.fx = fx;
        this.settings = settings;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    /** Decides what a network front asks: the card the request names decides whose record it becomes. */
    public Decision authorize(AuthorizationRequest r) {
        return decide(null, r);
    }

    /**
     * Decides what the sandbox simulator asks: the card must be the caller's. A live credential is
     * refused here, whatever path its request took: in live mode only the network authorizes.
     */
    public Outcome<Decision> simulate(Caller caller, AuthorizationRequest r) {
        if (!caller.maySimulate()) {
            return Outcome.rejected(Caller.SANDBOX_ONLY);
        }
        return Outcome.ok(decide(caller, r));
    }

    /** {@code caller} is the tenant for the simulator or null for a network front. */
    private Decision decide(Caller caller, AuthorizationRequest r) {
        long start = System.nanoTime();
        Decision d = decideUnmeasured(caller, r);
        String front = caller == null ? "iso8583" : "simulator";
        String outcome = d.approved() ? "approved" : d.declineReason() != null ? "declined" : d.status();
        meters.counter("emboss.authorizations", "front", front, "outcome", outcome, "reason",
                d.declineReason() == null ? "none" : d.declineReason().wire()).increment();
        meters.timer("emboss.authorization.decision", "front", front)
                .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        return d;
    }

    private Decision decideUnmeasured(Caller caller, AuthorizationRequest r) {
        if (r.amountMinor() <= 0) {
            throw new IllegalArgumentException("fronts validate amounts before asking the engine");
        }
        Optional<Card> resolved = resolve(caller, r);
        if (resolved.isEmpty()) {
            return caller == null ? new Decision(null, null, false, CardTransaction.DECLINED,
                    DeclineReason.INVALID_CARD, null, null, null, null, r.amountMinor(), r.merchantCurrency(), null)
                    : tx.execute(s -> declineWithoutCard(caller, r));
        }
        return authorizeAs(resolved.get(), r, Ids.next("auth"));
    }

    private Decision authorizeAs(Card card, AuthorizationRequest r, String authorizationId) {
        Optional<Currency> merchantCurrency = Currency.parse(r.merchantCurrency());
        Optional<DeclineReason> early = merchantCurrency.isEmpty() ? Optional.of(DeclineReason.UNSUPPORTED_CURRENCY)
                : staticChecks(card, r);
        long amount = r.amountMinor();
        long fxFee = 0;
        if (early.isEmpty() && merchantCurrency.get() != card.currency()) {
            Optional<BigDecimal> rate = fx.rate(merchantCurrency.get(), card.currency());
            if (rate.isEmpty()) {
                early = Optional.of(DeclineReason.UNSUPPORTED_CURRENCY);
            } else {
                long converted = Money.convert(r.amountMinor(), merchantCurrency.get(), card.currency(), rate.get());
                fxFee = Money.percentOf(converted, settings.getFxFeePercent());
                amount = converted + fxFee;
                // a few pesos on a dollar card round to nothing: no hold of zero, a decline
                early = amount == 0 ? Optional.of(DeclineReason.INVALID_AMOUNT) : early;
            }
        }
        if (early.isEmpty() && amount > card.limits().perTransactionMinor()) {
            early = Optional.of(DeclineReason.EXCEEDS_TRANSACTION_LIMIT);
        }
        // the tenant's rules, after Emboss's own static checks and before the tenant's endpoint
        Screening screening = early.isEmpty() ? rules.screen(card.tenantId(), card.environment(),
                facts(card, r, amount, clock.instant())) : Screening.NONE;
        if (screening.decline() != null) {
            early = Optional.of(DeclineReason.AUTH_RULE);
        }
        if (early.isEmpty() && "online".equals(r.channel()) && !r.threeDsVerified()) {
            Optional<Long> threshold = products.threeDsThreshold(card);
            if (screening.challenge() || (threshold.isPresent() && amount > threshold.get())) {
                long challenged = amount;
                return tx.execute(s -> challenge(card, r, challenged, authorizationId));
            }
        }
        Optional<DecisionWebhooks.Target> endpoint = early.isEmpty()
                ? decisions.target(card.tenantId(), card.environment()) : Optional.empty();
        boolean pinVerified = false;
        if (endpoint.isPresent()) {
            // Emboss's own checks first (PIN, limits, funds), so the tenant is asked only about what Emboss
            // would approve now; the locked checks below still have the last word (was: asked before them)
            long asked = amount;
            early = tx.execute(s -> ownChecks(card, r, asked));
            pinVerified = r.pin() != null && early.isEmpty();
        }
        if (early.isEmpty() && endpoint.isPresent()) {
            // outside any transaction: the tenant's endpoint may be slow, and nothing is locked meanwhile
            DecisionWebhooks.Answer answer = decisions.ask(endpoint.get(), authorizationId,
                    decisionRequest(card, r, amount, fxFee));
            switch (answer.kind()) {
                case DECLINED -> early = Optional.of(DeclineReason.WEBHOOK_DECLINED);
                case TIMEOUT, ERROR -> {
                    if (!answer.standInApproves()) {
                        early = Optional.of(DeclineReason.WEBHOOK_TIMEOUT);
                    }
                }
                case APPROVED -> {
                    if (answer.approvedAmount() != null) {
                        Outcome<Long> partial = Money.parsePositive("amount", answer.approvedAmount(), card.currency());
                        if (!partial.isOk()) {
                            // an amount that is no positive amount of the card's currency is an unreadable
                            // answer, like a malformed one: the stand-in rule decides (was: the full amount)
                            if (!answer.standInApproves()) {
                                early = Optional.of(DeclineReason.WEBHOOK_TIMEOUT);
                            }
                        } else if (partial.value() < amount) {
                            amount = partial.value();
                        }
                    }
                }
                default -> {
                    // no endpoint: Emboss's own checks decide
                }
            }
        }
        if (early.isEmpty() && !pinVerified && r.pin() != null) {
            // a wrong try counts whatever the batch decides, so the PIN is checked (and a try
            // counted) in a transaction of its own before the purchase joins a batch
            early = tx.execute(s -> pinCheck(card, r));
        }
        return pipeline.submit(new AuthorizeCommand(this, card, r, amount, fxFee, early.orElse(null),
                authorizationId, screening));
    }

    /** What the tenant's rules see of an authorization of {@code amountMinor} (card currency) made {@code at}. */
    private static Facts facts(Card card, AuthorizationRequest r, long amountMinor, Instant at) {
        AuthorizationRequest.Merchant m = r.merchant();
        return new Facts(card.id(), card.customerId(), card.productId(), m == null ? null : m.mcc(),
                m == null ? null : m.country(), m == null ? null : m.name(), m == null ? null : m.id(), amountMinor,
                card.currency(), r.merchantCurrency(), r.channel(), r.threeDsVerified(), r.pin() != null, at,
                card.createdAt());
    }

    io.emboss.authorization.rules.RuleHitRows ruleHitsOf(io.emboss.ledger.MoneyBatch batch) {
        return rules.hitRowsOf(batch);
    }

    /** What an {@link AuthorizeCommand} needs of the engine's collaborators inside a batch. */
    io.emboss.cards.CardReads cardsOf(io.emboss.ledger.MoneyBatch batch) {
        return cards.readsOf(batch);
    }

    SpendingWindows spendingOf(io.emboss.ledger.MoneyBatch batch) {
        return batch.participant(SpendingWindows.class,
                () -> new SpendingWindows(spending, knownSpendingRows, batch.now()));
    }

    TransactionRows rowsOf(io.emboss.ledger.MoneyBatch batch) {
        return batch.participant(TransactionRows.class, () -> new TransactionRows(transactionRows));
    }

    /** Declares a card's two accounts, the limit-checked one and its network settlement side. */
    static void lockCardAccounts(io.emboss.ledger.MoneyBatch batch, Card card) {
        batch.lockAccount(cardAccount(card));
        batch.lockAccount(settlementAccount(card));
    }

    java.time.Duration holdWindow() {
        return settings.getHoldWindow();
    }

    static String newAuthCode() {
        return String.format("%06d", RANDOM.nextInt(1_000_000));
    }

    /**
     * The checks of {@link #holdFunds} without its locks, run before a tenant's endpoint is asked: the
     * PIN (counting a wrong try), the day's and month's limits, the funds.
     */
    private Optional<DeclineReason> ownChecks(Card card, AuthorizationRequest r, long amount) {
        Optional<DeclineReason> pin = pinCheck(card, r);
        if (pin.isPresent()) {
            return pin;
        }
        ZonedDateTime now = clock.instant().atZone(ZoneOffset.UTC);
        int today = now.getYear() * 10000 + now.getMonthValue() * 100 + now.getDayOfMonth();
        int thisMonth = now.getYear() * 100 + now.getMonthValue();
        SpendingRepository.Spending spent = spending.find(card.id())
                .orElse(new SpendingRepository.Spending(today, 0, thisMonth, 0));
        Optional<DeclineReason> limit = limitCheck(card, spent, today, thisMonth, amount);
        if (limit.isPresent()) {
            return limit;
        }
        return cards.balance(card).available() < amount ? Optional.of(DeclineReason.INSUFFICIENT_FUNDS)
                : Optional.empty();
    }

    private Optional<DeclineReason> pinCheck(Card card, AuthorizationRequest r) {
        if (r.pin() == null) {
            return Optional.empty();
        }
        CardService.PinCheck pin = cards.checkPin(card, r.pin());
        if (pin == CardService.PinCheck.TRIES_EXCEEDED) {
            return Optional.of(DeclineReason.PIN_TRIES_EXCEEDED);
        }
        return pin == CardService.PinCheck.CORRECT ? Optional.empty() : Optional.of(DeclineReason.INCORRECT_PIN);
    }

    private static Optional<DeclineReason> limitCheck(Card card, SpendingRepository.Spending spent, int today,
            int thisMonth, long amount) {
        return limitCheck(card, spent.dayTotalOn(today), spent.monthTotalIn(thisMonth), amount);
    }

    static Optional<DeclineReason> limitCheck(Card card, long dayTotal, long monthTotal, long amount) {
        if (dayTotal + amount > card.limits().dailyMinor()) {
            return Optional.of(DeclineReason.EXCEEDS_DAILY_LIMIT);
        }
        if (monthTotal + amount > card.limits().monthlyMinor()) {
            return Optional.of(DeclineReason.EXCEEDS_MONTHLY_LIMIT);
        }
        return Optional.empty();
    }

    private Optional<Card> resolve(Caller caller, AuthorizationRequest r) {
        if (!r.byPan()) {
            Outcome<Card> card = cards.getForDecision(caller, r.cardId());
            return card.isOk() ? Optional.of(card.value()) : Optional.empty();
        }
        if (r.pan() == null || !io.emboss.cards.Luhn.valid(r.pan())) {
            return Optional.empty();
        }
        Optional<Card> card = cards.findByPanForDecision(r.pan());
        if (card.isPresent() && caller != null && (!card.get().tenantId().equals(caller.tenantId())
                || !card.get().environment().equals(caller.environment().wire()))) {
            return Optional.empty();
        }
        return card;
    }

    /**
     * What may have changed since the card was read before the batch (its status, expiry, controls
     * and per-transaction limit), checked again on the card as the batch read it.
     */
    static Optional<DeclineReason> changedSince(Card card, AuthorizationRequest r, long amount, Instant now) {
        Optional<DeclineReason> status = statusCheck(card);
        if (status.isPresent()) {
            return status;
        }
        if (YearMonth.from(now.atZone(ZoneOffset.UTC)).isAfter(YearMonth.of(card.expiryYear(), card.expiryMonth()))) {
            return Optional.of(DeclineReason.CARD_EXPIRED);
        }
        Optional<DeclineReason> controls = controlsCheck(card, r);
        if (controls.isPresent()) {
            return controls;
        }
        return amount > card.limits().perTransactionMinor() ? Optional.of(DeclineReason.EXCEEDS_TRANSACTION_LIMIT)
                : Optional.empty();
    }

    private static Optional<DeclineReason> statusCheck(Card card) {
        if (card.status() == Card.Status.FROZEN) {
            return Optional.of(DeclineReason.CARD_FROZEN);
        }
        return card.status() != Card.Status.ACTIVE ? Optional.of(DeclineReason.CARD_NOT_ACTIVE) : Optional.empty();
    }

    private static Optional<DeclineReason> controlsCheck(Card card, AuthorizationRequest r) {
        String mcc = r.merchant() == null ? null : r.merchant().mcc();
        if (mcc != null && (card.controls().blockedMccs().contains(mcc)
                || (!card.controls().allowedMccs().isEmpty() && !card.controls().allowedMccs().contains(mcc)))) {
            return Optional.of(DeclineReason.MCC_BLOCKED);
        }
        String country = r.merchant() == null ? null : r.merchant().country();
        if (country != null && (card.controls().blockedCountries().contains(country)
                || (!card.controls().allowedCountries().isEmpty()
                        && !card.controls().allowedCountries().contains(country)))) {
            return Optional.of(DeclineReason.COUNTRY_BLOCKED);
        }
        return Optional.empty();
    }

    private Optional<DeclineReason> staticChecks(Card card, AuthorizationRequest r) {
        Optional<DeclineReason> status = statusCheck(card);
        if (status.isPresent()) {
            return status;
        }
        YearMonth now = YearMonth.from(clock.instant().atZone(ZoneOffset.UTC));
        if (now.isAfter(YearMonth.of(card.expiryYear(), card.expiryMonth()))) {
            return Optional.of(DeclineReason.CARD_EXPIRED);
        }
        if (r.expiryMonth() != null && r.expiryYear() != null
                && (r.expiryMonth() != card.expiryMonth() || r.expiryYear() != card.expiryYear())) {
            return Optional.of(DeclineReason.INVALID_EXPIRY);
        }
        if (r.cvv() != null && !cards.cvvMatches(card, r.cvv())) {
            return Optional.of(DeclineReason.INVALID_CVV);
        }
        return controlsCheck(card, r);
    }

    /**
     * 3-D Secure: the purchase waits for a one-time code (6 digits, 5 minutes) that the tenant
     * shows the cardholder; {@code POST /v1/simulate/3ds/{otpId}/verify} then completes it.
     */
    private Decision challenge(Card card, AuthorizationRequest r, long amount, String authorizationId) {
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Otp otp = new Otp(Ids.next("otp"), card.tenantId(), card.environment(), card.id(), authorizationId,
                String.format("%06d", RANDOM.nextInt(1_000_000)), Otp.PENDING, 0, r.amountMinor(), r.merchantCurrency(),
                r.merchant(), r.networkReference(), at.plus(java.time.Duration.ofMinutes(5)), at);
        otps.insert(otp);
        events.publishEvent(new OtpCreated(otp));
        return new Decision(authorizationId, null, false, "challenge_required", null, null, card.id(),
                card.tenantId(), card.environment(), amount, card.currency().name(), otp.id());
    }

    private Decision decline(Card card, AuthorizationRequest r, long amount, long fxFee, DeclineReason reason,
            String authorizationId) {
        CardTransaction t = declined(card, r, amount, fxFee, reason, authorizationId,
                clock.instant().truncatedTo(ChronoUnit.MICROS));
        transactions.insert(t);
        events.publishEvent(new TransactionEvents.Changed("authorization.declined", t));
        return decision(t);
    }

    static CardTransaction declined(Card card, AuthorizationRequest r, long amount, long fxFee, DeclineReason reason,
            String authorizationId, Instant at) {
        return declined(card, r, amount, fxFee, reason, authorizationId, at, null);
    }

    /** A declined authorization; {@code ruleId} names the authorization rule that declined it, if one did. */
    static CardTransaction declined(Card card, AuthorizationRequest r, long amount, long fxFee, DeclineReason reason,
            String authorizationId, Instant at, String ruleId) {
        Currency currency = card.currency();
        return new CardTransaction(Ids.next("txn"), authorizationId, card.tenantId(), card.environment(),
                card.id(), card.customerId(), "authorization", CardTransaction.DECLINED, false, reason.wire(), null,
                currency, amount, r.merchantCurrency() == null ? currency.name() : truncate(r.merchantCurrency(), 8),
                r.amountMinor(), fxFee, 0, 0, 0, 0, null, null, r.merchant(), r.channel(), r.networkReference(), null,
                at, at, ruleId);
    }

    /** The code was wrong three times: the purchase is declined and recorded as such. */
    Decision declineChallenge(Card card, AuthorizationRequest r, String authorizationId) {
        return decline(card, r, r.amountMinor(), 0, DeclineReason.THREE_DS_FAILED, authorizationId);
    }

    /** The code was right: the purchase goes on, under the authorization id the challenge announced. */
    Decision afterChallenge(Card card, AuthorizationRequest r, String authorizationId) {
        return authorizeAs(card, r, authorizationId);
    }

    /** An unknown card named by a tenant's simulator call: recorded for the tenant, with no card. */
    private Decision declineWithoutCard(Caller caller, AuthorizationRequest r) {
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Currency currency = Currency.parse(r.merchantCurrency()).orElse(Currency.USD);
        CardTransaction t = new CardTransaction(Ids.next("txn"), Ids.next("auth"), caller.tenantId(),
                caller.environment().wire(), null, null, "authorization", CardTransaction.DECLINED, false,
                DeclineReason.INVALID_CARD.wire(), null, currency, r.amountMinor(), currency.name(), r.amountMinor(), 0,
                0, 0, 0, 0, null, null, r.merchant(), r.channel(), r.networkReference(), null, at, at);
        transactions.insert(t);
        events.publishEvent(new TransactionEvents.Changed("authorization.declined", t));
        return decision(t);
    }

    private static java.util.Map<String, Object> decisionRequest(Card card, AuthorizationRequest r, long amount,
            long fxFee) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("cardId", card.id());
        m.put("customerId", card.customerId());
        m.put("amount", Money.format(amount, card.currency()));
        m.put("currency", card.currency().name());
        m.put("fxFee", Money.format(fxFee, card.currency()));
        // a decimal string in the merchant's currency, like every amount in the API (was minor units)
        m.put("merchantAmount", Money.format(r.amountMinor(),
                Currency.parse(r.merchantCurrency()).orElse(card.currency())));
        m.put("merchantCurrency", r.merchantCurrency());
        if (r.merchant() != null) {
            java.util.Map<String, Object> merchant = new java.util.LinkedHashMap<>();
            merchant.put("name", r.merchant().name());
            merchant.put("mcc", r.merchant().mcc());
            merchant.put("city", r.merchant().city());
            merchant.put("country", r.merchant().country());
            m.put("merchant", merchant);
        }
        m.put("channel", r.channel());
        return m;
    }

    static Decision decision(CardTransaction t) {
        return new Decision(t.authorizationId(), t.id(), t.approved(), t.status(),
                t.declineReason() == null ? null : DeclineReason.valueOf(t.declineReason().toUpperCase(
                        java.util.Locale.ROOT)), t.authCode(), t.cardId(), t.tenantId(), t.environment(),
                t.amountMinor(), t.currency().name(), null);
    }

    static AccountKey cardAccount(Card card) {
        return AccountKey.card(card.tenantId(), Environment.fromWire(card.environment()), card.id(), card.currency());
    }

    static AccountKey settlementAccount(Card card) {
        return AccountKey.networkSettlement(card.tenantId(), Environment.fromWire(card.environment()), card.currency());
    }

    private static String truncate(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }
}
