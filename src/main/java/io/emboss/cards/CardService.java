package io.emboss.cards;

import io.emboss.customers.Customer;
import io.emboss.customers.CustomerService;
import io.emboss.ledger.AccountKey;
import io.emboss.ledger.Balance;
import io.emboss.ledger.LedgerService;
import io.emboss.ledger.TransferSpec;
import io.emboss.shared.Caller;
import io.emboss.shared.Environment;
import io.emboss.shared.Ids;
import io.emboss.shared.Money;
import io.emboss.shared.Outcome;
import io.emboss.shared.Page;
import io.emboss.shared.PageRequest;
import io.emboss.shared.RejectedException;
import io.emboss.shared.Rejection;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Issuing cards and everything that happens to them afterwards. */
@Service
public class CardService {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int PAN_LENGTH = 16;
    private static final int PAN_ATTEMPTS = 20;

    /** What to issue. Amounts in minor units of the product's currency. */
    public record IssueRequest(String customerId, String productId, String name, Long initialBalanceMinor,
                               Card.Status requestedStatus, Card.Shipping shipping, CardProduct.Limits limits,
                               Card.Controls controls) {
    }

    /** Changes to a card; null keeps a field (also each limit and each control list on its own). */
    public record CardChanges(String name, Card.Status status, String reason, Long perTransactionMinor,
                              Long dailyMinor, Long monthlyMinor, List<String> allowedMccs, List<String> blockedMccs,
                              List<String> allowedCountries, List<String> blockedCountries) {
        boolean touchesLimits() {
            return perTransactionMinor != null || dailyMinor != null || monthlyMinor != null;
        }

        boolean touchesControls() {
            return allowedMccs != null || blockedMccs != null || allowedCountries != null || blockedCountries != null;
        }
    }

    /** The full card number, CVV2 and expiry: shown only to callers allowed to read sensitive data. */
    public record SensitiveDetails(String number, String cvv, int expiryMonth, int expiryYear) {
        @Override
        public String toString() {
            return "SensitiveDetails[redacted]";
        }
    }

