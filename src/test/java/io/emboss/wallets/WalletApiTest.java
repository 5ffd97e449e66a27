package io.emboss.wallets;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import io.emboss.support.ApiTestBase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Wallets, sandbox deposits (with and without USDT conversion) and the tenant's funding balance
 * through the real HTTP API, checked against the balances the API reports and the ledger's own
 * verification.
 */
class WalletApiTest extends ApiTestBase {

    /** Every wallet of a customer as "CUR.available" / "CUR.pending" → amount, in API order. */
    private Map<String, String> wallets(String key, String customerId) {
        Api.Resp r = api.get("/v1/customers/" + customerId + "/wallets", key);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return flatten(r);
    }

    private Map<String, String> funding(String key) {
        Api.Resp r = api.get("/v1/balance", key);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return flatten(r);
    }

    private static Map<String, String> flatten(Api.Resp r) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode item : r.data().get("items")) {
            String c = item.get("currency").asString();
            assertThat(item.get("available").isString()).as("amounts are decimal strings: " + r).isTrue();
            assertThat(item.get("pending").isString()).as("amounts are decimal strings: " + r).isTrue();
            out.put(c + ".available", item.get("available").asString());
            out.put(c + ".pending", item.get("pending").asString());
        }
        return out;
    }

    private static Map<String, String> zeros() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String c : List.of("USD", "EUR", "COP")) {
            m.put(c + ".available", "0.00");
            m.put(c + ".pending", "0.00");
        }
        m.put("USDT.available", "0.000000");
        m.put("USDT.pending", "0.000000");
        return m;
    }

    private static Map<String, String> with(Map<String, String> base, String currency, String available) {
        Map<String, String> m = new LinkedHashMap<>(base);
        m.put(currency + ".available", available);
        return m;
    }

    private Api.Resp postDeposit(String key, Object body) {
        return api.post("/v1/simulate/deposits", key, body);
    }

    private static void assertError(Api.Resp r, int status, String errorCode, String field) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.body().get("success").asBoolean()).as(r.toString()).isFalse();
        assertThat(r.errorCode()).as(r.toString()).isEqualTo(errorCode);
        if (field != null) {
            assertThat(r.data().get("fields").has(field)).as(r.toString()).isTrue();
        }
    }

    // ---------------------------------------------------------------- wallets

    @Test
    void a_new_customer_has_a_zero_wallet_in_usd_eur_cop_and_usdt() {
        TenantKeys t = newTenant();
        String cus = newCustomer(t.sandboxKey());
        Api.Resp r = api.get("/v1/customers/" + cus + "/wallets", t.sandboxKey());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body().get("success").asBoolean()).isTrue();
        List<String> currencies = new ArrayList<>();
        for (JsonNode item : r.data().get("items")) {
            currencies.add(item.get("currency").asString());
        }
        assertThat(currencies).containsExactly("USD", "EUR", "COP", "USDT");
        assertThat(r.data().get("hasMore").asBoolean()).isFalse();
        assertThat(flatten(r)).isEqualTo(zeros());

        // a live customer's wallets work the same and are separate
        String live = api.post("/v1/customers", t.liveKey(), body("name", "Live", "email", "live-w@example.com"))
                .text("id");
        assertThat(wallets(t.liveKey(), live)).isEqualTo(zeros());
        Api.Resp unknown = api.get("/v1/customers/cus_unknown/wallets", t.sandboxKey());
        assertError(unknown, 404, "resource_not_found", null);
    }

    // ---------------------------------------------------------------- deposits

    @Test
    void a_deposit_credits_the_wallet_exactly_from_a_string_or_a_json_number() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String cus = newCustomer(key);
        Map<String, String> fundingBefore = funding(key);

        Api.Resp r = postDeposit(key, body("customerId", cus, "currency", "USD", "amount", "100.50"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.text("id")).startsWith("dep_");
        assertThat(r.text("customerId")).isEqualTo(cus);
        assertThat(r.text("target")).isEqualTo("wallet");
        assertThat(r.text("currency")).isEqualTo("USD");
        assertThat(r.text("amount")).isEqualTo("100.50");
        assertThat(r.text("sourceCurrency")).isEqualTo("USD");
        assertThat(r.text("sourceAmount")).isEqualTo("100.50");
        assertThat(r.text("fee")).isEqualTo("0.00");
        assertThat(r.text("rate")).isNull();
        assertThat(r.text("status")).isEqualTo("succeeded");
        assertThat(wallets(key, cus)).isEqualTo(with(zeros(), "USD", "100.50"));

        Api.Resp number = api.raw("POST", "/v1/simulate/deposits", key, "application/json",
                "{\"customerId\":\"" + cus + "\",\"currency\":\"USD\",\"amount\":100.5}");
        assertThat(number.status()).as(number.toString()).isEqualTo(201);
        assertThat(number.text("amount")).isEqualTo("100.50");
        assertThat(wallets(key, cus)).isEqualTo(with(zeros(), "USD", "201.00"));

        Api.Resp integer = api.raw("POST", "/v1/simulate/deposits", key, "application/json",
                "{\"customerId\":\"" + cus + "\",\"currency\":\"EUR\",\"amount\":7}");
        assertThat(integer.status()).as(integer.toString()).isEqualTo(201);
        assertThat(integer.text("amount")).isEqualTo("7.00");

        deposit(key, cus, "COP", "1234567.89");
        deposit(key, cus, "USDT", "0.000001");
        deposit(key, cus, "USDT", "2.5");
        deposit(key, cus, "USD", "0.01");
        // trailing zeros past the currency's decimals are still exact
        deposit(key, cus, "USD", "1.000");

        Map<String, String> expected = with(zeros(), "USD", "202.01");
        expected = with(expected, "EUR", "7.00");
        expected = with(expected, "COP", "1234567.89");
        expected = with(expected, "USDT", "2.500001");
        assertThat(wallets(key, cus)).isEqualTo(expected);
        assertThat(funding(key)).as("a wallet deposit does not touch the tenant's funding").isEqualTo(fundingBefore);

        // another customer's wallets are untouched
        assertThat(wallets(key, newCustomer(key))).isEqualTo(zeros());
        assertLedgerBalanced();
    }

    @Test
    void get_deposit_returns_the_record_only_to_its_tenant_and_environment() {
        TenantKeys t = newTenant();
        String cus = newCustomer(t.sandboxKey());
        Api.Resp created = postDeposit(t.sandboxKey(), body("customerId", cus, "currency", "EUR", "amount", "12.34"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.text("id");

        Api.Resp got = api.get("/v1/deposits/" + id, t.sandboxKey());
        assertThat(got.status()).as(got.toString()).isEqualTo(200);
        assertThat(got.data()).isEqualTo(created.data());

        assertError(api.get("/v1/deposits/" + id, newTenant().sandboxKey()), 404, "resource_not_found", null);
        assertError(api.get("/v1/deposits/" + id, t.liveKey()), 404, "resource_not_found", null);
        assertError(api.get("/v1/deposits/dep_unknown", t.sandboxKey()), 404, "resource_not_found", null);
        assertError(api.get("/v1/deposits/" + id, null), 401, "missing_credentials", null);
    }

    @Test
    void a_usdt_deposit_credited_in_usd_converts_at_the_configured_rate_and_keeps_the_fee() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String cus = newCustomer(key);

        // USDT-USD 1.00, fee 1.0 %: 100.5 USDT → 100.50 USD, fee 1.005 → 1.01 (half up), credited 99.49
        Api.Resp r = api.raw("POST", "/v1/simulate/deposits", key, "application/json",
                "{\"customerId\":\"" + cus + "\",\"currency\":\"USDT\",\"amount\":100.5,\"creditCurrency\":\"USD\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.text("currency")).isEqualTo("USD");
        assertThat(r.text("amount")).isEqualTo("99.49");
        assertThat(r.text("fee")).isEqualTo("1.01");
        assertThat(r.text("sourceCurrency")).isEqualTo("USDT");
        assertThat(r.text("sourceAmount")).isEqualTo("100.500000");
        assertThat(new java.math.BigDecimal(r.text("rate"))).isEqualByComparingTo("1.00");
        assertThat(r.text("target")).isEqualTo("wallet");
        assertThat(wallets(key, cus)).as("USD credited, nothing left in USDT").isEqualTo(with(zeros(), "USD", "99.49"));

        Api.Resp stored = api.get("/v1/deposits/" + r.text("id"), key);
        assertThat(stored.status()).as(stored.toString()).isEqualTo(200);
        assertThat(stored.data()).isEqualTo(r.data());

        // the same as a string
        Api.Resp s = postDeposit(key, body("customerId", cus, "currency", "USDT", "amount", "100.500000",
                "creditCurrency", "USD"));
        assertThat(s.status()).as(s.toString()).isEqualTo(201);
        assertThat(s.text("amount")).isEqualTo("99.49");
        assertThat(s.text("fee")).isEqualTo("1.01");
        assertThat(wallets(key, cus)).isEqualTo(with(zeros(), "USD", "198.98"));

        // USDT-EUR 0.92: 100 USDT → 92.00 EUR, fee 0.92, credited 91.08
        Api.Resp eur = postDeposit(key, body("customerId", cus, "currency", "USDT", "amount", "100",
                "creditCurrency", "EUR"));
        assertThat(eur.status()).as(eur.toString()).isEqualTo(201);
        assertThat(eur.text("amount")).isEqualTo("91.08");
        assertThat(eur.text("fee")).isEqualTo("0.92");
        assertThat(new java.math.BigDecimal(eur.text("rate"))).isEqualByComparingTo("0.92");

        // rounding at the smallest amounts: 0.01 USDT → 0.01 USD, fee 0.0001 rounds to 0.00
        Api.Resp tiny = postDeposit(key, body("customerId", cus, "currency", "USDT", "amount", "0.01",
                "creditCurrency", "USD"));
        assertThat(tiny.status()).as(tiny.toString()).isEqualTo(201);
        assertThat(tiny.text("amount")).isEqualTo("0.01");
        assertThat(tiny.text("fee")).isEqualTo("0.00");

        // crediting the deposit's own currency is a plain deposit, no fee
        Api.Resp same = postDeposit(key, body("customerId", cus, "currency", "USDT", "amount", "3",
                "creditCurrency", "USDT"));
        assertThat(same.status()).as(same.toString()).isEqualTo(201);
        assertThat(same.text("fee")).isEqualTo("0.000000");
        assertThat(same.text("amount")).isEqualTo("3.000000");

        Map<String, String> expected = with(zeros(), "USD", "198.99");
        expected = with(expected, "EUR", "91.08");
        expected = with(expected, "USDT", "3.000000");
        assertThat(wallets(key, cus)).isEqualTo(expected);
        assertLedgerBalanced();
    }

    @Test
    void a_credit_currency_without_a_configured_rate_is_400_and_credits_nothing() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String cus = newCustomer(key);
        deposit(key, cus, "USD", "5.00");
        Map<String, String> before = wallets(key, cus);
        Map<String, String> fundingBefore = funding(key);

        String[][] pairs = {{"EUR", "COP"}, {"USDT", "COP"}, {"EUR", "USDT"}, {"COP", "EUR"}, {"USD", "USDT"}};
        for (String[] p : pairs) {
            Api.Resp r = postDeposit(key, body("customerId", cus, "currency", p[0], "amount", "10",
                    "creditCurrency", p[1]));
            assertError(r, 400, "validation_failed", "creditCurrency");
        }
        assertError(postDeposit(key, body("customerId", cus, "currency", "USDT", "amount", "10",
                "creditCurrency", "GBP")), 400, "validation_failed", "creditCurrency");
        assertError(postDeposit(key, body("customerId", cus, "currency", "USDT", "amount", "10",
                "creditCurrency", 840)), 400, "validation_failed", "creditCurrency");
        // converted amount rounds to zero: nothing can be credited
        assertError(postDeposit(key, body("customerId", cus, "currency", "USDT", "amount", "0.004",
                "creditCurrency", "USD")), 400, "validation_failed", "amount");

        assertThat(wallets(key, cus)).isEqualTo(before);
        assertThat(funding(key)).isEqualTo(fundingBefore);
        assertLedgerBalanced();
    }

    // ---------------------------------------------------------------- tenant funding

    @Test
    void tenant_funding_credits_the_tenants_balance_in_its_environment_only() {
        TenantKeys t = newTenant();
        TenantKeys other = newTenant();
        String key = t.sandboxKey();
        assertThat(funding(key)).isEqualTo(zeros());
        String cus = newCustomer(key);

        Api.Resp r = api.post("/v1/simulate/tenant-funding", key, body("currency", "USD", "amount", "250.00"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.text("id")).startsWith("dep_");
        assertThat(r.text("target")).isEqualTo("tenant_funding");
        assertThat(r.text("customerId")).isNull();
        assertThat(r.text("currency")).isEqualTo("USD");
        assertThat(r.text("amount")).isEqualTo("250.00");
        assertThat(r.text("fee")).isEqualTo("0.00");
        assertThat(funding(key)).isEqualTo(with(zeros(), "USD", "250.00"));

        Api.Resp number = api.raw("POST", "/v1/simulate/tenant-funding", key, "application/json",
                "{\"currency\":\"USDT\",\"amount\":0.5}");
        assertThat(number.status()).as(number.toString()).isEqualTo(201);
        assertThat(number.text("amount")).isEqualTo("0.500000");
        assertThat(api.post("/v1/simulate/tenant-funding", key, body("currency", "USD", "amount", "0.01")).status())
                .isEqualTo(201);

        Map<String, String> expected = with(with(zeros(), "USD", "250.01"), "USDT", "0.500000");
        assertThat(funding(key)).isEqualTo(expected);
        assertThat(fundingAvailable(key, "USD")).isEqualTo("250.01");

        Api.Resp stored = api.get("/v1/deposits/" + r.text("id"), key);
        assertThat(stored.status()).as(stored.toString()).isEqualTo(200);
        assertThat(stored.data()).isEqualTo(r.data());

        assertThat(funding(t.liveKey())).as("live funding is separate").isEqualTo(zeros());
        assertThat(funding(other.sandboxKey())).as("other tenants are separate").isEqualTo(zeros());
        assertThat(wallets(key, cus)).as("funding is not a customer's wallet").isEqualTo(zeros());
        assertLedgerBalanced();
    }

    @Test
    void balance_needs_credentials() {
        Api.Resp r = api.get("/v1/balance", null);
        assertError(r, 401, "missing_credentials", null);
    }
}
