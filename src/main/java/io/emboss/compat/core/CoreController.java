package io.emboss.compat.core;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.emboss.authorization.Movement;
import io.emboss.authorization.TransactionService;
import io.emboss.cards.Card;
import io.emboss.cards.CardProduct;
import io.emboss.cards.CardProductService;
import io.emboss.cards.CardService;
import io.emboss.compat.Amounts;
import io.emboss.customers.Customer;
import io.emboss.customers.CustomerService;
import io.emboss.shared.Caller;
import io.emboss.shared.Currency;
import io.emboss.shared.Environment;
import io.emboss.shared.Outcome;
import io.emboss.shared.Page;
import io.emboss.shared.PageRequest;
import io.emboss.shared.Rejection;
import io.emboss.tenancy.AuthService;
import io.emboss.tenancy.LoginRequests;
import io.emboss.topups.Topup;
import io.emboss.topups.TopupService;
import io.emboss.web.Fields;
import io.emboss.web.IdempotencyFilter;
import io.emboss.web.Responses;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Seed 004's Core API over the native services. Every rule (who may log in, KYC, the card status
 * machine, funding, fees, limits) is the native one; this class only translates the wire.
 */
@RestController
@RequestMapping("/compat/core")
class CoreController {
    /** Seed 004 lists "all" customers and movements in one answer; this bounds one answer. */
    static final int MAX_LIST_ITEMS = 10_000;

    /**
     * The login body. Its fields stay JSON nodes so a number where the seed wants a string is the
     * dialect's 400, and its toString never shows the password: the framework logs request bodies
     * by their toString at DEBUG. Unknown fields are ignored, as they were before.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Login(JsonNode email, JsonNode password, JsonNode environment) {
        @Override
        public String toString() {
            return "Login[email=" + email + ", password=***, environment=" + environment + "]";
        }
    }

    /** The login answer; its toString never shows the token (response bodies are logged at DEBUG). */
    record LoginReply(String token, String userId) {
        @Override
        public String toString() {
            return "LoginReply[token=***, userId=" + userId + "]";
        }
    }

    private final AuthService auth;
    private final CustomerService customers;
    private final CardService cards;
    private final CardProductService products;
    private final TopupService topups;
    private final TransactionService transactions;
    private final CoreDialect dialect;

    CoreController(AuthService auth, CustomerService customers, CardService cards, CardProductService products,
            TopupService topups, TransactionService transactions, CoreDialect dialect) {
        this.auth = auth;
        this.customers = customers;
        this.cards = cards;
        this.products = products;
        this.topups = topups;
        this.transactions = transactions;
        this.dialect = dialect;
    }

    @PostMapping("/auth/login")
    ResponseEntity<Object> login(@RequestBody Login body, HttpServletRequest request) {
        Fields f = new Fields();
        String email = stringValue(f, "email", body.email(), 3, 254);
        String password = stringValue(f, "password", body.password(), 1, 128);
        Environment env = Environment.SANDBOX;
        if (body.environment() != null && !body.environment().isNull()) {
            String rawEnv = f.string("environment", body.environment());
            env = rawEnv == null ? null : f.oneOf("environment", rawEnv, Environment.class, true);
        }
        if (!f.ok()) {
            return dialect.rejected(f.rejection());
        }
        request.setAttribute(IdempotencyFilter.SENSITIVE_RESPONSE, Boolean.TRUE);
        AuthService.Login login = auth.login(LoginRequests.attempt(email, password, env, request));
        Outcome<AuthService.Tokens> tokens = login.tokens();
        if (!tokens.isOk()) {
            return Responses.retryAfter(dialect.rejected(tokens.rejection()), login.retryAfterSeconds());
        }
        // seed 004 has no refresh: its clients log in again when the token expires (403)
        String token = tokens.value().accessToken();
        String userId = auth.authenticate(token).value().caller().actorId();
        return ok(new LoginReply(token, userId));
    }