    private final CardRepository cards;
    private final CardProductRepository products;
    private final CustomerService customers;
    private final LedgerService ledger;
    private final CardKeys keys;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    CardService(CardRepository cards, CardProductRepository products, CustomerService customers, LedgerService ledger,
            CardKeys keys, ApplicationEventPublisher events, Clock clock) {
        this.cards = cards;
        this.products = products;
        this.customers = customers;
        this.ledger = ledger;
        this.keys = keys;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public Outcome<Card> issue(Caller caller, IssueRequest in) {
        String env = caller.environment().wire();
        Optional<CardProduct> found = products.find(caller.tenantId(), env, in.productId());
        if (found.isEmpty()) {
            return Outcome.notFound("card product " + in.productId());
        }
        CardProduct product = found.get();
        if (in.customerId() != null) {
            Outcome<Customer> customer = customers.get(caller, in.customerId());
            if (!customer.isOk()) {
                return Outcome.rejected(customer.rejection());
            }
            if (customer.value().kycStatus() != Customer.KycStatus.APPROVED) {
                return kycNotApproved(customer.value());
            }
        }
        boolean physical = product.formFactor() == CardProduct.FormFactor.PHYSICAL;
        if (physical && in.shipping() == null) {
            return Outcome.invalid("shipping", "is required for a physical card");
        }
        if (!physical && in.shipping() != null) {
            return Outcome.invalid("shipping", "applies only to physical cards");
        }
        long initial = in.initialBalanceMinor() == null ? 0 : in.initialBalanceMinor();
        if (initial > product.maxBalanceMinor()) {
            return Outcome.rejected(Rejection.Kind.CONFLICT, "exceeds_max_balance", "initialBalance exceeds the "
                    + "product's maxBalance of " + Money.format(product.maxBalanceMinor(), product.currency()));
        }
        CardProduct.Limits limits = in.limits() != null ? in.limits() : product.limits();
        if (in.controls() != null && controlsClash(in.controls()).isPresent()) {
            return Outcome.invalid("controls", controlsClash(in.controls()).get());
        }
        Card.Status status = physical ? Card.Status.INACTIVE
                : in.requestedStatus() == Card.Status.INACTIVE ? Card.Status.INACTIVE : Card.Status.ACTIVE;
        Instant now = clock.instant();
        YearMonth expiry = YearMonth.from(now.atZone(ZoneOffset.UTC)).plusMonths(product.validityMonths());
        String id = Ids.next("card");
        Card.Shipping shipping = physical ? withStatus(in.shipping(), "pending") : null;
        Card card = null;
        for (int attempt = 0; attempt < PAN_ATTEMPTS && card == null; attempt++) {
            String pan = newPan(product.bin());
            Card candidate = new Card(id, caller.tenantId(), env, product.id(), in.customerId(), in.name(),
                    product.network(), product.formFactor(), product.currency(), status, null, product.bin(),
                    pan.substring(pan.length() - 4), expiry.getMonthValue(), expiry.getYear(), false, 0, limits,
                    in.controls() != null ? in.controls() : Card.Controls.none(), shipping, null, now, now, null);
            if (cards.insert(candidate, keys.sealPan(id, pan), keys.fingerprint(pan))) {
                card = candidate;
            }
        }
        if (card == null) {
            throw new IllegalStateException("no free card number in BIN range after " + PAN_ATTEMPTS + " draws");
        }
        AccountKey source = fundingSource(card);
        AccountKey cardAccount = cardAccount(card);
        List<TransferSpec> specs = new ArrayList<>();
        if (product.issuanceFeeMinor() > 0) {
            specs.add(new TransferSpec.Post(source, AccountKey.feeRevenue(caller.tenantId(), caller.environment(),
                    product.currency()), product.issuanceFeeMinor(), "issuance_fee", id));
        }
        if (initial > 0) {
            specs.add(new TransferSpec.Post(source, cardAccount, initial, "card_funding", id));
        }
        if (!specs.isEmpty()) {
            Outcome<?> moved = ledger.execute(specs);
            if (!moved.isOk()) {
                throw new RejectedException(moved.rejection().code().equals("insufficient_funds")
                        ? Rejection.of(Rejection.Kind.CONFLICT, "insufficient_funds", "The "
                                + (card.customerId() == null ? "tenant's funding balance" : "customer's "
                                + product.currency() + " wallet") + " cannot pay the issuance fee of "
                                + Money.format(product.issuanceFeeMinor(), product.currency())
                                + " and the initial balance of " + Money.format(initial, product.currency()))
                        : moved.rejection());
            }
        }
        if (initial > 0) {
            events.publishEvent(new CardEvents.InitialBalanceLoaded(card, initial));
        }
        publish("card.created", card, null, null, caller);
        return Outcome.ok(card);
    }

    /** One query: joins the caller's transaction if there is one, opens none otherwise. */
    @Transactional(readOnly = true, propagation = org.springframework.transaction.annotation.Propagation.SUPPORTS)
    public Outcome<Card> get(Caller caller, String id) {
        return cards.find(caller.tenantId(), caller.environment().wire(), id)
                .<Outcome<Card>>map(Outcome::ok).orElseGet(() -> Outcome.notFound("card " + id));
    }

    @Transactional(readOnly = true)
    public Outcome<Page<Card>> list(Caller caller, String customerId, Card.Status status, String productId,
            PageRequest page) {
        String env = caller.environment().wire();
        Long before = null;
        if (page.startingAfter() != null) {
            Optional<Long> seq = cards.seqOf(caller.tenantId(), env, page.startingAfter());
            if (seq.isEmpty()) {
                return Outcome.rejected(Rejection.Kind.INVALID, "invalid_cursor", "startingAfter names no card");
            }
            before = seq.get();
        }
        return Outcome.ok(Page.of(cards.page(caller.tenantId(), env, customerId, status == null ? null : status.wire(),
                productId, page.limit(), before), page.limit(), Card::id));
    }

    /**
     * Locks the card's row until the caller's transaction ends and returns it as it then is: money
     * moving onto or off a card takes this lock so it cannot race a close, a freeze or an assignment.
     */
    @Transactional
    public Optional<Card> lockForMoneyMovement(String tenantId, String environment, String id) {
        return cards.lock(tenantId, environment, id);
    }

    /**
     * The caller's card as an authorization reads it before its batch: possibly a few seconds old
     * (see {@link #readsOf}, which the batch decides with), never another tenant's.
     */
    public Outcome<Card> getForDecision(Caller caller, String id) {
        return cards.findForDecision(id)
                .filter(c -> c.tenantId().equals(caller.tenantId()) && c.environment().equals(caller.environment().wire()))
                .<Outcome<Card>>map(Outcome::ok).orElseGet(() -> Outcome.notFound("card " + id));
    }

    /** {@link #findByPan} for an authorization, through the same short cache. */
    public Optional<Card> findByPanForDecision(String pan) {
        return cards.byFingerprintForDecision(keys.fingerprint(pan));
    }

    /** The cards of a pipeline batch as they are now, read together in one statement, unlocked. */
    public CardReads readsOf(io.emboss.ledger.MoneyBatch batch) {
        return batch.participant(CardReads.class, () -> new CardReads(cards::findAll));
    }

    /** The card rows of a pipeline batch, locked together before the ledger's accounts. */
    public CardLocks locksOf(io.emboss.ledger.MoneyBatch batch) {
        return batch.participant(CardLocks.class, () -> new CardLocks(cards::lockAll));
    }

    /** A card by id within a tenant and environment, for modules acting on the card's own records. */
    @Transactional(readOnly = true)
    public Optional<Card> findById(String tenantId, String environment, String id) {
        return cards.find(tenantId, environment, id);
    }

    /**
     * The cards a network's clearing file names, in any tenant and environment, by card id or by PAN
     * fingerprint (a file's PANs are fingerprinted on arrival and never kept): key to card. For the
     * platform's back office, which then acts for the tenant that owns each card.
     */
    @Transactional(readOnly = true)
    public java.util.Map<String, Card> findForClearing(java.util.Collection<String> idsOrFingerprints) {
        java.util.Map<String, Card> found = new java.util.HashMap<>();
        if (idsOrFingerprints.isEmpty()) {
            return found;
        }
        List<Card> cardsFound = cards.findAllByIdOrFingerprint(List.copyOf(idsOrFingerprints));
        java.util.Map<String, String> prints = cards.fingerprints(cardsFound.stream().map(Card::id).toList());
        for (Card c : cardsFound) {
            found.put(c.id(), c);
            found.put(prints.get(c.id()), c);
        }
        found.keySet().retainAll(idsOrFingerprints);
        return found;
    }

    /** The keyed fingerprint of a PAN, the form a clearing record's PAN is kept and matched in. */
    public String fingerprintOf(String pan) {
        return keys.fingerprint(pan);
    }

    /** The back-office settings of the card's product (defaults when the product is gone). */
    @Transactional(readOnly = true)
    public CardProduct.BackOffice backOfficeOf(Card card) {
        return products.find(card.tenantId(), card.environment(), card.productId()).map(CardProduct::backOffice)
                .orElse(CardProduct.BackOffice.DEFAULT);
    }

    /** The card's own balance in the ledger. */
    @Transactional(readOnly = true)
    public Balance balance(Card card) {
        return ledger.balance(cardAccount(card));
    }

    /** A card's balance and what closing it now would return (seed 003's refund_amount). */
    public record CardBalance(Balance balance, long refundableMinor) {
    }

    @Transactional(readOnly = true)
    public CardBalance balanceWithRefundable(Card card) {
        Balance b = balance(card);
        return new CardBalance(b, refundable(card, b));
    }

    /** Closing returns the available balance, never less than nothing; a closed card has returned it already. */
    private static long refundable(Card card, Balance balance) {
        return card.status() == Card.Status.CLOSED ? 0 : Math.max(0, balance.available());
    }

    /**
     * Freezes or unfreezes a card as {@link #update} does, for callers that wait for the result as an
     * event (seed 003's LOCK/UNLOCK, answered "Operation requested" and confirmed by webhook): a card
     * already in that status changes nothing and records {@code card.status_confirmed}, so a repeated
     * request gets its confirmation too instead of leaving its client waiting for ever.
     */
    @Transactional
    public Outcome<Card> requestStatus(Caller caller, String id, Card.Status status, String reason) {
        Outcome<Card> open = lockOpen(caller, id);
        if (open.isOk() && open.value().status() == status) {
            publish("card.status_confirmed", open.value(), status.wire(), reason, caller);
            return open;
        }
        return open.isOk() ? update(caller, id, new CardChanges(null, status, reason, null, null, null, null, null,
                null, null)) : open;
    }

    @Transactional
    public Outcome<Card> update(Caller caller, String id, CardChanges changes) {
        Outcome<Card> open = lockOpen(caller, id);
        if (!open.isOk()) {
            return open;
        }
        Card c = open.value();
        Card.Status next = changes.status() == null ? c.status() : changes.status();
        boolean statusChanges = next != c.status();
        if (statusChanges && next == Card.Status.CLOSED) {
            return Outcome.rejected(Rejection.Kind.INVALID, "validation_failed",
                    "Close a card with DELETE /v1/cards/{id}");
        }
        if (statusChanges && !c.status().canBecome(next)) {
            return invalidTransition(c, next);
        }
        if (statusChanges && c.status() == Card.Status.INACTIVE && c.formFactor() == CardProduct.FormFactor.PHYSICAL) {
            return Outcome.rejected(Rejection.Kind.CONFLICT, "invalid_state", "The card is inactive; a physical card "
                    + "is activated with its PIN through POST /v1/cards/" + id + "/activation");
        }
        long perTransaction = or(changes.perTransactionMinor(), c.limits().perTransactionMinor());
        long daily = or(changes.dailyMinor(), c.limits().dailyMinor());
        long monthly = or(changes.monthlyMinor(), c.limits().monthlyMinor());
        String inconsistency = CardProduct.Limits.inconsistency(perTransaction, daily, monthly);
        if (inconsistency != null) {
            return Outcome.invalid("limits", inconsistency);
        }
        Card.Controls controls = new Card.Controls(or(changes.allowedMccs(), c.controls().allowedMccs()),
                or(changes.blockedMccs(), c.controls().blockedMccs()),
                or(changes.allowedCountries(), c.controls().allowedCountries()),
                or(changes.blockedCountries(), c.controls().blockedCountries()));
        Optional<String> clash = controlsClash(controls);
        if (clash.isPresent()) {
            return Outcome.invalid("controls", clash.get());
        }
        Instant now = clock.instant();
        Card updated = new Card(c.id(), c.tenantId(), c.environment(), c.productId(), c.customerId(),
                changes.name() != null ? changes.name() : c.name(), c.network(), c.formFactor(), c.currency(), next,
                statusChanges ? changes.reason() : c.statusReason(), c.bin(), c.last4(), c.expiryMonth(),
                c.expiryYear(), c.pinSet(), c.pinTries(), new CardProduct.Limits(perTransaction, daily, monthly),
                controls, c.shipping(), c.refundAmountMinor(), c.createdAt(), now, c.closedAt());
        cards.update(updated);
        if (statusChanges) {
            publish("card.status_changed", updated, c.status().wire(), changes.reason(), caller);
        }
        if (changes.name() != null || changes.touchesLimits() || changes.touchesControls()) {
            publish("card.updated", updated, null, null, caller);
        }
        return Outcome.ok(updated);
    }

    /**
     * Closes a card for good. Its available balance goes back where it came from (the customer's
     * wallet, or the tenant's funding balance for an unassigned card) in the same transaction, and
     * is reported as refundAmount.
     */
    @Transactional
    public Outcome<Card> close(Caller caller, String id, String reason) {
        Outcome<Card> open = lockOpen(caller, id);
        if (!open.isOk()) {
            return open;
        }
        Card c = open.value();
        // read under the account's lock: a hold released meanwhile is either in this balance or sees the card closed
        long refund = refundable(c, ledger.lockedBalance(cardAccount(c)));
        if (refund > 0) {
            Outcome<?> moved = ledger.execute(List.of(new TransferSpec.Post(cardAccount(c), fundingSource(c),
                    refund, "card_close_refund", id)));
            if (!moved.isOk()) {
                throw new RejectedException(moved.rejection());
            }
        }
        Instant now = clock.instant();
        Card closed = new Card(c.id(), c.tenantId(), c.environment(), c.productId(), c.customerId(), c.name(),
                c.network(), c.formFactor(), c.currency(), Card.Status.CLOSED, reason, c.bin(), c.last4(),
                c.expiryMonth(), c.expiryYear(), c.pinSet(), c.pinTries(), c.limits(), c.controls(), c.shipping(),
                refund, c.createdAt(), now, now);
        cards.update(closed);
        publish("card.closed", closed, c.status().wire(), reason, caller);
        return Outcome.ok(closed);
    }

    @Transactional
    public Outcome<Card> assign(Caller caller, String id, String customerId) {
        Outcome<Card> open = lockOpen(caller, id);
        if (!open.isOk()) {
            return open;
        }
        Card c = open.value();
        if (c.customerId() != null) {
            return Outcome.rejected(Rejection.Kind.CONFLICT, "card_already_assigned",
                    "The card is already assigned to a customer");
        }
        Outcome<Customer> customer = customers.get(caller, customerId);
        if (!customer.isOk()) {
            return Outcome.rejected(customer.rejection());
        }
        if (customer.value().kycStatus() != Customer.KycStatus.APPROVED) {
            return kycNotApproved(customer.value());
        }
        Card assigned = with(c, customerId, c.status(), c.shipping(), clock.instant());
        cards.update(assigned);
        publish("card.assigned", assigned, null, null, caller);
        return Outcome.ok(assigned);
    }

    /** Activates an inactive card; a physical card's holder chooses its PIN here. */
    @Transactional
    public Outcome<Card> activate(Caller caller, String id, String pin) {
        Optional<Card> locked = cards.lock(caller.tenantId(), caller.environment().wire(), id);
        if (locked.isEmpty()) {
            return Outcome.notFound("card " + id);
        }
        Card c = locked.get();
        if (c.status() != Card.Status.INACTIVE) {
            return Outcome.rejected(Rejection.Kind.CONFLICT, "invalid_state",
                    "Only an inactive card can be activated; the card is " + c.status().wire());
        }
        if (c.formFactor() == CardProduct.FormFactor.PHYSICAL && pin == null) {
            return Outcome.invalid("pin", "is required to activate a physical card");
        }
        if (pin != null && PinPolicy.problem(pin).isPresent()) {
            return Outcome.invalid("pin", PinPolicy.problem(pin).get());
        }
        Instant now = clock.instant();
        if (pin != null) {
            cards.setPin(id, keys.pins().hash(id, pin), now);
        }
        Card active = with(c, c.customerId(), Card.Status.ACTIVE, c.shipping(), now);
        active = new Card(active.id(), active.tenantId(), active.environment(), active.productId(), active.customerId(),
                active.name(), active.network(), active.formFactor(), active.currency(), active.status(), "activated",
                active.bin(), active.last4(), active.expiryMonth(), active.expiryYear(), pin != null || c.pinSet(), 0,
                active.limits(), active.controls(), active.shipping(), active.refundAmountMinor(), active.createdAt(),
                active.updatedAt(), active.closedAt());
        cards.update(active);
        publish("card.activated", active, c.status().wire(), "activated", caller);
        return Outcome.ok(active);
    }

    @Transactional
    public Outcome<Card> changePin(Caller caller, String id, String pin) {
        Optional<String> weak = PinPolicy.problem(pin);
        if (weak.isPresent()) {
            return Outcome.invalid("pin", weak.get());
        }
        Outcome<Card> open = lockOpen(caller, id);
        if (!open.isOk()) {
            return open;
        }
        Card c = open.value();
        Instant now = clock.instant();
        cards.setPin(id, keys.pins().hash(id, pin), now);
        Card changed = cards.find(caller.tenantId(), caller.environment().wire(), id).orElseThrow();
        publish("card.pin_changed", changed, null, null, caller);
        return Outcome.ok(changed);
    }

    /** Sandbox fulfilment: pending → shipped → delivered, or shipped → returned. Live cards ship for real. */
    @Transactional
    public Outcome<Card> advanceShipping(Caller caller, String id, String status) {
        if (!caller.maySimulate()) {
            return Outcome.rejected(Caller.SANDBOX_ONLY);
        }
        Optional<Card> locked = cards.lock(caller.tenantId(), caller.environment().wire(), id);
        if (locked.isEmpty()) {
            return Outcome.notFound("card " + id);
        }
        Card c = locked.get();
        if (c.shipping() == null) {
            return Outcome.rejected(Rejection.Kind.CONFLICT, "invalid_state", "Only physical cards are shipped");
        }
        String current = c.shipping().status();
        boolean allowed = ("pending".equals(current) && "shipped".equals(status))
                || ("shipped".equals(current) && ("delivered".equals(status) || "returned".equals(status)));
        if (!allowed) {
            return Outcome.rejected(Rejection.Kind.CONFLICT, "invalid_state",
                    "Shipping cannot go from " + current + " to " + status);
        }
        Card shipped = with(c, c.customerId(), c.status(), withStatus(c.shipping(), status), clock.instant());
        cards.update(shipped);
        publish("card.shipping_updated", shipped, null, status, caller);
        return Outcome.ok(shipped);
    }

    /** Opens the PAN and computes the CVV2; the caller has been checked for cards:read_sensitive. */
    @Transactional(readOnly = true)
    public Outcome<SensitiveDetails> details(Caller caller, String id) {
        if (!caller.has(Caller.PERMISSION_READ_SENSITIVE)) {
            return Outcome.rejected(Rejection.Kind.FORBIDDEN, "forbidden",
                    "Reading card details needs the cards:read_sensitive permission");
        }
        Optional<Card> found = cards.find(caller.tenantId(), caller.environment().wire(), id);
        if (found.isEmpty()) {
            return Outcome.notFound("card " + id);
        }
        Card c = found.get();
        String pan = keys.openPan(id, cards.sealedPan(id).orElseThrow());
        return Outcome.ok(new SensitiveDetails(pan, keys.cvv2(pan, c.expiryMonth(), c.expiryYear()), c.expiryMonth(),
                c.expiryYear()));
    }

    /** The card with this PAN, for a network interface: found by fingerprint, never by scanning. */
    @Transactional(readOnly = true)
    public Optional<Card> findByPan(String pan) {
        return cards.byFingerprint(keys.fingerprint(pan));
    }

    /** The outcome of checking a PIN presented with an authorization. */
    public enum PinCheck {
        CORRECT,
        INCORRECT,
        TRIES_EXCEEDED,
        NOT_SET
    }

    /** How many wrong PINs in a row block the card's PIN until a new one is set. */
    public static final int MAX_PIN_TRIES = 3;

    /**
     * Checks a PIN and counts wrong tries: the third wrong one in a row blocks PIN use until the
     * PIN is changed; a right one resets the count. Runs in the caller's transaction.
     */
    @Transactional
    public PinCheck checkPin(Card card, String pin) {
        Object[] row = cards.lockPin(card.id()).orElseThrow();
        String hash = (String) row[0];
        int tries = (Integer) row[1];
        if (hash == null) {
            return PinCheck.NOT_SET;
        }
        if (tries >= MAX_PIN_TRIES) {
            return PinCheck.TRIES_EXCEEDED;
        }
        if (pin != null && keys.pins().matches(card.id(), pin, hash)) {
            if (tries > 0) {
                cards.setPinTries(card.id(), 0);
            }
            return PinCheck.CORRECT;
        }
        cards.setPinTries(card.id(), tries + 1);
        return tries + 1 >= MAX_PIN_TRIES ? PinCheck.TRIES_EXCEEDED : PinCheck.INCORRECT;
    }

    /** Whether a presented CVV2 is the card's (computed from its sealed PAN; compared in constant time). */
    @Transactional(readOnly = true)
    public boolean cvvMatches(Card card, String cvv) {
        if (cvv == null) {
            return false;
        }
        String pan = keys.openPan(card.id(), cards.sealedPan(card.id()).orElseThrow());
        return java.security.MessageDigest.isEqual(keys.cvv2(pan, card.expiryMonth(), card.expiryYear()).getBytes(
                java.nio.charset.StandardCharsets.US_ASCII), cvv.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** The CVV2 the card should have, for an authorization that presents one. */
    public String expectedCvv2(String pan, Card card) {
        return keys.cvv2(pan, card.expiryMonth(), card.expiryYear());
    }

    /** A list may allow or block a value, never both. */
    static Optional<String> controlsClash(Card.Controls c) {
        for (String mcc : c.allowedMccs()) {
            if (c.blockedMccs().contains(mcc)) {
                return Optional.of("MCC " + mcc + " is both allowed and blocked");
            }
        }
        for (String country : c.allowedCountries()) {
            if (c.blockedCountries().contains(country)) {
                return Optional.of("country " + country + " is both allowed and blocked");
            }
        }
        return Optional.empty();
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    /**
     * A hold the card still had when it closed was released later (reversed, expired, or what a final
     * capture left). Closing returned only what was available then, so the released money goes back
     * the same way now, in the caller's transaction, and adds to refundAmount (event card.updated):
     * on a closed card nothing could ever move it again. Call it after the release, which locked the
     * card's account: a close that committed first is seen here, and a close still in progress reads
     * the balance under that lock once this commits. Returns what went back, 0 for an open card.
     */
    @Transactional
    public long returnReleasedAfterClose(String tenantId, String environment, String cardId, long releasedMinor) {
        Optional<Card> found = cards.find(tenantId, environment, cardId);
        if (releasedMinor <= 0 || found.isEmpty() || found.get().status() != Card.Status.CLOSED) {
            return 0;
        }
        Card c = found.get();
        // never below zero: a force-post after closing may have overdrawn the card, and the release covers that first
        long amount = Math.min(releasedMinor, Math.max(0, ledger.balance(cardAccount(c)).available()));
        if (amount == 0) {
            return 0;
        }
        Outcome<?> moved = ledger.execute(List.of(new TransferSpec.Post(cardAccount(c), fundingSource(c), amount,
                "card_close_refund", c.id())));
        if (!moved.isOk()) {
            throw new RejectedException(moved.rejection());
        }
        Card updated = c.withRefund((c.refundAmountMinor() == null ? 0 : c.refundAmountMinor()) + amount,
                clock.instant());
        cards.update(updated);
        events.publishEvent(new CardEvents.CardChanged("card.updated", updated, null, "hold_released_after_close",
                "system"));
        return amount;
    }

    private void publish(String type, Card card, String previousStatus, String reason, Caller caller) {
        events.publishEvent(new CardEvents.CardChanged(type, card, previousStatus, reason, caller.actorId()));
    }

    /** Where a card's money comes from and goes back to: its holder's wallet, or the tenant's funding balance. */
    private static AccountKey fundingSource(Card card) {
        Environment env = Environment.fromWire(card.environment());
        return card.customerId() == null
                ? AccountKey.tenantFunding(card.tenantId(), env, card.currency())
                : AccountKey.wallet(card.tenantId(), env, card.customerId(), card.currency());
    }

    static AccountKey cardAccount(Card card) {
        return AccountKey.card(card.tenantId(), Environment.fromWire(card.environment()), card.id(), card.currency());
    }

    private static String newPan(String bin) {
        StringBuilder digits = new StringBuilder(bin);
        while (digits.length() < PAN_LENGTH - 1) {
            digits.append(RANDOM.nextInt(10));
        }
        return digits.append(Luhn.checkDigit(digits.toString())).toString();
    }

    private static Card.Shipping withStatus(Card.Shipping s, String status) {
        return new Card.Shipping(s.name(), s.line1(), s.line2(), s.city(), s.state(), s.postalCode(), s.country(),
                status);
    }

    private static Card with(Card c, String customerId, Card.Status status, Card.Shipping shipping, Instant now) {
        return new Card(c.id(), c.tenantId(), c.environment(), c.productId(), customerId, c.name(), c.network(),
                c.formFactor(), c.currency(), status, c.statusReason(), c.bin(), c.last4(), c.expiryMonth(),
                c.expiryYear(), c.pinSet(), c.pinTries(), c.limits(), c.controls(), shipping, c.refundAmountMinor(),
                c.createdAt(), now, c.closedAt());
    }

    /** The caller's card, locked until commit, unless it is unknown (404) or closed (409). */
    private Outcome<Card> lockOpen(Caller caller, String id) {
        Optional<Card> locked = cards.lock(caller.tenantId(), caller.environment().wire(), id);
        if (locked.isEmpty()) {
            return Outcome.notFound("card " + id);
        }
        return locked.get().status() == Card.Status.CLOSED ? closed(locked.get()) : Outcome.ok(locked.get());
    }

    private static <T> Outcome<T> closed(Card c) {
        return Outcome.rejected(Rejection.Kind.CONFLICT, "invalid_state", "The card is closed");
    }

    private static <T> Outcome<T> invalidTransition(Card c, Card.Status next) {
        return Outcome.rejected(Rejection.Kind.CONFLICT, "invalid_state",
                "A card cannot go from " + c.status().wire() + " to " + next.wire() + "; the card is "
                        + c.status().wire());
    }

    private static <T> Outcome<T> kycNotApproved(Customer customer) {
        return Outcome.rejected(Rejection.Kind.CONFLICT, "kyc_not_approved",
                "The customer's kycStatus is " + customer.kycStatus().wire() + "; cards need approved");
    }
}
