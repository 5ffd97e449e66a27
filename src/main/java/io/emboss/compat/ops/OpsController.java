package io.emboss.compat.ops;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.emboss.authorization.CardTransaction;
import io.emboss.authorization.TransactionService;
import io.emboss.cards.Card;
import io.emboss.cards.CardDetailsReads;
import io.emboss.cards.CardProductService;
import io.emboss.cards.CardService;
import io.emboss.compat.DialectErrors;
import io.emboss.compat.Refused;
import io.emboss.compat.ops.OpsWire.OpsCardBalance;
import io.emboss.compat.ops.OpsWire.OpsCardInfo;
import io.emboss.compat.ops.OpsWire.OpsHistoryPage;
import io.emboss.compat.ops.OpsWire.OpsHistoryRow;
import io.emboss.compat.ops.OpsWire.OpsIdRow;
import io.emboss.compat.ops.OpsWire.OpsIds;
import io.emboss.compat.ops.OpsWire.OpsMessage;
import io.emboss.customers.CustomerService;
import io.emboss.shared.Caller;
import io.emboss.shared.Outcome;
import io.emboss.topups.Topup;
import io.emboss.topups.TopupService;
import io.emboss.web.Fields;
import io.emboss.web.IdempotencyFilter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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

    private static final String DATE = "A day (2024-01-15, a whole UTC day), an ISO-8601 date-time or epoch"
            + " milliseconds";

    // Requests are read as JSON nodes (an id may come as a number or a string of digits); the @Schema
    // annotations describe them for the dialect's document by the types the seed shows.

    @Schema(name = "OpsCardRef", requiredProperties = "card_id")
    record CardRef(@JsonProperty("user_id") @Schema(implementation = Long.class, example = "10001") JsonNode userId,
                   @JsonProperty("card_id") @Schema(implementation = Long.class, example = "10002") JsonNode cardId) {
    }

    @Schema(name = "OpsRecharge", requiredProperties = {"card_id", "amount"})
    record Recharge(@JsonProperty("user_id") @Schema(implementation = Long.class, example = "10001") JsonNode userId,
                    @JsonProperty("card_id") @Schema(implementation = Long.class, example = "10002") JsonNode cardId,
                    @Schema(implementation = BigDecimal.class, types = {"number", "string"}, example = "100.0", description = "In the card's"
                            + " currency: a JSON number or a decimal string, exact") JsonNode amount) {
    }

    @Schema(name = "OpsStatusChange", requiredProperties = {"card_id", "alter"})
    record StatusChange(@JsonProperty("user_id") @Schema(implementation = Long.class) JsonNode userId,
                        @JsonProperty("card_id") @Schema(implementation = Long.class) JsonNode cardId,
                        @Schema(implementation = String.class, allowableValues = {"LOCK", "UNLOCK", "CLOSE"})
                        JsonNode alter) {
    }

    /** Never printed: the framework logs request bodies by their toString at DEBUG. */
    @Schema(name = "OpsPinChange", requiredProperties = {"card_id", "pin"})
    record PinChange(@JsonProperty("user_id") @Schema(implementation = Long.class) JsonNode userId,
                     @JsonProperty("card_id") @Schema(implementation = Long.class) JsonNode cardId,
                     @Schema(implementation = String.class, pattern = "^[0-9]{4,6}$", example = "4826",
                             description = "4 to 6 digits, neither all the same nor sequential") JsonNode pin) {
        @Override
        public String toString() {
            return "PinChange[redacted]";
        }
    }

    @Schema(name = "OpsHistoryQuery")
    record History(@JsonProperty("user_id") @Schema(implementation = Long.class) JsonNode userId,
                   @JsonProperty("card_id") @Schema(implementation = Long.class) JsonNode cardId,
                   @Schema(implementation = Integer.class, minimum = "0", defaultValue = "0") JsonNode skip,
                   @Schema(implementation = Integer.class, minimum = "1", maximum = "100", defaultValue = "10")
                   JsonNode limit,
                   @Schema(implementation = String.class, description = "Part of the merchant name") JsonNode search,
                   @Schema(implementation = String.class, allowableValues = {"SUCCESS", "PENDING", "FAILED",
                           "REVERSED", "EXPIRED"}) JsonNode status,
                   @Schema(implementation = String.class, allowableValues = {"RECHARGE", "WITHDRAWAL",
                           "AUTHORIZATION", "REFUND", "FORCE_POST", "FEE"}) JsonNode type,
                   @JsonProperty("start_date") @Schema(implementation = String.class, description = DATE)
                   JsonNode startDate,
                   @JsonProperty("end_date") @Schema(implementation = String.class, description = DATE)
                   JsonNode endDate) {
    }

    @Schema(name = "OpsIdLookup", requiredProperties = "ids")
    record IdLookup(@ArraySchema(minItems = 1, maxItems = MAX_LIMIT, schema = @Schema(example = "card_9e3b1f7a2c4d8e60"))
                    List<String> ids) {
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
    @Operation(operationId = "opsCardRecharge", tags = "Card Operations", summary = "Card Recharge",
            description = "Paid by the tenant's funding balance: amount plus the product's top-up fee. An async"
                    + " product answers at once; CARD_RECHARGE_RESULT reports the outcome.")
    @DialectErrors({"resource_not_found", "insufficient_funds", "invalid_state", "below_min_topup",
            "exceeds_max_balance"})
    ResponseEntity<OpsMessage> recharge(@AuthenticationPrincipal Caller caller, @RequestBody Recharge body) {
        return withCard(caller, body.userId(), body.cardId(), card -> {
            Fields f = new Fields();
            Long amount = f.positiveAmount("amount", body.amount(), card.currency());
            if (!f.ok()) {
                throw OpsErrors.reply(f.rejection());
            }
            Outcome<Topup> topup = topups.topup(caller, new TopupService.TopupRequest(card.id(), amount, null,
                    Topup.Source.TENANT));
            return message(topup, "Card recharge request sent successfully");
        });
    }

    @PostMapping("/card/balance")
    @Operation(operationId = "opsGetCardBalance", tags = "Card Operations", summary = "Get Card Balance")
    @DialectErrors("resource_not_found")
    ResponseEntity<OpsCardBalance> balance(@AuthenticationPrincipal Caller caller, @RequestBody CardRef body) {
        return withCard(caller, body.userId(), body.cardId(), card -> {
            CardService.CardBalance b = cards.balanceWithRefundable(card);
            return ResponseEntity.ok(new OpsCardBalance(OpsWire.amount(b.balance().available(), card.currency()),
                    OpsWire.amount(b.refundableMinor(), card.currency()), card.currency().name()));
        });
    }

    /**
     * Number and CVV in full for a caller who may read sensitive data (API keys; users with
     * cards:read_sensitive), and then audited and rate-limited like GET /v1/cards/{id}/details;
     * masked for anyone else.
     */
    @PostMapping("/card/info")
    @Operation(operationId = "opsGetCardInfo", tags = "Card Operations", summary = "Get Card Info",
            description = "The full number and CVV only for a caller who may read sensitive data (an API key, a"
                    + " user with cards:read_sensitive): audited and limited like GET /v1/cards/{id}/details.")
    @DialectErrors("resource_not_found")
    ResponseEntity<OpsCardInfo> info(@AuthenticationPrincipal Caller caller, @RequestBody CardRef body,
            HttpServletRequest request) {
        // a POST, so an Idempotency-Key would keep the answer: never the number and CVV
        request.setAttribute(IdempotencyFilter.SENSITIVE_RESPONSE, Boolean.TRUE);
        return withCard(caller, body.userId(), body.cardId(), card -> {
            String expiry = String.format("%02d/%02d", card.expiryMonth(), card.expiryYear() % 100);
            long template = aliases.of(caller, OpsAliases.Kind.TEMPLATE, card.productId());
            String status = OpsWire.cardStatus(card.status().wire());
            if (!caller.has(Caller.PERMISSION_READ_SENSITIVE)) {
                return noStore(new OpsCardInfo(card.maskedNumber(), "***", expiry, status, template));
            }
            CardDetailsReads.Read read = detailsReads.read(caller, card.id(), request);
            if (read.rateLimited()) {
                throw new Refused(ResponseEntity.status(429)
                        .header("Retry-After", Long.toString(read.retryAfterSeconds()))
                        .header("Cache-Control", "no-store")
                        .body(OpsErrors.body("rate_limited", read.details().rejection().message(), null)));
            }
            if (!read.details().isOk()) {
                throw OpsErrors.reply(read.details().rejection());
            }
            CardService.SensitiveDetails s = read.details().value();
            return noStore(new OpsCardInfo(s.number(), s.cvv(), expiry, status, template));
        });
    }

    /** LOCK freezes, UNLOCK unfreezes, CLOSE closes for good (the balance goes back, see CARD_CLOSE_RESULT). */
    @PostMapping("/card/status")
    @Operation(operationId = "opsCardStatusManagement", tags = "Card Operations", summary = "Card Status Management",
            description = "LOCK freezes, UNLOCK makes the card active again, CLOSE closes it for good; the result"
                    + " also arrives as CARD_STATUS_CHANGE or CARD_CLOSE_RESULT.")
    @DialectErrors({"resource_not_found", "invalid_state"})
    ResponseEntity<OpsMessage> status(@AuthenticationPrincipal Caller caller, @RequestBody StatusChange body) {
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
                throw OpsErrors.invalid("alter", "must be LOCK, UNLOCK or CLOSE");
            }
            return message(changed, "Operation requested");
        });
    }

    @PostMapping("/card/pin")
    @Operation(operationId = "opsChangePin", tags = "Card Operations", summary = "Change PIN")
    @DialectErrors({"resource_not_found", "invalid_state"})
    ResponseEntity<OpsMessage> pin(@AuthenticationPrincipal Caller caller, @RequestBody PinChange body) {
        return withCard(caller, body.userId(), body.cardId(), card -> {
            JsonNode pin = body.pin();
            if (pin == null || !pin.isString()) {
                // never quotes the value: it may be a PIN sent as a number
                throw OpsErrors.invalid("pin", "must be a string of 4 to 6 digits");
            }
            return message(cards.changePin(caller, card.id(), pin.asString()), "PIN set successfully");
        });
    }

    /** The seed's history: offset paging with a total, filters in its vocabulary, newest first. */
    @PostMapping("/card/transactions")
    @Operation(operationId = "opsGetTransactionHistory", tags = "Card Operations",
            summary = "Get Transaction History", description = "Newest first, skip/limit paged, total counts every"
                    + " match; without user_id and card_id, the whole tenant's.")
    @DialectErrors("resource_not_found")
    ResponseEntity<OpsHistoryPage> history(@AuthenticationPrincipal Caller caller, @RequestBody History body) {
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
            throw OpsErrors.reply(f.rejection());
        }
        String customerId = null;
        if (userAlias != null) {
            Optional<String> user = aliases.nativeId(caller, OpsAliases.Kind.USER, userAlias);
            if (user.isEmpty()) {
                throw OpsErrors.notFound("user " + userAlias);
            }
            customerId = user.get();
        }
        String cardId = null;
        if (cardAlias != null) {
            Outcome<Card> card = card(caller, userAlias, cardAlias);
            if (!card.isOk()) {
                throw OpsErrors.reply(card.rejection());
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
        List<OpsHistoryRow> data = new ArrayList<>();
        for (CardTransaction t : items) {
            data.add(new OpsHistoryRow(ids.get(t.id()), t.cardId() == null ? null : cardIds.get(t.cardId()),
                    OpsWire.amount(t.amountMinor(), t.currency()), t.currency().name(),
                    OpsWire.transactionType(t.type()), OpsWire.transactionStatus(t.status()),
                    t.createdAt().truncatedTo(ChronoUnit.SECONDS).toString(),
                    t.merchant() != null && t.merchant().name() != null ? t.merchant().name()
                            : OpsWire.transactionType(t.type())));
        }
        return ResponseEntity.ok(new OpsHistoryPage(data, slice.total()));
    }

    /**
     * Not in the seed: the numeric ids of native objects ({@code cus_…} → user_id, {@code card_…}
     * → card_id, {@code prd_…} → template_id), for clients that created them through /v1.
     */
    @PostMapping("/ids")
    @Operation(operationId = "opsLookupIds", tags = "Ids", summary = "Numeric ids of native objects",
            description = "Not in the seed: the number of each customer (user_id), card (card_id) or card product"
                    + " (template_id) created through /v1.")
    @DialectErrors("resource_not_found")
    ResponseEntity<OpsIds> ids(@AuthenticationPrincipal Caller caller, @RequestBody IdLookup body) {
        if (body.ids() == null || body.ids().isEmpty() || body.ids().size() > MAX_LIMIT) {
            throw OpsErrors.invalid("ids", "must list 1 to " + MAX_LIMIT + " ids");
        }
        List<OpsIdRow> data = new ArrayList<>();
        for (String id : body.ids()) {
            OpsAliases.Kind kind;
            Outcome<?> found;
            if (id != null && id.startsWith("cus_")) {
                kind = OpsAliases.Kind.USER;
                found = customers.get(caller, id);
            } else if (id != null && id.startsWith("card_")) {
                kind = OpsAliases.Kind.CARD;
                found = cards.get(caller, id);
            } else if (id != null && id.startsWith("prd_")) {
                kind = OpsAliases.Kind.TEMPLATE;
                found = products.get(caller, id);
            } else {
                throw OpsErrors.invalid("ids", "must list customer (cus_), card (card_) or product (prd_) ids");
            }
            if (!found.isOk()) {
                throw OpsErrors.reply(found.rejection());
            }
            long number = aliases.of(caller, kind, id);
            data.add(new OpsIdRow(id, kind == OpsAliases.Kind.USER ? number : null,
                    kind == OpsAliases.Kind.CARD ? number : null, kind == OpsAliases.Kind.TEMPLATE ? number : null));
        }
        return ResponseEntity.ok(new OpsIds(data));
    }

    // ---- helpers ----

    private interface CardOperation<R> {
        ResponseEntity<R> apply(Card card);
    }

    /**
     * Reads user_id and card_id, finds the card, then runs the operation on it. The security chain
     * has already required a tenant caller (/compat/** needs one, and answers 401/403 in the dialect).
     */
    private <R> ResponseEntity<R> withCard(Caller caller, JsonNode userId, JsonNode cardId,
            CardOperation<R> operation) {
        Fields f = new Fields();
        Long user = numericId(f, "user_id", userId);
        Long card = numericId(f, "card_id", cardId);
        if (card == null && f.ok()) {
            f.problem("card_id", "is required");
        }
        if (!f.ok()) {
            throw OpsErrors.reply(f.rejection());
        }
        Outcome<Card> found = card(caller, user, card);
        if (!found.isOk()) {
            throw OpsErrors.reply(found.rejection());
        }
        return operation.apply(found.value());
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

    /** The seed's acknowledgement when the native call succeeded, else the dialect's error. */
    private static ResponseEntity<OpsMessage> message(Outcome<?> done, String message) {
        if (!done.isOk()) {
            throw OpsErrors.reply(done.rejection());
        }
        return ResponseEntity.ok(new OpsMessage(message));
    }

    private static <T> ResponseEntity<T> noStore(T body) {
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
