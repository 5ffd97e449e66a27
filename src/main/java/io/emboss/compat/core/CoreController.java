package io.emboss.compat.core;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.emboss.authorization.Movement;
import io.emboss.authorization.TransactionService;
import io.emboss.cards.Card;
import io.emboss.cards.CardProduct;
import io.emboss.cards.CardProductService;
import io.emboss.cards.CardService;
import io.emboss.compat.Amounts;
import io.emboss.compat.DialectBody;
import io.emboss.compat.DialectErrors;
import io.emboss.compat.Refused;
import io.emboss.compat.core.CoreWire.CoreAssignment;
import io.emboss.compat.core.CoreWire.CoreBalance;
import io.emboss.compat.core.CoreWire.CoreCard;
import io.emboss.compat.core.CoreWire.CoreCardStatus;
import io.emboss.compat.core.CoreWire.CoreCustomer;
import io.emboss.compat.core.CoreWire.CoreCustomers;
import io.emboss.compat.core.CoreWire.CoreLoggedOut;
import io.emboss.compat.core.CoreWire.CoreMovement;
import io.emboss.compat.core.CoreWire.CoreMovements;
import io.emboss.compat.core.CoreWire.CoreToken;
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
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
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
    @Operation(operationId = "coreLogin", tags = "Authentication", summary = "Log in",
            description = "A tenant dashboard user's email and password; the token lasts 15 minutes (log in again"
                    + " when a call answers 403 token_expired). Throttled like the native login.")
    @DialectBody(CoreWire.LoginRequest.class)
    @DialectErrors({"invalid_credentials", "tenant_suspended", "login_throttled"})
    ResponseEntity<CoreToken> login(@RequestBody Login body,
            HttpServletRequest request) {
        Fields f = new Fields();
        String email = stringValue(f, "email", body.email(), 3, 254);
        String password = stringValue(f, "password", body.password(), 1, 128);
        Environment env = Environment.SANDBOX;
        if (body.environment() != null && !body.environment().isNull()) {
            String rawEnv = f.string("environment", body.environment());
            env = rawEnv == null ? null : f.oneOf("environment", rawEnv, Environment.class, true);
        }
        check(f);
        request.setAttribute(IdempotencyFilter.SENSITIVE_RESPONSE, Boolean.TRUE);
        AuthService.Login login = auth.login(LoginRequests.attempt(email, password, env, request));
        Outcome<AuthService.Tokens> tokens = login.tokens();
        if (!tokens.isOk()) {
            throw new Refused(Responses.retryAfter(dialect.rejected(tokens.rejection()), login.retryAfterSeconds()));
        }
        // seed 004 has no refresh: its clients log in again when the token expires (403)
        String token = tokens.value().accessToken();
        String userId = auth.authenticate(token).value().caller().actorId();
        return ResponseEntity.ok(new CoreToken(token, userId));
    }

    @PostMapping("/auth/logout")
    @Operation(operationId = "coreLogout", tags = "Authentication", summary = "Log out",
            description = "Revokes the login whose token is presented; an API key is refused (403).")
    ResponseEntity<CoreLoggedOut> logout(@AuthenticationPrincipal Caller caller, HttpServletRequest request) {
        if (caller.type() != Caller.Type.USER) {
            throw dialect.refused(Rejection.of(Rejection.Kind.FORBIDDEN, "forbidden",
                    "Logout ends a login session; API keys are revoked through /v1/api-keys"));
        }
        auth.logout(request.getHeader("Authorization").substring(7).trim());
        return ResponseEntity.ok(new CoreLoggedOut(true));
    }

    @PostMapping("/customers")
    @Operation(operationId = "coreCreateCustomer", tags = "Customers", summary = "Create a customer",
            description = "KYC is approved at once by the tenant (kycReason kyc_by_tenant); in live mode only when"
                    + " the platform operator has delegated KYC to the tenant.")
    @DialectBody(CoreWire.CoreNewCustomer.class)
    @DialectErrors({"email_already_exists", "kyc_not_delegated"})
    ResponseEntity<CoreCustomer> createCustomer(@AuthenticationPrincipal Caller caller,
            @RequestBody JsonNode body) {
        Fields f = new Fields();
        String name = string(f, body, "name", 1, 200);
        String rawEmail = raw(f, body, "email");
        String email = rawEmail == null ? null : f.email("email", rawEmail);
        check(f);
        return reply(customers.createWithKycByTenant(caller, new CustomerService.NewCustomer(name, email, null, null)),
                CoreController::customerView);
    }

    @GetMapping("/customers")
    @Operation(operationId = "coreListCustomers", tags = "Customers", summary = "List customers",
            description = "Every customer of the tenant, newest first (at most " + MAX_LIST_ITEMS + ").")
    ResponseEntity<CoreCustomers> listCustomers(@AuthenticationPrincipal Caller caller) {
        return reply(all(page -> customers.list(caller, null, null, page), Customer::id),
                list -> new CoreCustomers(list.stream().map(CoreController::customerView).toList()));
    }

    @PostMapping("/cards")
    @Operation(operationId = "coreCreateCard", tags = "Virtual Cards", summary = "Create a virtual card",
            description = "An unassigned inactive card of the tenant's default virtual product in that currency; the"
                    + " issuance fee is paid from the funding balance.")
    @DialectBody(CoreWire.CoreNewCard.class)
    @DialectErrors({"resource_not_found", "insufficient_funds"})
    ResponseEntity<CoreCard> createCard(@AuthenticationPrincipal Caller caller,
            @RequestBody JsonNode body) {
        Fields f = new Fields();
        String rawCurrency = raw(f, body, "currency");
        Currency currency = rawCurrency == null ? null : f.currency("currency", rawCurrency);
        check(f);
        Optional<CardProduct> product = products.defaultProduct(caller, currency, CardProduct.FormFactor.VIRTUAL);
        if (product.isEmpty()) {
            throw dialect.refused(Outcome.notFound("virtual card product in " + currency.name()
                    + "; create one with POST /v1/card-products").rejection());
        }
        return reply(cards.issue(caller, new CardService.IssueRequest(null, product.get().id(), null, null,
                Card.Status.INACTIVE, null, null, null)), CoreController::cardView);
    }

    @PostMapping("/cards/assign")
    @Operation(operationId = "coreAssignCard", tags = "Virtual Cards", summary = "Assign a card to a customer")
    @DialectBody(CoreWire.CoreAssign.class)
    @DialectErrors({"resource_not_found", "card_already_assigned", "kyc_not_approved", "invalid_state"})
    ResponseEntity<CoreAssignment> assign(@AuthenticationPrincipal Caller caller,
            @RequestBody JsonNode body) {
        Fields f = new Fields();
        String cardId = string(f, body, "cardId", 1, 64);
        String customerId = string(f, body, "customerId", 1, 64);
        check(f);
        return reply(cards.assign(caller, cardId, customerId),
                c -> new CoreAssignment(true, c.id(), c.customerId()));
    }

    @PatchMapping("/cards/status")
    @Operation(operationId = "coreChangeCardStatus", tags = "Virtual Cards", summary = "Change a card's status",
            description = "active activates or unblocks, blocked freezes, cancelled closes the card for good (its"
                    + " balance goes back to the funding balance or the holder's wallet).")
    @DialectBody(CoreWire.CoreStatusChange.class)
    @DialectErrors({"resource_not_found", "invalid_state"})
    ResponseEntity<CoreCardStatus> changeStatus(@AuthenticationPrincipal Caller caller,
            @RequestBody JsonNode body) {
        Fields f = new Fields();
        String cardId = string(f, body, "cardId", 1, 64);
        String rawStatus = raw(f, body, "status");
        CoreStatus status = rawStatus == null ? null : f.oneOf("status", rawStatus, CoreStatus.class, true);
        check(f);
        Outcome<Card> changed = status == CoreStatus.CANCELLED ? cards.close(caller, cardId, null)
                : cards.update(caller, cardId, new CardService.CardChanges(null, status.nativeStatus, null, null,
                        null, null, null, null, null, null));
        return reply(changed, c -> new CoreCardStatus(c.id(), CoreStatus.of(c.status())));
    }

    @PostMapping("/balances/add")
    @Operation(operationId = "coreAddBalance", tags = "Balances", summary = "Add balance to a card",
            description = "A top-up paid by the tenant's funding balance (amount plus the product's top-up fee);"
                    + " allowed on inactive cards.")
    @DialectBody(CoreWire.CoreAddBalance.class)
    @DialectErrors({"resource_not_found", "insufficient_funds", "invalid_state", "below_min_topup",
            "exceeds_max_balance"})
    ResponseEntity<CoreBalance> addBalance(@AuthenticationPrincipal Caller caller,
            @RequestBody JsonNode body) {
        Fields f = new Fields();
        String cardId = string(f, body, "cardId", 1, 64);
        JsonNode amount = object(body).get("amount");
        if (amount != null && !amount.isNull() && !amount.isNumber()) {
            f.problem("amount", "must be a number");
        }
        if (amount == null || amount.isNull()) {
            f.problem("amount", "is required");
        }
        check(f);
        Outcome<Card> card = cards.get(caller, cardId);
        if (!card.isOk()) {
            throw dialect.refused(card.rejection());
        }
        Long amountMinor = f.positiveAmount("amount", amount, card.value().currency());
        check(f);
        Outcome<Topup> topup = topups.topup(caller, new TopupService.TopupRequest(cardId, amountMinor, null,
                Topup.Source.TENANT));
        return reply(topup, t -> new CoreBalance(t.cardId(), Amounts.number(t.balanceAfterMinor(), t.currency())));
    }

    @GetMapping("/cards/{id}/movements")
    @Operation(operationId = "coreListMovements", tags = "Transactions", summary = "List a card's movements",
            description = "Newest first; debits are negative.")
    @DialectErrors("resource_not_found")
    ResponseEntity<CoreMovements> movements(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return reply(all(page -> transactions.movements(caller, id, page), Movement::id),
                list -> new CoreMovements(list.stream().map(m -> new CoreMovement(m.id(),
                        Amounts.number(m.amountMinor(), m.currency()), m.description(), m.date())).toList()));
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

    private static CoreCustomer customerView(Customer c) {
        return new CoreCustomer(c.id(), c.name(), c.email());
    }

    private static CoreCard cardView(Card c) {
        return new CoreCard(c.id(), CoreStatus.of(c.status()), c.currency().name());
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

    /** 200 with the view of the value, or the dialect's error answer. */
    private <T, R> ResponseEntity<R> reply(Outcome<T> outcome, Function<T, R> view) {
        if (!outcome.isOk()) {
            throw dialect.refused(outcome.rejection());
        }
        return ResponseEntity.ok(view.apply(outcome.value()));
    }

    /** The dialect's 400 when the input had problems. */
    private void check(Fields f) {
        if (!f.ok()) {
            throw dialect.refused(f.rejection());
        }
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