    @PostMapping("/auth/logout")
    ResponseEntity<Object> logout(@AuthenticationPrincipal Caller caller, HttpServletRequest request) {
        if (caller.type() != Caller.Type.USER) {
            return dialect.rejected(Rejection.of(Rejection.Kind.FORBIDDEN, "forbidden",
                    "Logout ends a login session; API keys are revoked through /v1/api-keys"));
        }
        auth.logout(request.getHeader("Authorization").substring(7).trim());
        return ok(fields("success", true));
    }

    @PostMapping("/customers")
    ResponseEntity<Object> createCustomer(@AuthenticationPrincipal Caller caller, @RequestBody JsonNode body) {
        Fields f = new Fields();
        String name = string(f, body, "name", 1, 200);
        String rawEmail = raw(f, body, "email");
        String email = rawEmail == null ? null : f.email("email", rawEmail);
        if (!f.ok()) {
            return dialect.rejected(f.rejection());
        }
        return reply(customers.createWithKycByTenant(caller, new CustomerService.NewCustomer(name, email, null, null)),
                CoreController::customerView);
    }

    @GetMapping("/customers")
    ResponseEntity<Object> listCustomers(@AuthenticationPrincipal Caller caller) {
        return reply(all(page -> customers.list(caller, null, null, page), Customer::id),
                list -> fields("customers", list.stream().map(CoreController::customerView).toList()));
    }

    @PostMapping("/cards")
    ResponseEntity<Object> createCard(@AuthenticationPrincipal Caller caller, @RequestBody JsonNode body) {
        Fields f = new Fields();
        String rawCurrency = raw(f, body, "currency");
        Currency currency = rawCurrency == null ? null : f.currency("currency", rawCurrency);
        if (!f.ok()) {
            return dialect.rejected(f.rejection());
        }
        Optional<CardProduct> product = products.defaultProduct(caller, currency, CardProduct.FormFactor.VIRTUAL);
        if (product.isEmpty()) {
            return dialect.rejected(Outcome.notFound("virtual card product in " + currency.name()
                    + "; create one with POST /v1/card-products").rejection());
        }
        return reply(cards.issue(caller, new CardService.IssueRequest(null, product.get().id(), null, null,
                Card.Status.INACTIVE, null, null, null)), CoreController::cardView);
    }

    @PostMapping("/cards/assign")
    ResponseEntity<Object> assign(@AuthenticationPrincipal Caller caller, @RequestBody JsonNode body) {
        Fields f = new Fields();
        String cardId = string(f, body, "cardId", 1, 64);
        String customerId = string(f, body, "customerId", 1, 64);
        if (!f.ok()) {
            return dialect.rejected(f.rejection());
        }
        return reply(cards.assign(caller, cardId, customerId),
                c -> fields("success", true, "cardId", c.id(), "customerId", c.customerId()));
    }

    @PatchMapping("/cards/status")
    ResponseEntity<Object> changeStatus(@AuthenticationPrincipal Caller caller, @RequestBody JsonNode body) {
        Fields f = new Fields();
        String cardId = string(f, body, "cardId", 1, 64);
        String rawStatus = raw(f, body, "status");
        CoreStatus status = rawStatus == null ? null : f.oneOf("status", rawStatus, CoreStatus.class, true);
        if (!f.ok()) {
            return dialect.rejected(f.rejection());
        }
        Outcome<Card> changed = status == CoreStatus.CANCELLED ? cards.close(caller, cardId, null)
                : cards.update(caller, cardId, new CardService.CardChanges(null, status.nativeStatus, null, null,
                        null, null, null, null, null, null));
        return reply(changed, c -> fields("cardId", c.id(), "status", CoreStatus.of(c.status())));
    }

    @PostMapping("/balances/add")
    ResponseEntity<Object> addBalance(@AuthenticationPrincipal Caller caller, @RequestBody JsonNode body) {
        Fields f = new Fields();
        String cardId = string(f, body, "cardId", 1, 64);
        JsonNode amount = object(body).get("amount");
        if (amount != null && !amount.isNull() && !amount.isNumber()) {
            f.problem("amount", "must be a number");
        }
        if (amount == null || amount.isNull()) {
            f.problem("amount", "is required");
        }
        if (!f.ok()) {
            return dialect.rejected(f.rejection());
        }
        Outcome<Card> card = cards.get(caller, cardId);
        if (!card.isOk()) {
            return dialect.rejected(card.rejection());
        }
        Long amountMinor = f.positiveAmount("amount", amount, card.value().currency());
        if (!f.ok()) {
            return dialect.rejected(f.rejection());
        }
        Outcome<Topup> topup = topups.topup(caller, new TopupService.TopupRequest(cardId, amountMinor, null,
                Topup.Source.TENANT));
        return reply(topup, t -> fields("cardId", t.cardId(), "balance", Amounts.number(t.balanceAfterMinor(),
                t.currency())));
    }

