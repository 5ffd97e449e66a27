package io.emboss.cards;

import io.emboss.shared.Caller;
import io.emboss.shared.Currency;
import io.emboss.shared.Outcome;
import io.emboss.web.ApiResponse;
import io.emboss.web.Fields;
import io.emboss.web.ListPage;
import io.emboss.web.Pagination;
import io.emboss.web.Responses;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Cards: issue, read, change, close, assign, activate, PIN, sensitive details, sandbox shipping. */
@RestController
class CardController {
    private static final Pattern MCC = CardChangesInput.MCC;
    private static final Pattern COUNTRY = CardChangesInput.COUNTRY;
    private static final java.util.Set<String> COUNTRIES = CardChangesInput.COUNTRIES;

    record LimitsInput(JsonNode perTransaction, JsonNode daily, JsonNode monthly) {
    }

    record ControlsInput(List<String> allowedMccs, List<String> blockedMccs, List<String> allowedCountries,
                         List<String> blockedCountries) {
    }

    record ShippingInput(String name, String line1, String line2, String city, String state, String postalCode,
                         String country) {
    }

    record IssueCard(String customerId, String productId, String name, JsonNode initialBalance, String status,
                     ShippingInput shipping, LimitsInput limits, ControlsInput controls) {
    }

    record UpdateCard(String name, String status, String reason, LimitsInput limits, ControlsInput controls) {
    }

    record Assign(String customerId) {
    }

    /**
     * A PIN as sent. Read as a JSON node so that a number or other wrong type is refused here, not
     * by the parser, whose messages (logged by the framework at DEBUG) quote the value; and never
     * printed, since the framework logs request bodies by their toString at DEBUG.
     */
    record Pin(JsonNode pin) {
        @Override
        public String toString() {
            return "Pin[redacted]";
        }
    }

    /** The details response; its toString never shows the number or CVV (the framework logs bodies at DEBUG). */
    record CardDetailsView(String number, String cvv, int expiryMonth, int expiryYear) {
        @Override
        public String toString() {
            return "CardDetailsView[redacted]";
        }
    }

    record ShippingUpdate(String status) {
    }

    record Close(String reason) {
    }

    private final CardService cards;
    private final CardProductService products;
    private final CardDetailsReads detailsReads;

    CardController(CardService cards, CardProductService products, CardDetailsReads detailsReads) {
        this.cards = cards;
        this.products = products;
        this.detailsReads = detailsReads;
    }

    @PostMapping("/v1/cards")
    ResponseEntity<ApiResponse<CardView>> issue(@AuthenticationPrincipal Caller caller, @RequestBody IssueCard body) {
        Fields f = new Fields();
        String productId = f.text("productId", body.productId(), 1, 64);
        String customerId = f.optionalText("customerId", body.customerId(), 64);
        String name = f.optionalText("name", body.name(), 100);
        Card.Status status = null;
        if (body.status() != null) {
            status = f.oneOf("status", body.status(), Card.Status.class, false);
            if (status != null && status != Card.Status.ACTIVE && status != Card.Status.INACTIVE) {
                f.problem("status", "must be active or inactive");
            }
        }
        Card.Shipping shipping = body.shipping() == null ? null : shipping(f, body.shipping());
        if (!f.ok() || productId == null) {
            return Responses.rejected(f.rejection());
        }
        Outcome<CardProduct> product = products.get(caller, productId);
        if (!product.isOk()) {
            return Responses.rejected(product.rejection());
        }
        Currency currency = product.value().currency();
        Long initial = f.amount("initialBalance", body.initialBalance(), currency, false);
        CardProduct.Limits limits = null;
        if (body.limits() != null) {
            CardProduct.Limits base = product.value().limits();
            Long per = f.amount("limits.perTransaction", body.limits().perTransaction(), currency, false);
            Long daily = f.amount("limits.daily", body.limits().daily(), currency, false);
            Long monthly = f.amount("limits.monthly", body.limits().monthly(), currency, false);
            if (f.ok()) {
                long p = per != null ? per : base.perTransactionMinor();
                long d = daily != null ? daily : base.dailyMinor();
                long m = monthly != null ? monthly : base.monthlyMinor();
                String inconsistency = CardProduct.Limits.inconsistency(p, d, m);
                if (inconsistency != null) {
                    f.problem("limits", inconsistency);
                } else {
                    limits = new CardProduct.Limits(p, d, m);
                }
            }
        }
        Card.Controls controls = null;
        if (body.controls() != null) {
            ControlsInput c = body.controls();
            controls = new Card.Controls(CardChangesInput.codes(f, "controls.allowedMccs", c.allowedMccs(), MCC),
                    CardChangesInput.codes(f, "controls.blockedMccs", c.blockedMccs(), MCC),
                    CardChangesInput.codes(f, "controls.allowedCountries", c.allowedCountries(), COUNTRY),
                    CardChangesInput.codes(f, "controls.blockedCountries", c.blockedCountries(), COUNTRY));
            controls = new Card.Controls(orEmpty(controls.allowedMccs()), orEmpty(controls.blockedMccs()),
                    orEmpty(controls.allowedCountries()), orEmpty(controls.blockedCountries()));
        }
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        return Responses.created(cards.issue(caller, new CardService.IssueRequest(customerId, productId, name, initial,
                status, shipping, limits, controls)), c -> view(c));
    }

