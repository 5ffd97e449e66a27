package io.emboss.compat.ops;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.emboss.authorization.CardTransaction;
import io.emboss.authorization.TransactionService;
import io.emboss.cards.Card;
import io.emboss.cards.CardDetailsReads;
import io.emboss.cards.CardProductService;
import io.emboss.cards.CardService;
import io.emboss.customers.CustomerService;
import io.emboss.shared.Caller;
import io.emboss.shared.Outcome;
import io.emboss.topups.Topup;
import io.emboss.topups.TopupService;
import io.emboss.web.Fields;
import io.emboss.web.IdempotencyFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Seed 003's card operations at {@code /compat/ops}. Every operation maps onto a native service
 * call; the rules (states, limits, fees, permissions) are the native ones. The seed names users,
 * cards and templates by number: {@link OpsAliases} translates.
 */
@RestController
@RequestMapping("/compat/ops")
class OpsController {
    private static final Pattern DIGITS = Pattern.compile("\\d{1,18}");
    private static final int MAX_LIMIT = 100;
    private static final int DEFAULT_LIMIT = 10;

    record CardRef(@JsonProperty("user_id") JsonNode userId, @JsonProperty("card_id") JsonNode cardId) {
    }

    record Recharge(@JsonProperty("user_id") JsonNode userId, @JsonProperty("card_id") JsonNode cardId,
                    JsonNode amount) {
    }

    record StatusChange(@JsonProperty("user_id") JsonNode userId, @JsonProperty("card_id") JsonNode cardId,
                        JsonNode alter) {
    }

    /** Never printed: the framework logs request bodies by their toString at DEBUG. */
    record PinChange(@JsonProperty("user_id") JsonNode userId, @JsonProperty("card_id") JsonNode cardId,
                     JsonNode pin) {
        @Override
        public String toString() {
            return "PinChange[redacted]";
        }
    }

    record History(@JsonProperty("user_id") JsonNode userId, @JsonProperty("card_id") JsonNode cardId,
                   JsonNode skip, JsonNode limit, JsonNode search, JsonNode status, JsonNode type,
                   @JsonProperty("start_date") JsonNode startDate, @JsonProperty("end_date") JsonNode endDate) {
    }

    record IdLookup(List<String> ids) {
    }

    /** One row of the history; {@code card_id} is null for a decline on an unknown card. */
    record HistoryRow(long id, @JsonProperty("card_id") Long cardId, java.math.BigDecimal amount, String currency,
                      String type, String status, @JsonProperty("created_at") String createdAt,
                      @JsonProperty("merchant_name") String merchantName) {
    }

    record HistoryPage(List<HistoryRow> data, long total) {
    }

    /** The card info answer; its toString never shows the number or CVV. */
    record CardInfo(String number, String cvv, @JsonProperty("expiry_date") String expiryDate, String status,
                    @JsonProperty("template_id") long templateId) {
        @Override
        public String toString() {
            return "CardInfo[redacted]";
        }
    }

    private final CardService cards;
    private final CardProductService products;
    private final CustomerService customers;
    private final TopupService topups;
    private final TransactionService transactions;
    private final OpsAliases aliases;
    private final CardDetailsReads detailsReads;

    OpsController(CardService cards, CardProductService products, CustomerService customers, TopupService topups,
            TransactionService transactions, OpsAliases aliases, CardDetailsReads detailsReads) {
        this.cards = cards;
        this.products = products;
        this.customers = customers;
        this.topups = topups;
        this.transactions = transactions;
        this.aliases = aliases;
        this.detailsReads = detailsReads;
    }

    /** Tops the card up from the tenant's funding balance ("merchant account"): amount + fee leave it. */
    @PostMapping("/card/recharge")
    ResponseEntity<Object> recharge(@AuthenticationPrincipal Caller caller, @RequestBody Recharge body) {
        return withCard(caller, body.userId(), body.cardId(), card -> {
            Fields f = new Fields();
            Long amount = f.positiveAmount("amount", body.amount(), card.currency());
            if (!f.ok()) {
                return OpsErrors.reply(f.rejection());
            }
            Outcome<Topup> topup = topups.topup(caller, new TopupService.TopupRequest(card.id(), amount, null,
                    Topup.Source.TENANT));
            return topup.isOk() ? message("Card recharge request sent successfully") : OpsErrors.reply(topup.rejection());
        });
    }