    @GetMapping("/cards/{id}/movements")
    ResponseEntity<Object> movements(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return reply(all(page -> transactions.movements(caller, id, page), Movement::id),
                list -> fields("movements", list.stream().map(m -> fields("id", m.id(),
                        "amount", Amounts.number(m.amountMinor(), m.currency()), "description", m.description(),
                        "date", io.emboss.shared.Timestamps.format(m.date()))).toList()));
    }

    /** Seed 004's card statuses over the native machine: blocked is frozen, cancelled is closed. */
    enum CoreStatus {
        ACTIVE(Card.Status.ACTIVE),
        BLOCKED(Card.Status.FROZEN),
        CANCELLED(Card.Status.CLOSED);

        final Card.Status nativeStatus;

        CoreStatus(Card.Status nativeStatus) {
            this.nativeStatus = nativeStatus;
        }

        static String of(Card.Status status) {
            for (CoreStatus s : values()) {
                if (s.nativeStatus == status) {
                    return s.name().toLowerCase(java.util.Locale.ROOT);
                }
            }
            return status.wire();
        }
    }

    private static Map<String, Object> customerView(Customer c) {
        return fields("customerId", c.id(), "name", c.name(), "email", c.email());
    }

    private static Map<String, Object> cardView(Card c) {
        return fields("cardId", c.id(), "status", CoreStatus.of(c.status()), "currency", c.currency().name());
    }

    /** A body with the seed's field order: name, value, name, value, ... */
    private static Map<String, Object> fields(Object... nameValue) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            body.put((String) nameValue[i], nameValue[i + 1]);
        }
        return body;
    }

    /** Every item of a native list, page after page, newest first, up to {@link #MAX_LIST_ITEMS}. */
    private static <T> Outcome<List<T>> all(Function<PageRequest, Outcome<Page<T>>> pages, Function<T, String> id) {
        List<T> out = new ArrayList<>();
        String after = null;
        while (out.size() < MAX_LIST_ITEMS) {
            Outcome<Page<T>> page = pages.apply(new PageRequest(PageRequest.MAX_LIMIT, after));
            if (!page.isOk()) {
                return Outcome.rejected(page.rejection());
            }
            out.addAll(page.value().items());
            if (!page.value().hasMore() || page.value().items().isEmpty()) {
                break;
            }
            after = id.apply(page.value().items().get(page.value().items().size() - 1));
        }
        return Outcome.ok(out.size() > MAX_LIST_ITEMS ? out.subList(0, MAX_LIST_ITEMS) : out);
    }

    private <T> ResponseEntity<Object> reply(Outcome<T> outcome, Function<T, Object> view) {
        return outcome.isOk() ? ok(view.apply(outcome.value())) : dialect.rejected(outcome.rejection());
    }

    private static ResponseEntity<Object> ok(Object body) {
        return ResponseEntity.ok(body);
    }

    private static JsonNode object(JsonNode body) {
        return body != null && body.isObject() ? body : tools.jackson.databind.node.MissingNode.getInstance();
    }

    /**
     * A field that must be a JSON string (seed 004 is strict about types): its text, or null with
     * the problem noted when it is missing or of another type.
     */
    private static String raw(Fields f, JsonNode body, String name) {
        return f.string(name, object(body).get(name));
    }

    private static String string(Fields f, JsonNode body, String name, int min, int max) {
        return stringValue(f, name, object(body).get(name), min, max);
    }

    private static String stringValue(Fields f, String name, JsonNode node, int min, int max) {
        String text = f.string(name, node);
        return text == null ? null : f.text(name, text, min, max);
    }
}
