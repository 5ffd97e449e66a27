package io.emboss.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import io.emboss.support.ApiTestBase;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Creates, through the API, the objects the fuzzer's requests name. The first set must succeed;
 * later sets (made during the run, after the fuzzer may have closed cards or changed settings)
 * take whatever succeeds.
 */
final class FuzzFixtures {
    private final OpenApiFuzzTest test;
    private final Api api;
    /** Fixture requests that did not succeed, for the message when the first set is incomplete. */
    private final List<String> refused = new java.util.ArrayList<>();

    FuzzFixtures(OpenApiFuzzTest test, Api api) {
        this.test = test;
        this.api = api;
    }

    Fixtures create() {
        Fixtures f = new Fixtures();
        ApiTestBase.TenantKeys t = test.tenant();
        f.sandboxKey = t.sandboxKey();
        f.liveKey = t.liveKey();
        f.adminToken = io.emboss.support.PostgresSchema.ADMIN_TOKEN;
        f.email = t.email();
        f.password = t.password();
        // the platform operations act on another tenant: the fuzzer may suspend it or cut its rate limit
        f.add("tenant", test.tenant().id());
        Api.Resp login = api.post("/v1/auth/login", null, Map.of("email", t.email(), "password", t.password()));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        f.accessToken = login.text("accessToken");
        f.refreshToken = login.text("refreshToken");
        dialectTokens(f);
        for (JsonNode p : api.get("/v1/card-products", f.sandboxKey).data().get("items")) {
            f.add("product", p.get("id").asString());
        }
        f.add("product", id(api.post("/v1/card-products", f.sandboxKey, Api.map("name", "3DS USD", "network", "visa",
                "formFactor", "virtual", "currency", "USD", "issuanceFee", "0.00", "topupFee", Api.map("fixed", "0.00",
                "percent", "0"), "minTopup", "1.00", "maxBalance", "100000.00", "limits", Api.map("perTransaction",
                "5000.00", "daily", "10000.00", "monthly", "50000.00"), "validityMonths", 36, "threeDsThreshold",
                "20.00"))));
        f.add("user", api.get("/v1/users", f.sandboxKey).data().get("items").get(0).get("id").asString());
        f.add("apikey", id(api.post("/v1/api-keys", f.sandboxKey, Api.map("name", "fuzz revocable"))));
        f.add("endpoint", id(api.post("/v1/webhook-endpoints", f.sandboxKey, Api.map("url", "http://127.0.0.1:9/hook",
                "events", List.of("*")))));
        f.add("customer", id(api.post("/v1/customers", f.liveKey, Api.map("name", "Live customer",
                "email", "live-" + System.nanoTime() + "@fuzz.test"))));
        more(f);
        for (int i = 0; i < 3; i++) { // customers whose KYC is still to submit and decide
            f.add("customer", test.customer(f.sandboxKey));
            f.add("new customer", test.customer(f.sandboxKey));
        }
        needed(f);
        authRules(f);
        backOffice(f);
        assertThat(f.ids).as(() -> "fixtures; refused: " + refused).containsKeys("customer", "card", "authorization",
                "topup", "deposit", "event", "transaction", "otp", "physical card", "pending topup", "unassigned card",
                "approved customer", "new customer", "active card", "inactive card", "auth rule", "drafted auth rule",
                "backtested auth rule", "backtest", "clearing file", "settlement report", "dispute", "submitted dispute",
                "dispute file");
        assertThat(f.pan).isNotNull();
        return f;
    }