    @PostMapping("/card/balance")
    ResponseEntity<Object> balance(@AuthenticationPrincipal Caller caller, @RequestBody CardRef body) {
        return withCard(caller, body.userId(), body.cardId(), card -> {
            CardService.CardBalance b = cards.balanceWithRefundable(card);
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("balance", OpsWire.amount(b.balance().available(), card.currency()));
            view.put("refund_amount", OpsWire.amount(b.refundableMinor(), card.currency()));
            view.put("currency", card.currency().name());
            return ResponseEntity.ok(view);
        });
    }

    /**
     * Number and CVV in full for a caller who may read sensitive data (API keys; users with
     * cards:read_sensitive), and then audited and rate-limited like GET /v1/cards/{id}/details;
     * masked for anyone else.
     */
    @PostMapping("/card/info")
    ResponseEntity<Object> info(@AuthenticationPrincipal Caller caller, @RequestBody CardRef body,
            HttpServletRequest request) {
        // a POST, so an Idempotency-Key would keep the answer: never the number and CVV
        request.setAttribute(IdempotencyFilter.SENSITIVE_RESPONSE, Boolean.TRUE);
        return withCard(caller, body.userId(), body.cardId(), card -> {
            String expiry = String.format("%02d/%02d", card.expiryMonth(), card.expiryYear() % 100);
            long template = aliases.of(caller, OpsAliases.Kind.TEMPLATE, card.productId());
            String status = OpsWire.cardStatus(card.status().wire());
            if (!caller.has(Caller.PERMISSION_READ_SENSITIVE)) {
                return noStore(new CardInfo(card.maskedNumber(), "***", expiry, status, template));
            }
            CardDetailsReads.Read read = detailsReads.read(caller, card.id(), request);
            if (read.rateLimited()) {
                return ResponseEntity.status(429).header("Retry-After", Long.toString(read.retryAfterSeconds()))
                        .header("Cache-Control", "no-store")
                        .body(OpsErrors.body("rate_limited", read.details().rejection().message(), null));
            }
            if (!read.details().isOk()) {
                return OpsErrors.reply(read.details().rejection());
            }
            CardService.SensitiveDetails s = read.details().value();
            return noStore(new CardInfo(s.number(), s.cvv(), expiry, status, template));
        });
    }

    /** LOCK freezes, UNLOCK unfreezes, CLOSE closes for good (the balance goes back, see CARD_CLOSE_RESULT). */
    @PostMapping("/card/status")
    ResponseEntity<Object> status(@AuthenticationPrincipal Caller caller, @RequestBody StatusChange body) {
        return withCard(caller, body.userId(), body.cardId(), card -> {
            String alter = body.alter() != null && body.alter().isString() ? body.alter().asString() : null;
            Outcome<Card> changed;
            if ("LOCK".equals(alter) || "UNLOCK".equals(alter)) {
                Card.Status next = "LOCK".equals(alter) ? Card.Status.FROZEN : Card.Status.ACTIVE;
                // a card already so answers the same and still gets its CARD_STATUS_CHANGE
                changed = cards.requestStatus(caller, card.id(), next, "LOCK".equals(alter) ? "locked" : "unlocked");
            } else if ("CLOSE".equals(alter)) {
                changed = cards.close(caller, card.id(), "closed");
            } else {
                return OpsErrors.invalid("alter", "must be LOCK, UNLOCK or CLOSE");
            }
            return changed.isOk() ? message("Operation requested") : OpsErrors.reply(changed.rejection());
        });
    }

    @PostMapping("/card/pin")
    ResponseEntity<Object> pin(@AuthenticationPrincipal Caller caller, @RequestBody PinChange body) {
        return withCard(caller, body.userId(), body.cardId(), card -> {
            JsonNode pin = body.pin();
            if (pin == null || !pin.isString()) {
                // never quotes the value: it may be a PIN sent as a number
                return OpsErrors.invalid("pin", "must be a string of 4 to 6 digits");
            }
            Outcome<Card> changed = cards.changePin(caller, card.id(), pin.asString());
            return changed.isOk() ? message("PIN set successfully") : OpsErrors.reply(changed.rejection());
        });
    }