    @GetMapping("/v1/cards")
    ResponseEntity<ApiResponse<ListPage<CardView>>> list(@AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) String customerId, @RequestParam(required = false) String status,
            @RequestParam(required = false) String productId, @RequestParam(required = false) String limit,
            @RequestParam(required = false) String startingAfter) {
        Fields f = new Fields();
        Card.Status s = f.oneOf("status", status, Card.Status.class, false);
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        return Responses.page(Pagination.parse(limit, startingAfter)
                .flatMap(p -> cards.list(caller, customerId, s, productId, p)), this::view);
    }

    @GetMapping("/v1/cards/{id}")
    ResponseEntity<ApiResponse<CardView>> get(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return Responses.of(cards.get(caller, id), this::view);
    }

    /**
     * The card's balance: available (what an authorization can spend now), pending (held by
     * authorizations), posted, and refundable (what closing the card would return; seed 003's
     * refund_amount).
     */
    @GetMapping("/v1/cards/{id}/balance")
    ResponseEntity<ApiResponse<CardBalanceView>> balance(@AuthenticationPrincipal Caller caller,
            @PathVariable String id) {
        return Responses.of(cards.get(caller, id),
                card -> CardBalanceView.of(cards.balanceWithRefundable(card), card.currency()));
    }

    @PatchMapping("/v1/cards/{id}")
    ResponseEntity<ApiResponse<CardView>> update(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            @RequestBody UpdateCard body) {
        Outcome<Card> current = cards.get(caller, id);
        if (!current.isOk()) {
            return Responses.rejected(current.rejection());
        }
        LimitsInput l = body.limits();
        ControlsInput c = body.controls();
        Fields f = new Fields();
        CardService.CardChanges changes = CardChangesInput.read(f, current.value().currency(),
                new CardChangesInput.Sent(body.name(), body.status(), body.reason(),
                        l == null ? null : l.perTransaction(), l == null ? null : l.daily(),
                        l == null ? null : l.monthly(), c == null ? null : c.allowedMccs(),
                        c == null ? null : c.blockedMccs(), c == null ? null : c.allowedCountries(),
                        c == null ? null : c.blockedCountries()));
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        return Responses.of(cards.update(caller, id, changes), this::view);
    }

    @DeleteMapping("/v1/cards/{id}")
    ResponseEntity<ApiResponse<CardView>> close(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            @RequestBody(required = false) Close body) {
        Fields f = new Fields();
        String reason = body == null ? null : f.optionalText("reason", body.reason(), 200);
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        return Responses.of(cards.close(caller, id, reason == null ? "closed" : reason), this::view);
    }

    @GetMapping("/v1/cards/{id}/details")
    ResponseEntity<ApiResponse<CardDetailsView>> details(@AuthenticationPrincipal Caller caller,
            @PathVariable String id,
            HttpServletRequest request) {
        CardDetailsReads.Read read = detailsReads.read(caller, id, request);
        if (read.rateLimited()) {
            return ResponseEntity.status(429).header("Retry-After", Long.toString(read.retryAfterSeconds()))
                    .header("Cache-Control", "no-store")
                    .body(ApiResponse.error("rate_limited", read.details().rejection().message(), null));
        }
        ResponseEntity<ApiResponse<CardDetailsView>> response = Responses.of(read.details(),
                s -> new CardDetailsView(s.number(), s.cvv(), s.expiryMonth(), s.expiryYear()));
        return ResponseEntity.status(response.getStatusCode()).header("Cache-Control", "no-store")
                .header("Pragma", "no-cache").body(response.getBody());
    }

    @PostMapping("/v1/cards/{id}/assign")
    ResponseEntity<ApiResponse<CardView>> assign(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            @RequestBody Assign body) {
        Fields f = new Fields();
        String customerId = f.text("customerId", body.customerId(), 1, 64);
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        return Responses.of(cards.assign(caller, id, customerId), this::view);
    }

    @PostMapping("/v1/cards/{id}/activation")
    ResponseEntity<ApiResponse<CardView>> activate(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            @RequestBody(required = false) Pin body) {
        Fields f = new Fields();
        String pin = pin(f, body, false);
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        return Responses.of(cards.activate(caller, id, pin), this::view);
    }

    @PutMapping("/v1/cards/{id}/pin")
    ResponseEntity<ApiResponse<CardView>> pin(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            @RequestBody Pin body) {
        Fields f = new Fields();
        String pin = pin(f, body, true);
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        return Responses.of(cards.changePin(caller, id, pin), this::view);
    }

    @PostMapping("/v1/simulate/cards/{id}/shipping")
    ResponseEntity<ApiResponse<CardView>> shipping(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            @RequestBody ShippingUpdate body) {
        Fields f = new Fields();
        if (body.status() == null || !List.of("shipped", "delivered", "returned").contains(body.status())) {
            f.problem("status", "must be shipped, delivered or returned");
        }
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        return Responses.of(cards.advanceShipping(caller, id, body.status()), this::view);
    }

    private CardView view(Card card) {
        return CardView.of(card, cards.balance(card));
    }

    private static Card.Shipping shipping(Fields f, ShippingInput s) {
        String name = f.text("shipping.name", s.name(), 1, 200);
        String line1 = f.text("shipping.line1", s.line1(), 1, 200);
        String line2 = f.optionalText("shipping.line2", s.line2(), 200);
        String city = f.text("shipping.city", s.city(), 1, 100);
        String state = f.optionalText("shipping.state", s.state(), 100);
        String postalCode = f.text("shipping.postalCode", s.postalCode(), 1, 20);
        String country = f.matches("shipping.country", s.country(), COUNTRY,
                "must be an ISO 3166 alpha-2 code such as CO", true);
        if (country != null && !COUNTRIES.contains(country)) {
            f.problem("shipping.country", "must be an ISO 3166 alpha-2 code such as CO");
        }
        return new Card.Shipping(name, line1, line2, city, state, postalCode, country, null);
    }

    /** The PIN text, or null when absent; a value that is not a JSON string is a problem that never quotes it. */
    private static String pin(Fields f, Pin body, boolean required) {
        JsonNode value = body == null ? null : body.pin();
        if (value == null || value.isNull()) {
            if (required) {
                f.problem("pin", "must be 4 to 6 digits");
            }
            return null;
        }
        if (!value.isString()) {
            f.problem("pin", "must be a string of 4 to 6 digits");
            return null;
        }
        return value.asString();
    }

    private static List<String> orEmpty(List<String> values) {
        return values == null ? List.of() : values;
    }
}
