package io.emboss.compat.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import io.emboss.support.ApiTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** Seed 004's Core API at /compat/core over real HTTP: raw shapes, its status codes, strict typing. */
class CoreApiTest extends ApiTestBase {
    static final String CORE = "/compat/core";

    /** A tenant with 1000.00 USD of funding, logged in through the dialect. */
    record Session(TenantKeys tenant, String token) {
        String key() {
            return tenant.sandboxKey();
        }
    }

    Session session() {
        TenantKeys t = newTenant();
        Api.Resp funded = api.post("/v1/simulate/tenant-funding", t.sandboxKey(),
                body("currency", "USD", "amount", "1000.00"));
        assertThat(funded.status()).as(funded.toString()).isEqualTo(201);
        Api.Resp login = api.post(CORE + "/auth/login", null, body("email", t.email(), "password", t.password()));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        assertThat(login.body().get("userId").asString()).startsWith("usr_");
        return new Session(t, login.body().get("token").asString());
    }

    static void assertError(Api.Resp r, int status, String error) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.body().get("error").asString()).as(r.toString()).isEqualTo(error);
        assertThat(r.body().get("message").asString()).isNotBlank();
        assertThat(r.body().has("success")).as("no native envelope: " + r).isFalse();
    }

    String customer(Session s, String name, String email) {
        Api.Resp r = api.post(CORE + "/customers", s.token(), body("name", name, "email", email));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.body().get("customerId").asString();
    }

    String card(Session s) {
        Api.Resp r = api.post(CORE + "/cards", s.token(), body("currency", "USD"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.body().get("cardId").asString();
    }

    Api.Resp status(Session s, String cardId, Object status) {
        return api.patch(CORE + "/cards/status", s.token(), body("cardId", cardId, "status", status));
    }

    Api.Resp add(Session s, String cardId, Object amount) {
        return api.post(CORE + "/balances/add", s.token(), body("cardId", cardId, "amount", amount));
    }

    String cardBalance(Session s, String cardId) {
        return api.get("/v1/cards/" + cardId + "/balance", s.key()).text("posted");
    }

    @Test
    void login_answers_the_seed_shape_and_refuses_bad_credentials_and_types() {
        TenantKeys t = newTenant();
        Api.Resp ok = api.post(CORE + "/auth/login", null, body("email", t.email(), "password", t.password()));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body().propertyNames()).containsExactlyInAnyOrder("token", "userId");
        assertError(api.post(CORE + "/auth/login", null, body("email", t.email(), "password", "wrong password")),
                401, "invalid_credentials");
        Api.Resp missing = api.post(CORE + "/auth/login", null, body("email", t.email()));
        assertError(missing, 400, "validation_failed");
        assertThat(missing.body().get("fields").has("password")).isTrue();
        Api.Resp typed = api.post(CORE + "/auth/login", null, body("email", 42, "password", "x"));
        assertError(typed, 400, "validation_failed");
        assertThat(typed.body().get("fields").get("email").asString()).isEqualTo("must be a string");
        assertError(api.raw("POST", CORE + "/auth/login", null, "application/json", "{\"email\":"), 400,
                "malformed_json");
    }

    @Test
    void credentials_are_checked_like_the_seed_says() {
        Session s = session();
        assertError(api.get(CORE + "/customers", null), 401, "missing_credentials");
        Api.Resp wrongFormat = api.send("GET", CORE + "/customers", null, null, Map.of("Authorization", s.token()));
        assertError(wrongFormat, 401, "invalid_credentials");
        assertError(api.get(CORE + "/customers", "at_not-a-token"), 401, "invalid_credentials");

        Api.Resp listed = api.get(CORE + "/customers", s.token());
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.header("X-RateLimit-Limit")).isEqualTo("1000");
        assertThat(Integer.parseInt(listed.header("X-RateLimit-Remaining"))).isBetween(0, 999);
        assertThat(Long.parseLong(listed.header("X-RateLimit-Reset"))).isGreaterThan(System.currentTimeMillis() / 1000);

        Api.Resp logout = api.post(CORE + "/auth/logout", s.token(), null);
        assertThat(logout.status()).as(logout.toString()).isEqualTo(200);
        assertThat(logout.body().get("success").asBoolean()).isTrue();
        assertError(api.get(CORE + "/customers", s.token()), 401, "invalid_credentials");
        assertError(api.post(CORE + "/auth/logout", s.key(), null), 403, "forbidden");
    }

    @Test
    void a_rate_limited_tenant_gets_429_in_the_seed_shape() {
        Session s = session();
        Api.Resp limited = api.patch("/v1/platform/tenants/" + s.tenant().id(), ADMIN, body("rateLimitPerHour", 2));
        assertThat(limited.status()).as(limited.toString()).isEqualTo(200);
        api.get(CORE + "/customers", s.token());
        api.get(CORE + "/customers", s.token());
        Api.Resp refused = api.get(CORE + "/customers", s.token());
        assertError(refused, 429, "rate_limited");
        assertThat(refused.header("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(refused.header("Retry-After")).isNotBlank();
    }

    @Test
    void customers_are_created_with_kyc_by_the_tenant_listed_and_unique_by_email() {
        Session s = session();
        Api.Resp created = api.post(CORE + "/customers", s.token(), body("name", "Juan Perez", "email", "juan@email.com"));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.body().propertyNames()).containsExactly("customerId", "name", "email");
        String juan = created.body().get("customerId").asString();
        assertThat(juan).startsWith("cus_");
        String maria = customer(s, "Maria Garcia", "maria@email.com");

        Api.Resp nativeView = api.get("/v1/customers/" + juan, s.key());
        assertThat(nativeView.text("kycStatus")).isEqualTo("approved");
        assertThat(nativeView.text("kycReason")).isEqualTo("kyc_by_tenant");
        List<JsonNode> kyc = events(s.key(), "customer.kyc_updated");
        assertThat(kyc).isNotEmpty();

        assertError(api.post(CORE + "/customers", s.token(), body("name", "Other", "email", "juan@email.com")), 409,
                "email_already_exists");
        Api.Resp missingEmail = api.post(CORE + "/customers", s.token(), body("name", "Juan Perez"));
        assertError(missingEmail, 400, "validation_failed");
        assertThat(missingEmail.body().get("fields").get("email").asString()).isEqualTo("is required");
        assertError(api.post(CORE + "/customers", s.token(), body("name", 7, "email", "x@email.com")), 400,
                "validation_failed");
        assertError(api.post(CORE + "/customers", s.token(), body("name", "X", "email", "not-an-email")), 400,
                "validation_failed");

        Api.Resp list = api.get(CORE + "/customers", s.token());
        assertThat(list.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        list.body().get("customers").forEach(c -> ids.add(c.get("customerId").asString()));
        assertThat(ids).containsExactly(maria, juan);
        assertThat(list.body().get("customers").get(1).get("email").asString()).isEqualTo("juan@email.com");

        Session other = session();
        assertThat(api.get(CORE + "/customers", other.token()).body().get("customers").size()).isZero();
    }

    /**
     * In live mode the dialect's customers arrive approved only if the platform operator has
     * delegated KYC to the tenant; without it nothing is created. Sandbox needs no delegation
     * (the test above and the seed's flow run there).
     */
    @Test
    void live_customers_need_kyc_delegated_by_the_platform_operator() {
        TenantKeys t = newTenant();
        Api.Resp login = api.post(CORE + "/auth/login", null, body("email", t.email(), "password", t.password(),
                "environment", "live"));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        String live = login.body().get("token").asString();
        assertThat(api.get("/v1/platform/tenants/" + t.id(), ADMIN).data().get("kycDelegated").asBoolean())
                .as("off by default").isFalse();

        assertError(api.post(CORE + "/customers", live, body("name", "Juan Perez", "email", "juan@email.com")), 403,
                "kyc_not_delegated");
        assertThat(api.get(CORE + "/customers", live).body().get("customers").size()).isZero();
        assertThat(allPages("/v1/customers", t.liveKey())).as("nothing created").isEmpty();
        assertThat(events(t.liveKey(), "customer.created")).isEmpty();

        // only the operator sets it: the tenant's own credentials cannot
        assertThat(api.patch("/v1/platform/tenants/" + t.id(), t.liveKey(), body("kycDelegated", true)).status())
                .isEqualTo(403);
        assertThat(api.patch("/v1/platform/tenants/" + t.id(), ADMIN, body("kycDelegated", "yes")).status())
                .as("a boolean, strictly").isEqualTo(400);
        Api.Resp delegated = api.patch("/v1/platform/tenants/" + t.id(), ADMIN, body("kycDelegated", true));
        assertThat(delegated.status()).as(delegated.toString()).isEqualTo(200);
        assertThat(delegated.data().get("kycDelegated").asBoolean()).isTrue();
        assertThat(api.patch("/v1/platform/tenants/" + t.id(), ADMIN, body("name", "Renamed")).data()
                .get("kycDelegated").asBoolean()).as("kept by other changes").isTrue();

        Api.Resp created = api.post(CORE + "/customers", live, body("name", "Juan Perez", "email", "juan@email.com"));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        Api.Resp nativeView = api.get("/v1/customers/" + created.body().get("customerId").asString(), t.liveKey());
        assertThat(nativeView.text("kycStatus")).isEqualTo("approved");
        assertThat(nativeView.text("kycReason")).isEqualTo("kyc_by_tenant");

        assertThat(api.patch("/v1/platform/tenants/" + t.id(), ADMIN, body("kycDelegated", false)).status())
                .isEqualTo(200);
        assertError(api.post(CORE + "/customers", live, body("name", "Maria Garcia", "email", "maria@email.com")),
                403, "kyc_not_delegated");
        assertThat(allPages("/v1/customers", t.liveKey())).hasSize(1);
    }

    @Test
    void cards_are_inactive_virtual_cards_of_the_default_product() {
        Session s = session();
        Api.Resp created = api.post(CORE + "/cards", s.token(), body("currency", "USD"));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.body().get("cardId").asString()).startsWith("card_");
        assertThat(created.body().get("status").asString()).isEqualTo("inactive");
        assertThat(created.body().get("currency").asString()).isEqualTo("USD");
        Api.Resp nativeCard = api.get("/v1/cards/" + created.body().get("cardId").asString(), s.key());
        assertThat(nativeCard.text("customerId")).isNull();

        assertError(api.post(CORE + "/cards", s.token(), body("currency", "XYZ")), 400, "validation_failed");
        assertError(api.post(CORE + "/cards", s.token(), body("currency", 840)), 400, "validation_failed");
        assertError(api.post(CORE + "/cards", s.token(), body()), 400, "validation_failed");
        String before = fundingAvailable(s.key(), "USD");
        assertError(api.post(CORE + "/cards", s.token(), body("currency", "EUR")), 404, "resource_not_found");
        assertThat(fundingAvailable(s.key(), "USD")).isEqualTo(before);
    }

    @Test
    void assignment_is_once_and_only_to_known_ids_of_the_tenant() {
        Session s = session();
        String cus = customer(s, "Juan Perez", "juan@email.com");
        String card = card(s);
        Api.Resp assigned = api.post(CORE + "/cards/assign", s.token(), body("cardId", card, "customerId", cus));
        assertThat(assigned.status()).as(assigned.toString()).isEqualTo(200);
        assertThat(assigned.body().get("success").asBoolean()).isTrue();
        assertThat(assigned.body().get("cardId").asString()).isEqualTo(card);
        assertThat(assigned.body().get("customerId").asString()).isEqualTo(cus);

        String other = customer(s, "Maria Garcia", "maria@email.com");
        assertError(api.post(CORE + "/cards/assign", s.token(), body("cardId", card, "customerId", other)), 409,
                "card_already_assigned");
        String fresh = card(s);
        assertError(api.post(CORE + "/cards/assign", s.token(), body("cardId", fresh, "customerId", "cus_nope")),
                404, "resource_not_found");
        assertError(api.post(CORE + "/cards/assign", s.token(), body("cardId", "card_nope", "customerId", cus)),
                404, "resource_not_found");
        assertError(api.post(CORE + "/cards/assign", s.token(), body("cardId", fresh)), 400, "validation_failed");

        Session stranger = session();
        assertError(api.post(CORE + "/cards/assign", stranger.token(), body("cardId", fresh, "customerId", cus)),
                404, "resource_not_found");
        assertThat(api.get("/v1/cards/" + fresh, s.key()).text("customerId")).isNull();
    }

    @Test
    void status_changes_follow_the_card_machine_and_cancelled_is_permanent() {
        Session s = session();
        String card = card(s);
        assertError(status(s, card, "pending"), 400, "validation_failed");
        assertError(status(s, card, 1), 400, "validation_failed");
        assertError(status(s, card, "blocked"), 409, "invalid_state");

        Api.Resp active = status(s, card, "active");
        assertThat(active.status()).as(active.toString()).isEqualTo(200);
        assertThat(active.body().get("cardId").asString()).isEqualTo(card);
        assertThat(active.body().get("status").asString()).isEqualTo("active");
        assertThat(status(s, card, "blocked").body().get("status").asString()).isEqualTo("blocked");
        assertThat(api.get("/v1/cards/" + card, s.key()).text("status")).isEqualTo("frozen");
        assertThat(status(s, card, "active").body().get("status").asString()).isEqualTo("active");

        assertThat(add(s, card, 40).status()).isEqualTo(200);
        String funding = fundingAvailable(s.key(), "USD");
        Api.Resp cancelled = status(s, card, "cancelled");
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(cancelled.body().get("status").asString()).isEqualTo("cancelled");
        // closing returns what the unassigned card held to the funding balance
        assertThat(fundingAvailable(s.key(), "USD")).isEqualTo(
                new java.math.BigDecimal(funding).add(new java.math.BigDecimal("40.00")).toPlainString());

        assertThat(status(s, card, "active").status()).isEqualTo(409);
        assertThat(status(s, card, "cancelled").status()).isEqualTo(409);
        String fundingAfter = fundingAvailable(s.key(), "USD");
        assertThat(add(s, card, 10).status()).isEqualTo(409);
        assertThat(fundingAvailable(s.key(), "USD")).isEqualTo(fundingAfter);
        assertError(status(s, "card_nope", "active"), 404, "resource_not_found");
        assertLedgerBalanced();
    }

    @Test
    void balances_take_numbers_only_fund_inactive_cards_and_report_the_balance() {
        Session s = session();
        String card = card(s);
        String funding = fundingAvailable(s.key(), "USD");

        Api.Resp asString = add(s, card, "100");
        assertError(asString, 400, "validation_failed");
        assertThat(asString.body().get("fields").get("amount").asString()).isEqualTo("must be a number");
        assertError(add(s, card, 0), 400, "validation_failed");
        assertError(add(s, card, -5), 400, "validation_failed");
        assertError(add(s, card, new java.math.BigDecimal("10.123")), 400, "validation_failed");
        assertError(api.post(CORE + "/balances/add", s.token(), body("cardId", card)), 400, "validation_failed");
        assertError(add(s, "card_nope", 10), 404, "resource_not_found");
        assertError(add(s, card, 1_000_000), 409, "insufficient_funds");
        assertThat(cardBalance(s, card)).isEqualTo("0.00");
        assertThat(fundingAvailable(s.key(), "USD")).isEqualTo(funding);

        Api.Resp first = add(s, card, 100);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.body().get("cardId").asString()).isEqualTo(card);
        assertThat(first.body().get("balance").isNumber()).isTrue();
        assertThat(first.body().get("balance").decimalValue()).isEqualByComparingTo("100");
        assertThat(first.raw().body()).contains("\"balance\":100}");
        Api.Resp second = add(s, card, 15.5);
        assertThat(second.raw().body()).contains("\"balance\":115.5}");
        assertThat(cardBalance(s, card)).isEqualTo("115.50");
        assertThat(api.get("/v1/cards/" + card, s.key()).text("status")).isEqualTo("inactive");
        assertLedgerBalanced();
    }

    @Test
    void movements_are_signed_numbers_newest_first() {
        Session s = session();
        String card = card(s);
        assertThat(add(s, card, 100).status()).isEqualTo(200);
        assertThat(status(s, card, "active").status()).isEqualTo(200);
        Api.Resp auth = api.post("/v1/simulate/authorizations", s.key(), body("cardId", card, "amount", "20.00",
                "currency", "USD", "merchant", body("name", "Amazon", "mcc", "5942", "country", "US", "city", "Seattle")));
        assertThat(auth.status()).as(auth.toString()).isEqualTo(201);
        Api.Resp capture = api.post("/v1/simulate/authorizations/" + auth.text("id") + "/capture", s.key(),
                body("amount", "20.00"));
        assertThat(capture.status()).as(capture.toString()).isEqualTo(200);

        Api.Resp r = api.get(CORE + "/cards/" + card + "/movements", s.token());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode movements = r.body().get("movements");
        assertThat(movements.size()).isEqualTo(2);
        JsonNode purchase = movements.get(0);
        assertThat(purchase.propertyNames()).containsExactly("id", "amount", "description", "date");
        assertThat(purchase.get("amount").decimalValue()).isEqualByComparingTo("-20");
        assertThat(purchase.get("description").asString()).isEqualTo("Purchase");
        assertThat(movements.get(1).get("amount").decimalValue()).isEqualByComparingTo("100");
        assertThat(movements.get(1).get("description").asString()).isEqualTo("Top-up");
        assertThat(java.time.Instant.parse(purchase.get("date").asString()))
                .isAfterOrEqualTo(java.time.Instant.parse(movements.get(1).get("date").asString()));

        assertError(api.get(CORE + "/cards/card_nope/movements", s.token()), 404, "resource_not_found");
        Session stranger = session();
        assertError(api.get(CORE + "/cards/" + card + "/movements", stranger.token()), 404, "resource_not_found");
        assertError(api.get(CORE + "/no-such-route", s.token()), 404, "route_not_found");
        assertLedgerBalanced();
    }

    /** Access tokens that live one second: the seed's "403 token expired", then log in again. */
    @Nested
    @TestPropertySource(properties = "emboss.auth.access-token-ttl=PT1S")
    class ExpiredTokens extends ApiTestBase {
        @Test
        void an_expired_token_is_403_and_a_new_login_works() throws Exception {
            TenantKeys t = newTenant();
            Api.Resp login = api.post(CORE + "/auth/login", null, body("email", t.email(), "password", t.password()));
            String token = login.body().get("token").asString();
            Thread.sleep(1500);
            assertError(api.get(CORE + "/customers", token), 403, "token_expired");
            Api.Resp again = api.post(CORE + "/auth/login", null, body("email", t.email(), "password", t.password()));
            assertThat(api.get(CORE + "/customers", again.body().get("token").asString()).status()).isEqualTo(200);
        }
    }
}