    /** The seed's history: offset paging with a total, filters in its vocabulary, newest first. */
    @PostMapping("/card/transactions")
    ResponseEntity<Object> history(@AuthenticationPrincipal Caller caller, @RequestBody History body) {
        Fields f = new Fields();
        Long userAlias = numericId(f, "user_id", body.userId());
        Long cardAlias = numericId(f, "card_id", body.cardId());
        Integer skip = count(f, "skip", body.skip(), 0, 1_000_000);
        Integer limit = count(f, "limit", body.limit(), 1, MAX_LIMIT);
        String search = text(f, "search", body.search());
        String status = vocabulary(f, "status", body.status(), OpsWire::nativeTransactionStatus,
                OpsWire.transactionStatuses());
        String type = vocabulary(f, "type", body.type(), OpsWire::nativeTransactionType, OpsWire.transactionTypes());
        Instant from = date(f, "start_date", body.startDate(), false);
        Instant to = date(f, "end_date", body.endDate(), true);
        if (!f.ok()) {
            return OpsErrors.reply(f.rejection());
        }
        String customerId = null;
        if (userAlias != null) {
            Optional<String> user = aliases.nativeId(caller, OpsAliases.Kind.USER, userAlias);
            if (user.isEmpty()) {
                return OpsErrors.notFound("user " + userAlias);
            }
            customerId = user.get();
        }
        String cardId = null;
        if (cardAlias != null) {
            Outcome<Card> card = card(caller, userAlias, cardAlias);
            if (!card.isOk()) {
                return OpsErrors.reply(card.rejection());
            }
            cardId = card.value().id();
        }
        TransactionService.Slice slice = transactions.slice(caller, new TransactionService.Query(cardId, customerId,
                type, status, from, to, search), skip == null ? 0 : skip, limit == null ? DEFAULT_LIMIT : limit);
        List<CardTransaction> items = slice.items();
        Map<String, Long> ids = aliases.of(caller.tenantId(), caller.environment().wire(),
                OpsAliases.Kind.TRANSACTION, items.stream().map(CardTransaction::id).toList());
        // a decline on an unknown card is recorded with no card: it has no card number to show
        Map<String, Long> cardIds = aliases.of(caller.tenantId(), caller.environment().wire(),
                OpsAliases.Kind.CARD, items.stream().map(CardTransaction::cardId).filter(java.util.Objects::nonNull)
                        .distinct().toList());
        List<HistoryRow> data = new ArrayList<>();
        for (CardTransaction t : items) {
            data.add(new HistoryRow(ids.get(t.id()), t.cardId() == null ? null : cardIds.get(t.cardId()),
                    OpsWire.amount(t.amountMinor(), t.currency()), t.currency().name(),
                    OpsWire.transactionType(t.type()), OpsWire.transactionStatus(t.status()),
                    t.createdAt().truncatedTo(ChronoUnit.SECONDS).toString(),
                    t.merchant() != null && t.merchant().name() != null ? t.merchant().name()
                            : OpsWire.transactionType(t.type())));
        }
        return ResponseEntity.ok(new HistoryPage(data, slice.total()));
    }

    /**
     * Not in the seed: the numeric ids of native objects ({@code cus_…} → user_id, {@code card_…}
     * → card_id, {@code prd_…} → template_id), for clients that created them through /v1.
     */
    @PostMapping("/ids")
    ResponseEntity<Object> ids(@AuthenticationPrincipal Caller caller, @RequestBody IdLookup body) {
        if (body.ids() == null || body.ids().isEmpty() || body.ids().size() > MAX_LIMIT) {
            return OpsErrors.invalid("ids", "must list 1 to " + MAX_LIMIT + " ids");
        }
        List<Map<String, Object>> data = new ArrayList<>();
        for (String id : body.ids()) {
            String field;
            OpsAliases.Kind kind;
            Outcome<?> found;
            if (id != null && id.startsWith("cus_")) {
                field = "user_id";
                kind = OpsAliases.Kind.USER;
                found = customers.get(caller, id);
            } else if (id != null && id.startsWith("card_")) {
                field = "card_id";
                kind = OpsAliases.Kind.CARD;
                found = cards.get(caller, id);
            } else if (id != null && id.startsWith("prd_")) {
                field = "template_id";
                kind = OpsAliases.Kind.TEMPLATE;
                found = products.get(caller, id);
            } else {
                return OpsErrors.invalid("ids", "must list customer (cus_), card (card_) or product (prd_) ids");
            }
            if (!found.isOk()) {
                return OpsErrors.reply(found.rejection());
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", id);
            row.put(field, aliases.of(caller, kind, id));
            data.add(row);
        }
        return ResponseEntity.ok(Map.of("data", data));
    }

    // ---- helpers ----

    private interface CardOperation {
        ResponseEntity<Object> apply(Card card);
    }

    /**
     * Reads user_id and card_id, finds the card, then runs the operation on it. The security chain
     * has already required a tenant caller (/compat/** needs one, and answers 401/403 in the dialect).
     */
    private ResponseEntity<Object> withCard(Caller caller, JsonNode userId, JsonNode cardId, CardOperation operation) {
        Fields f = new Fields();
        Long user = numericId(f, "user_id", userId);
        Long card = numericId(f, "card_id", cardId);
        if (card == null && f.ok()) {
            f.problem("card_id", "is required");
        }
        if (!f.ok()) {
            return OpsErrors.reply(f.rejection());
        }
        Outcome<Card> found = card(caller, user, card);
        return found.isOk() ? operation.apply(found.value()) : OpsErrors.reply(found.rejection());
    }

    /**
     * The card a numeric id names within the caller's tenant and environment; with a user_id, it
     * must be that user's card. Anything else, including another tenant's number, is a 404.
     */
    private Outcome<Card> card(Caller caller, Long userAlias, long cardAlias) {
        Optional<String> cardId = aliases.nativeId(caller, OpsAliases.Kind.CARD, cardAlias);
        if (cardId.isEmpty()) {
            return Outcome.notFound("card " + cardAlias);
        }
        Outcome<Card> card = cards.get(caller, cardId.get());
        if (!card.isOk() || userAlias == null) {
            return card;
        }
        Optional<String> user = aliases.nativeId(caller, OpsAliases.Kind.USER, userAlias);
        if (user.isEmpty()) {
            return Outcome.notFound("user " + userAlias);
        }
        if (!user.get().equals(card.value().customerId())) {
            return Outcome.notFound("card " + cardAlias + " of user " + userAlias);
        }
        return card;
    }

    private static ResponseEntity<Object> message(String message) {
        return ResponseEntity.ok(Map.of("message", message));
    }

    private static ResponseEntity<Object> noStore(Object body) {
        return ResponseEntity.ok().header("Cache-Control", "no-store").header("Pragma", "no-cache").body(body);
    }

    /** A positive whole number, as a JSON integer or a string of digits; null when absent. */
    private static Long numericId(Fields f, String field, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToLong() && value.longValue() > 0) {
            return value.longValue();
        }
        if (value.isString() && DIGITS.matcher(value.asString()).matches() && Long.parseLong(value.asString()) > 0) {
            return Long.parseLong(value.asString());
        }
        f.problem(field, "must be a positive whole number");
        return null;
    }