    /**
     * The objects some operations need where any of their kind would not do ({@link Fixtures#NEEDS}):
     * a physical card of an async product (to ship) with a pending top-up (to settle), unassigned
     * cards and approved customers (to assign them to), and virtual products in EUR and USDT (the
     * core dialect issues cards of the default product in a currency).
     */
    private void needed(Fixtures f) {
        String key = f.sandboxKey;
        String physical = id(api.post("/v1/card-products", key, product("Physical USD", "physical", "USD", "async")));
        f.add("product", physical);
        f.add("product", id(api.post("/v1/card-products", key, product("Virtual EUR", "virtual", "EUR", "instant"))));
        f.add("product", id(api.post("/v1/card-products", key, product("Virtual USDT", "virtual", "USDT", "instant"))));
        String customer = test.approvedCustomer(key);
        api.post("/v1/simulate/deposits", key, Api.map("customerId", customer, "currency", "USD", "amount", "500.00"));
        String card = id(api.post("/v1/cards", key, Api.map("customerId", customer, "productId", physical,
                "shipping", Api.map("name", "Ana Gomez", "line1", "Calle 93 # 11-26", "city", "Bogota",
                        "postalCode", "110221", "country", "CO"))));
        f.add("physical card", card);
        f.add("card", card);
        for (int i = 0; i < 3; i++) {
            f.add("pending topup", id(api.post("/v1/cards/" + card + "/topups", key, Api.map("amount", "20.00",
                    "currency", "USD", "source", "wallet"))));
            f.add("approved customer", test.approvedCustomer(key));
            f.add("unassigned card", id(api.post("/v1/cards", key, Api.map("productId", productId(key)))));
            f.add("inactive card", id(api.post("/v1/cards", key, Api.map("customerId", customer, "productId",
                    productId(key), "status", "inactive"))));
        }
    }

    /**
     * Authorization rules, in shadow mode (they decline nothing the other operations need): ones with a
     * draft waiting (to promote), and one with a backtest (a backtest is read under its own rule).
     */
    private void authRules(Fixtures f) {
        String key = f.sandboxKey;
        Map<String, Object> lock = Api.map("name", "Fuzz lock", "type", "merchant_lock", "mode", "shadow",
                "parameters", Api.map("merchants", List.of(Api.map("mcc", "7995"))));
        for (int i = 0; i < 2; i++) {
            f.add("auth rule", id(api.post("/v1/auth-rules", key, lock)));
            String drafted = id(api.post("/v1/auth-rules", key, lock));
            if (drafted != null && id(api.patch("/v1/auth-rules/" + drafted, key, Api.map("name", "Fuzz draft"))) != null) {
                f.add("drafted auth rule", drafted);
                f.add("auth rule", drafted);
            }
        }
        String backtested = id(api.post("/v1/auth-rules", key, Api.map("name", "Fuzz velocity", "type",
                "velocity_limit", "mode", "shadow", "parameters", Api.map("window", Api.map("seconds", 600),
                        "countLimit", 5, "scope", "card"))));
        f.add("backtested auth rule", backtested);
        // conditions of every kind of value: texts, integers, a decimal, a flag, a pattern
        f.add("auth rule", id(api.post("/v1/auth-rules", key, Fixtures.VALID_BODIES.get("POST /v1/auth-rules").get(0))));
        f.add("auth rule", id(api.post("/v1/auth-rules", key, Fixtures.VALID_BODIES.get("POST /v1/auth-rules").get(3))));
        f.add("auth rule", backtested);
        if (backtested != null) {
            f.add("backtest", id(api.post("/v1/auth-rules/" + backtested + "/backtests", key,
                    Api.map("start", "2026-01-01T00:00:00Z", "end", "2026-02-01T00:00:00Z"))));
        }
    }

