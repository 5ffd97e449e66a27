package io.emboss.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.authorization.AuthorizationEngine;
import io.emboss.authorization.AuthorizationRequest;
import io.emboss.authorization.Decision;
import io.emboss.authorization.OtpService;
import io.emboss.authorization.TransactionService;
import io.emboss.cards.CardService;
import io.emboss.customers.CustomerService;
import io.emboss.ledger.AccountKey;
import io.emboss.ledger.LedgerService;
import io.emboss.ledger.TransferSpec;
import io.emboss.shared.Caller;
import io.emboss.shared.Currency;
import io.emboss.shared.Environment;
import io.emboss.shared.Outcome;
import io.emboss.support.Api;
import io.emboss.support.ApiTestBase;
import io.emboss.topups.TopupService;
import io.emboss.wallets.WalletService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Live money never comes from a simulation. Every {@code /v1/simulate/…} operation is sent with a
 * live key, its path spelled in every way a client can spell it (percent-encoded letters, {@code //},
 * {@code /./}, {@code ;param}, encoded {@code /} and {@code .}); each is refused (400 for a path the
 * firewall will not read, 403 {@code sandbox_only}, or 404) and nothing live changes: wallets,
 * funding, card balances, KYC, shipping, top-ups, holds, 3-D Secure codes. The services refuse a live
 * caller themselves too, whatever path reached them.
 */
class LiveSimulationRefusedTest extends ApiTestBase {

    /** The same path, spelled as an attacker might: {@code %s} is what follows {@code /v1/simulate/}. */
    private static final List<String> SPELLINGS = List.of(
            "/v1/simulate/%s",
            "/v1/%%73imulate/%s",
            "/%%761/simulate/%s",
            "/v1/simulat%%65/%s",
            "/v1/SIMULATE/%s",
            "/v1//simulate/%s",
            "//v1/simulate/%s",
            "/v1/./simulate/%s",
            "/v1/x/../simulate/%s",
            "/v1/simulate;x=1/%s",
            "/v1;x/simulate/%s",
            "/v1%%2Fsimulate/%s",
            "/v1%%2fsimulate/%s",
            "/v1/%%2e/simulate/%s",
            "/v1/%%2E/simulate/%s");

    @Autowired
    LedgerService ledger;
    @Autowired
    AuthorizationEngine engine;
    @Autowired
    WalletService wallets;
    @Autowired
    CustomerService customers;
    @Autowired
    CardService cards;
    @Autowired
    TopupService topups;
    @Autowired
    TransactionService transactions;
    @Autowired
    OtpService otps;

    private TenantKeys tenant;
    private String live;
    private String pendingCustomer;
    private String customer;
    private String card;
    private String physicalCard;
    private String pendingTopup;
    private String hold;
    private String otpId;
    private String otpCode;

    /**
     * A live tenant with everything a simulation could touch: a customer whose KYC waits, an approved
     * one, a funded card with a network hold and a 3-D Secure challenge, a physical card waiting to
     * ship with a top-up waiting to settle.
     */
    @BeforeEach
    void liveTenant() {
        tenant = newTenant();
        live = tenant.liveKey();
        pendingCustomer = newCustomer(live);
        customer = newCustomer(live);
        Api.Resp kyc = api.post("/v1/platform/customers/" + customer + "/kyc", ADMIN, body("decision", "approved"));
        assertThat(kyc.status()).as(kyc.toString()).isEqualTo(200);
        // live money comes from a bank transfer, which has no API yet: post one in the ledger directly
        assertThat(ledger.execute(List.of(new TransferSpec.Post(
                AccountKey.externalFunding(tenant.id(), Environment.LIVE, Currency.USD),
                AccountKey.tenantFunding(tenant.id(), Environment.LIVE, Currency.USD), 100_000, "deposit",
                "wire_fixture"))).isOk()).isTrue();

        card = issue(product("VIRTUAL", "instant"), "customerId", customer);
        assertThat(topup(card, "300.00").get("status").asString()).isEqualTo("completed");
        physicalCard = issue(product("PHYSICAL", "async"), "shipping", body("name", "Ana Gómez", "line1",
                "Calle 93 # 11-26", "city", "Bogotá", "postalCode", "110221", "country", "CO"));
        JsonNode pending = topup(physicalCard, "50.00");
        assertThat(pending.get("status").asString()).isEqualTo("pending");
        pendingTopup = pending.get("id").asString();

        Api.Resp details = api.get("/v1/cards/" + card + "/details", live);
        assertThat(details.status()).as(details.toString()).isEqualTo(200);
        Decision held = networkAuthorization(details.data(), 2_000, "in_person");
        assertThat(held.approved()).as(held.toString()).isTrue();
        hold = held.authorizationId();
        Decision challenged = networkAuthorization(details.data(), 6_000, "online");
        assertThat(challenged.otpId()).as(challenged.toString()).isNotNull();
        otpId = challenged.otpId();
        otpCode = api.get("/v1/cards/" + card + "/otps", live).data().get("items").get(0).get("code").asString();
    }

    @Test
    void every_simulation_with_a_live_key_is_refused_however_its_path_is_spelled() {
        Map<String, Object> before = snapshot();
        List<String> answers = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> operation : operations().entrySet()) {
            for (String spelling : SPELLINGS) {
                String path = String.format(spelling, operation.getKey());
                Api.Resp r = api.post(path, live, operation.getValue());
                answers.add(r.status() + " " + path);
                assertThat(r.status()).as(path + " -> " + r).isIn(400, 403, 404);
                if (r.status() == 403) {
                    assertThat(r.errorCode()).as(path).isEqualTo("sandbox_only");
                }
            }
        }
        assertThat(answers).hasSize(operations().size() * SPELLINGS.size());
        assertThat(snapshot()).isEqualTo(before);
        assertLedgerBalanced();
    }

    @Test
    void a_live_dashboard_login_is_refused_too() {
        Api.Resp login = api.post("/v1/auth/login", null,
                body("email", tenant.email(), "password", tenant.password(), "environment", "live"));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        String token = login.text("accessToken");
        Map<String, Object> before = snapshot();
        for (Map.Entry<String, Map<String, Object>> operation : operations().entrySet()) {
            for (String spelling : List.of("/v1/simulate/%s", "/v1/%%73imulate/%s")) {
                Api.Resp r = api.post(String.format(spelling, operation.getKey()), token, operation.getValue());
                assertThat(r.status()).as(operation.getKey() + " -> " + r).isIn(400, 403);
            }
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    /**
     * Under the URL filter: each service that a simulation reaches refuses a live caller itself, so a
     * route the filter does not know (a new dialect, a renamed path) cannot move live money.
     */
    @Test
    void each_simulation_service_refuses_a_live_caller_itself() {
        Caller caller = new Caller(Caller.Type.API_KEY, tenant.id(), Environment.LIVE, "key_test", Set.of());
        Map<String, Object> before = snapshot();
        AuthorizationRequest spend = new AuthorizationRequest(card, null, null, null, null, null, 500, "USD",
                new AuthorizationRequest.Merchant("Shop", "5411", "Bogota", "CO"), "in_person", null, false, false);
        List<Outcome<?>> outcomes = List.of(
                wallets.depositToWallet(caller, customer, Currency.USD, 1_000, null),
                wallets.fundTenant(caller, Currency.USD, 10_000_000),
                customers.decideKyc(caller, pendingCustomer, true, null),
                cards.advanceShipping(caller, physicalCard, "shipped"),
                topups.simulateSettlement(caller, pendingTopup, true),
                otps.verify(caller, otpId, otpCode),
                engine.simulate(caller, spend),
                transactions.capture(caller, hold, null, true),
                transactions.reverse(caller, hold, null),
                transactions.increment(caller, hold, 100),
                transactions.expireNow(caller, hold),
                transactions.refund(caller, card, 1_000, null, null),
                transactions.forcePost(caller, card, 1_000, spend.merchant(), null));
        for (Outcome<?> outcome : outcomes) {
            assertThat(outcome.isOk()).as(String.valueOf(outcome)).isFalse();
            assertThat(outcome.rejection()).isEqualTo(Caller.SANDBOX_ONLY);
        }
        assertThat(snapshot()).isEqualTo(before);
        assertLedgerBalanced();
    }

    /** Every operation under /v1/simulate/ (the path after it, and a valid body). */
    private Map<String, Map<String, Object>> operations() {
        Map<String, Object> merchant = body("name", "Corner Shop", "mcc", "5411", "country", "US");
        Map<String, Map<String, Object>> ops = new LinkedHashMap<>();
        ops.put("deposits", body("customerId", customer, "currency", "USD", "amount", "10.00"));
        ops.put("tenant-funding", body("currency", "USD", "amount", "100000.00"));
        ops.put("customers/" + pendingCustomer + "/kyc", body("decision", "approved"));
        ops.put("cards/" + physicalCard + "/shipping", body("status", "shipped"));
        ops.put("topups/" + pendingTopup, body("result", "succeeded"));
        ops.put("authorizations", body("cardId", card, "amount", "5.00", "currency", "USD", "merchant", merchant,
                "channel", "in_person"));
        ops.put("3ds/" + otpId + "/verify", body("code", otpCode));
        ops.put("authorizations/" + hold + "/capture", body());
        ops.put("authorizations/" + hold + "/reverse", body());
        ops.put("authorizations/" + hold + "/increment", body("amount", "1.00"));
        ops.put("authorizations/" + hold + "/expire", body());
        ops.put("refunds", body("cardId", card, "amount", "50.00"));
        ops.put("force-posts", body("cardId", card, "amount", "5.00", "merchant", merchant));
        return ops;
    }

    /** Everything live a simulation could change, as the API shows it. */
    private Map<String, Object> snapshot() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("wallets", api.get("/v1/customers/" + customer + "/wallets", live).data());
        s.put("funding", api.get("/v1/balance", live).data());
        s.put("pendingCustomer", api.get("/v1/customers/" + pendingCustomer, live).data());
        for (String id : List.of(card, physicalCard)) {
            s.put("card " + id, api.get("/v1/cards/" + id, live).data());
            s.put("balance " + id, api.get("/v1/cards/" + id + "/balance", live).data());
        }
        s.put("topup", api.get("/v1/topups/" + pendingTopup, live).data());
        s.put("hold", api.get("/v1/authorizations/" + hold, live).data());
        s.put("otps", api.get("/v1/cards/" + card + "/otps", live).data());
        s.put("transactions", allPages("/v1/transactions", live));
        return s;
    }

    private Decision networkAuthorization(JsonNode details, long amountMinor, String channel) {
        return engine.authorize(new AuthorizationRequest(null, details.get("number").asString(),
                details.get("expiryMonth").asInt(), details.get("expiryYear").asInt(), null, null, amountMinor, "USD",
                new AuthorizationRequest.Merchant("Hotel", "7011", "Bogota", "CO"), channel, null, false, false));
    }

    private String product(String formFactor, String settlement) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("name", "Live " + formFactor + " " + settlement);
        b.put("network", "VISA");
        b.put("formFactor", formFactor);
        b.put("currency", "USD");
        b.put("bin", "45671234");
        b.put("issuanceFee", "0.00");
        b.put("topupFee", body("fixed", "0.00", "percent", "0"));
        b.put("minTopup", "1.00");
        b.put("maxBalance", "5000.00");
        b.put("limits", body("perTransaction", "500.00", "daily", "1000.00", "monthly", "3000.00"));
        b.put("validityMonths", 24);
        b.put("settlementMode", settlement);
        b.put("threeDsThreshold", "50.00");
        Api.Resp r = api.post("/v1/card-products", live, b);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.text("id");
    }

    private String issue(String productId, Object... kv) {
        Map<String, Object> b = body(kv);
        b.put("productId", productId);
        Api.Resp r = api.post("/v1/cards", live, b);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.text("id");
    }

    private JsonNode topup(String cardId, String amount) {
        Api.Resp r = api.post("/v1/cards/" + cardId + "/topups", live, body("amount", amount, "source", "tenant"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.data();
    }
}