    private static Integer count(Fields f, String field, JsonNode value, int min, int max) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min || value.intValue() > max) {
            f.problem(field, "must be a whole number from " + min + " to " + max);
            return null;
        }
        return value.intValue();
    }

    private static String text(Fields f, String field, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (!value.isString() || value.asString().isBlank() || value.asString().length() > 100) {
            f.problem(field, "must be text of 1 to 100 characters");
            return null;
        }
        return value.asString().trim();
    }

    private static String vocabulary(Fields f, String field, JsonNode value,
            java.util.function.Function<String, Optional<String>> toNative, String allowed) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        Optional<String> mapped = value.isString() ? toNative.apply(value.asString()) : Optional.empty();
        if (mapped.isEmpty()) {
            f.problem(field, "must be one of " + allowed);
            return null;
        }
        return mapped.get();
    }

    /**
     * A date filter: "2024-01-15" (a whole UTC day: from its start, or to its end), an ISO-8601
     * instant or offset date-time, or epoch milliseconds as the seed's occur_time; in the years
     * 1970 to 9999 (PostgreSQL cannot compare beyond). History shows {@code created_at} to the
     * second, so a time bound covers its whole second: an end_date equal to a shown created_at
     * keeps that row even when it was stored a fraction of a second later.
     */
    private static Instant date(Fields f, String field, JsonNode value, boolean end) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToLong() && value.longValue() >= 0) {
            return f.dateInRange(field, bound(Instant.ofEpochMilli(value.longValue()), ChronoUnit.SECONDS, end));
        }
        if (value.isString() && value.asString().length() <= 40) {
            String text = value.asString().trim();
            try {
                Instant day = LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
                return f.dateInRange(field, bound(day, ChronoUnit.DAYS, end));
            } catch (DateTimeParseException notADay) {
                try {
                    return f.dateInRange(field, bound(OffsetDateTime.parse(text).toInstant(), ChronoUnit.SECONDS,
                            end));
                } catch (DateTimeParseException notADateTime) {
                    // falls through to the problem below
                }
            }
        }
        f.problem(field, "must be a date (2024-01-15), an ISO-8601 date-time or epoch milliseconds");
        return null;
    }

    /** The first (start) or last (end) microsecond, as stored, of the day or second that holds {@code at}. */
    private static Instant bound(Instant at, ChronoUnit unit, boolean end) {
        Instant start = at.truncatedTo(unit);
        return end ? start.plus(1, unit).minus(1, ChronoUnit.MICROS) : start;
    }
}