    /**
     * The back office: a simulated clearing file (and the settlement report it made) for two purchases of
     * their own, disputes of the captured purchases (unsubmitted ones with an evidence file, submitted
     * ones to resolve). The other pending authorizations stay pending for the operations that need them.
     */
    private void backOffice(Fixtures f) {
        String key = f.sandboxKey;
        String customer = test.approvedCustomer(key);
        api.post("/v1/simulate/deposits", key, Api.map("customerId", customer, "currency", "USD", "amount", "200.00"));
        String card = id(api.post("/v1/cards", key, Api.map("customerId", customer, "productId", productId(key),
                "initialBalance", "100.00")));
        List<String> transactions = new java.util.ArrayList<>();
        List<Object> presented = new java.util.ArrayList<>();
        for (int i = 0; i < 5 && card != null; i++) {
            Api.Resp a = api.post("/v1/simulate/authorizations", key, Api.map("cardId", card, "amount", "4.00",
                    "currency", "USD", "merchant", Api.map("name", "Corner Shop", "mcc", "5411", "country", "US")));
            if (id(a) != null) {
                transactions.add(a.text("transactionId"));
                presented.add(Api.map("authorizationId", a.text("id")));
            }
        }
        String file = id(api.post("/v1/simulate/clearing", key, Api.map("authorizations", presented)));
        for (int i = 0; i < 3 && card != null; i++) { // for the fuzzed simulations of clearing to present
            f.add("clearable authorization", id(api.post("/v1/simulate/authorizations", key, Api.map("cardId", card,
                    "amount", "1.00", "currency", "USD", "merchant", Api.map("name", "Corner Shop", "mcc", "5411",
                            "country", "US")))));
        }
        f.add("clearing file", file);
        for (int i = 0; i < 100 && file != null; i++) {
            if ("completed".equals(api.get("/v1/clearing-files/" + file, key).text("status"))) {
                break;
            }
            sleep(100);
        }
        addListed(f, "settlement report", "/v1/settlement-reports");
        for (int i = 0; i < transactions.size(); i++) {
            String dispute = id(api.post("/v1/disputes", key, Api.map("transactionId", transactions.get(i), "reason",
                    "not_received", "explanation", "Never delivered.")));
            if (dispute == null) {
                continue;
            }
            if (i < 2) {
                f.add("submitted dispute", id(api.post("/v1/disputes/" + dispute + "/submit", key, null)));
            } else {
                f.add("dispute", dispute);
                f.add("dispute file", id(api.raw("POST", "/v1/disputes/" + dispute + "/files", key,
                        "multipart/form-data; boundary=FuzzBoundary", "--FuzzBoundary\r\nContent-Disposition: "
                                + "form-data; name=\"file\"; filename=\"note.txt\"\r\nContent-Type: text/plain\r\n\r\n"
                                + "Order 1234 never arrived.\r\n--FuzzBoundary--\r\n")));
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, Object> product(String name, String formFactor, String currency, String settlement) {
        boolean crypto = "USDT".equals(currency);
        return Api.map("name", name, "network", "visa", "formFactor", formFactor, "currency", currency,
                "issuanceFee", crypto ? "0" : "0.00", "topupFee", Api.map("fixed", crypto ? "0" : "0.00", "percent", "0"),
                "minTopup", crypto ? "1" : "1.00", "maxBalance", crypto ? "100000" : "100000.00", "limits",
                Api.map("perTransaction", "5000", "daily", "10000", "monthly", "50000"), "validityMonths", 36,
                "settlementMode", settlement);
    }

    /** Logs the tenant's user in to the core and alix dialects, for their operations' valid requests. */
    void dialectTokens(Fixtures f) {
        Api.Resp core = api.post("/compat/core/auth/login", null, Map.of("email", f.email, "password", f.password));
        f.coreToken = core.status() == 200 ? core.body().get("token").asString() : f.coreToken;
        Api.Resp alix = api.post("/compat/alix/api/v2/auth/access-token", null,
                Map.of("partnerCode", f.email, "signature", f.password));
        if (alix.status() == 200) {
            f.alixToken = alix.body().get("data").get("accessToken").asString();
            f.alixRefreshToken = alix.body().get("data").get("refreshToken").asString();
        }
    }

    /** One more funded customer with a card, a top-up, an authorization and a 3-D Secure challenge. */
    void more(Fixtures f) {
        String key = f.sandboxKey;
        api.post("/v1/simulate/tenant-funding", key, Api.map("currency", "USD", "amount", "1000.00"));
        String customer = test.approvedCustomer(key);
        f.add("customer", customer);
        f.add("deposit", id(api.post("/v1/simulate/deposits", key, Api.map("customerId", customer, "currency", "USD",
                "amount", "1000.00"))));
        api.post("/v1/simulate/deposits", key, Api.map("customerId", customer, "currency", "USDT", "amount", "1000"));
        String virtual = productId(key);
        String card = id(api.post("/v1/cards", key, Api.map("customerId", customer, "productId", virtual,
                "initialBalance", "200.00")));
        f.add("card", card);
        f.add("active card", card);
        if (card == null) {
            return;
        }
        JsonNode details = api.get("/v1/cards/" + card + "/details", key).data();
        if (details != null && details.has("number")) {
            f.pan = details.get("number").asString();
            f.cvv = details.get("cvv").asString();
            f.expiryMonth = details.get("expiryMonth").asInt();
            f.expiryYear = details.get("expiryYear").asInt();
        }
        f.add("topup", id(api.post("/v1/cards/" + card + "/topups", key, Api.map("amount", "20.00", "currency", "USD",
                "source", "wallet"))));
        Map<String, Object> shop = Api.map("name", "Corner Shop", "mcc", "5411", "country", "US", "city", "Bogota");
        for (int i = 0; i < 3; i++) { // pending ones: to capture, increment, reverse and expire
            f.add("authorization", id(api.post("/v1/simulate/authorizations", key, Api.map("cardId", card,
                    "amount", "3.00", "currency", "USD", "merchant", shop))));
        }
        // an inactive card to activate, and one paid by the tenant and assigned to no one
        f.add("card", id(api.post("/v1/cards", key, Api.map("customerId", customer, "productId", virtual,
                "status", "inactive"))));
        f.add("card", id(api.post("/v1/cards", key, Api.map("productId", virtual))));
        challenge(f, customer);
        addListed(f, "event", "/v1/events?limit=20");
        addListed(f, "transaction", "/v1/transactions?limit=20");
        Api.Resp aliases = api.post("/compat/ops/ids", key, Api.map("ids", List.of(customer, card)));
        if (aliases.status() == 200 && aliases.body() != null && aliases.body().has("data")) {
            for (JsonNode a : aliases.body().get("data")) {
                if (a.has("user_id")) {
                    f.opsUserIds.add(a.get("user_id").asLong());
                }
                if (a.has("card_id")) {
                    f.opsCardIds.add(a.get("card_id").asLong());
                }
            }
        }
    }

    /** A card of the 3-D Secure product and an online purchase above its threshold: an OTP to verify. */
    private void challenge(Fixtures f, String customer) {
        String product = f.ids.get("product").get(f.ids.get("product").size() - 1);
        String card = id(api.post("/v1/cards", f.sandboxKey, Api.map("customerId", customer, "productId", product,
                "initialBalance", "60.00")));
        f.add("card", card);
        Api.Resp purchase = api.post("/v1/simulate/authorizations", f.sandboxKey, Api.map("cardId", card,
                "amount", "25.00", "currency", "USD", "channel", "online", "merchant",
                Api.map("name", "Web Shop", "mcc", "5732", "country", "US")));
        if (purchase.status() == 201 && purchase.text("otpId") != null) {
            f.add("otp", purchase.text("otpId"));
        } else {
            refused.add("3-D Secure purchase -> " + purchase);
        }
    }

    private String productId(String key) {
        for (JsonNode p : api.get("/v1/card-products", key).data().get("items")) {
            if ("virtual".equalsIgnoreCase(p.get("formFactor").asString()) && "USD".equals(p.get("currency").asString())
                    && (p.path("threeDsThreshold").isNull() || p.path("threeDsThreshold").isMissingNode())) {
                return p.get("id").asString();
            }
        }
        return null;
    }

    private void addListed(Fixtures f, String kind, String path) {
        Api.Resp r = api.get(path, f.sandboxKey);
        if (r.status() == 200) {
            r.data().get("items").forEach(item -> f.add(kind, item.get("id").asString()));
        }
    }

    private String id(Api.Resp r) {
        if (r.status() / 100 == 2 && r.body() != null && r.data() != null && r.data().has("id")) {
            return r.data().get("id").asString();
        }
        refused.add(r.raw().request().method() + " " + r.raw().uri().getPath() + " -> " + r);
        return null;
    }
}
