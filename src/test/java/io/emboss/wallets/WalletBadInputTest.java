package io.emboss.wallets;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import io.emboss.support.ApiTestBase;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

/**
 * Bad input to the money-moving sandbox endpoints (deposits and tenant funding): every request
 * gets the right status and an error envelope with a snake_case errorCode, never a 500, and moves
 * no money. After each case every balance it could have touched (the customer's wallets, the
 * tenant's funding in sandbox and live, another tenant's wallets) and the ledger's totals and
 * transfer count are exactly as before, and the ledger verifies.
 */
class WalletBadInputTest extends ApiTestBase {
    private static final String SNAKE_CASE = "[a-z]+(_[a-z]+)*";
    private static final int MIB = 1024 * 1024;

    /** The tenants and customers every case runs against, with money already in place. */
    private record Fixture(TenantKeys tenant, String customer, String liveCustomer, TenantKeys other,
                           String otherCustomer, String revokedKey) {
    }

    /** One bad request and what it must get; {@code field} (nullable) must be named in data.fields. */
    private record Case(String name, Supplier<Api.Resp> send, int status, Set<String> codes, String field) {
    }

    private static Fixture fixture;

    private Fixture fixture() {
        if (fixture == null) {
            TenantKeys t = newTenant();
            String cus = newCustomer(t.sandboxKey());
            deposit(t.sandboxKey(), cus, "USD", "10.00");
            deposit(t.sandboxKey(), cus, "USDT", "5.123456");
            deposit(t.sandboxKey(), cus, "COP", "1000.50");
            Api.Resp funded = api.post("/v1/simulate/tenant-funding", t.sandboxKey(),
                    body("currency", "USD", "amount", "20.00"));
            assertThat(funded.status()).as(funded.toString()).isEqualTo(201);
            Api.Resp live = api.post("/v1/customers", t.liveKey(),
                    body("name", "Live One", "email", "live-one@example.com"));
            assertThat(live.status()).as(live.toString()).isEqualTo(201);
            TenantKeys other = newTenant();
            String otherCus = newCustomer(other.sandboxKey());
            deposit(other.sandboxKey(), otherCus, "USD", "3.00");

            Api.Resp key = api.post("/v1/api-keys", t.sandboxKey(), body("name", "to revoke"));
            assertThat(key.status()).as(key.toString()).isEqualTo(201);
            Api.Resp revoked = api.delete("/v1/api-keys/" + key.text("id"), t.sandboxKey());
            assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
            fixture = new Fixture(t, cus, live.text("id"), other, otherCus, key.text("secret"));
            // the balances compared are not all zero, so a bad request that zeroed one would show
            Map<String, String> s = state();
            assertThat(s.get("wallet.USD.available")).isEqualTo("10.00");
            assertThat(s.get("wallet.USDT.available")).isEqualTo("5.123456");
            assertThat(s.get("wallet.COP.available")).isEqualTo("1000.50");
            assertThat(s.get("funding.USD.available")).isEqualTo("20.00");
            assertThat(s.get("otherWallet.USD.available")).isEqualTo("3.00");
        }
        return fixture;
    }

    // ---------------------------------------------------------------- state before and after

    /** Every balance a bad request could touch, plus the ledger's totals and transfer count. */
    private Map<String, String> state() {
        Fixture f = fixture();
        Map<String, String> s = new LinkedHashMap<>();
        put(s, "wallet", api.get("/v1/customers/" + f.customer() + "/wallets", f.tenant().sandboxKey()));
        put(s, "funding", api.get("/v1/balance", f.tenant().sandboxKey()));
        put(s, "liveWallet", api.get("/v1/customers/" + f.liveCustomer() + "/wallets", f.tenant().liveKey()));
        put(s, "liveFunding", api.get("/v1/balance", f.tenant().liveKey()));
        put(s, "otherWallet", api.get("/v1/customers/" + f.otherCustomer() + "/wallets", f.other().sandboxKey()));
        JsonNode ledger = assertLedgerBalanced();
        s.put("ledger.transfers", ledger.get("transfersChecked").asString());
        s.put("ledger.accounts", ledger.get("accountsChecked").asString());
        s.put("ledger.currencies", ledger.get("currencies").toString());
        return s;
    }

    private static void put(Map<String, String> s, String prefix, Api.Resp r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        for (JsonNode item : r.data().get("items")) {
            String c = item.get("currency").asString();
            s.put(prefix + "." + c + ".available", item.get("available").asString());
            s.put(prefix + "." + c + ".pending", item.get("pending").asString());
        }
    }

    /**
     * Runs each case and compares the state after it with the state before it (the state after
     * the previous case), so one case that moves money fails alone.
     */
    private Stream<DynamicTest> run(List<Case> cases) {
        List<Map<String, String>> last = new ArrayList<>(List.of(state()));
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Map<String, String> before = last.get(0);
            Api.Resp r = c.send().get();
            Map<String, String> after = state();
            last.set(0, after);
            assertRefused(r, c);
            assertThat(after).as("nothing changed after: " + c.name() + " → " + r).isEqualTo(before);
        }));
    }

    private static void assertRefused(Api.Resp r, Case c) {
        assertThat(r.status()).as(c.name() + " → " + r).isNotEqualTo(500).isEqualTo(c.status());
        assertThat(r.body()).as(c.name() + ": the answer is an envelope → " + r).isNotNull();
        assertThat(r.body().get("success").asBoolean()).as(r.toString()).isFalse();
        assertThat(r.errorCode()).as(c.name() + " → " + r).matches(SNAKE_CASE).isIn(c.codes());
        assertThat(r.body().get("message").asString()).as(r.toString()).isNotBlank();
        assertThat(r.header("X-Request-Id")).as(r.toString()).isNotBlank();
        if (c.field() != null) {
            JsonNode fields = r.data() == null ? null : r.data().get("fields");
            assertThat(fields).as(c.name() + ": data.fields → " + r).isNotNull();
            assertThat(fields.has(c.field())).as(c.name() + ": names " + c.field() + " → " + r).isTrue();
        }
    }

    // ---------------------------------------------------------------- case builders

    private static Case invalid(String name, Supplier<Api.Resp> send, String field) {
        return new Case(name, send, 400, Set.of("validation_failed"), field);
    }

    private static Case refused(String name, Supplier<Api.Resp> send, int status, String code) {
        return new Case(name, send, status, Set.of(code), null);
    }

    private Supplier<Api.Resp> json(String path, String key, String body) {
        return () -> api.raw("POST", path, key, "application/json", body);
    }

    private String depositBody(String currency, String amountJson) {
        return "{\"customerId\":\"" + fixture().customer() + "\",\"currency\":\"" + currency + "\",\"amount\":"
                + amountJson + "}";
    }

    private static String fundingBody(String currency, String amountJson) {
        return "{\"currency\":\"" + currency + "\",\"amount\":" + amountJson + "}";
    }

    /** Bad amounts shared by deposits and tenant funding: (case name, currency, amount as JSON). */
    private static final String[][] BAD_AMOUNTS = {
        {"zero as a string", "USD", "\"0\""},
        {"zero with decimals", "USD", "\"0.00\""},
        {"negative zero", "USD", "\"-0.00\""},
        {"zero as a number", "USD", "0"},
        {"zero as a float number", "USDT", "0.0"},
        {"negative string", "USD", "\"-5.00\""},
        {"negative number", "USD", "-5"},
        {"negative smallest unit", "USDT", "-0.000001"},
        {"letters", "USD", "\"abc\""},
        {"exponent notation in a string", "USD", "\"1e5\""},
        {"upper-case exponent in a string", "USD", "\"1E2\""},
        {"empty string", "USD", "\"\""},
        {"blank string", "USD", "\"   \""},
        {"thousands separator", "USD", "\"1,000.00\""},
        {"currency symbol", "USD", "\"$10\""},
        {"plus sign", "USD", "\"+10\""},
        {"trailing dot", "USD", "\"10.\""},
        {"leading dot", "USD", "\".50\""},
        {"hexadecimal", "USD", "\"0x10\""},
        {"NaN", "USD", "\"NaN\""},
        {"Infinity", "USD", "\"Infinity\""},
        {"three decimals in USD (string)", "USD", "\"10.001\""},
        {"three decimals in USD (number)", "USD", "10.001"},
        {"three decimals in EUR", "EUR", "\"0.999\""},
        {"three decimals in COP", "COP", "\"5.005\""},
        {"seven decimals in USDT (string)", "USDT", "\"1.0000001\""},
        {"seven decimals in USDT (number)", "USDT", "1.0000001"},
        {"past a long (string)", "USD", "\"99999999999999999999999\""},
        {"past a long (number)", "USD", "99999999999999999999999"},
        {"one minor unit past Long.MAX_VALUE in USD", "USD", "\"92233720368547758.08\""},
        {"one minor unit past Long.MAX_VALUE in USDT", "USDT", "\"9223372036854.775808\""},
        {"Long.MAX_VALUE units of USDT", "USDT", "9223372036854775807"},
        {"forty digits", "USD", "\"1234567890123456789012345678901234567890\""},
        {"huge JSON number", "USD", "1e400"},
        {"huge negative JSON number", "USD", "-1e400"},
        {"tiny JSON number", "USD", "1e-400"},
        {"boolean true", "USD", "true"},
        {"boolean false", "USD", "false"},
        {"array", "USD", "[\"10.00\"]"},
        {"empty array", "USD", "[]"},
        {"object", "USD", "{\"value\":\"10.00\"}"},
        {"null", "USD", "null"},
    };

    // ---------------------------------------------------------------- deposits

    @TestFactory
    Stream<DynamicTest> bad_deposits_are_refused_and_move_no_money() {
        Fixture f = fixture();
        String key = f.tenant().sandboxKey();
        String path = "/v1/simulate/deposits";
        String cus = f.customer();
        List<Case> cases = new ArrayList<>();
        for (String[] a : BAD_AMOUNTS) {
            cases.add(invalid("amount: " + a[0] + " " + a[2], json(path, key, depositBody(a[1], a[2])), "amount"));
        }
        // a number longer than the JSON parser accepts is refused while parsing
        cases.add(new Case("amount: a 1200-digit number", json(path, key, depositBody("USD", "9".repeat(1200))),
                400, Set.of("validation_failed", "malformed_json"), null));

        cases.add(invalid("missing amount", json(path, key,
                "{\"customerId\":\"" + cus + "\",\"currency\":\"USD\"}"), "amount"));
        cases.add(invalid("unknown currency", json(path, key, depositBody("XYZ", "\"10.00\"")), "currency"));
        cases.add(invalid("empty currency", json(path, key, depositBody("", "\"10.00\"")), "currency"));
        cases.add(invalid("currency as an ISO number", json(path, key,
                "{\"customerId\":\"" + cus + "\",\"currency\":840,\"amount\":\"10.00\"}"), "currency"));
        cases.add(invalid("currency as an array", json(path, key,
                "{\"customerId\":\"" + cus + "\",\"currency\":[\"USD\"],\"amount\":\"10.00\"}"), "currency"));
        cases.add(invalid("missing currency", json(path, key,
                "{\"customerId\":\"" + cus + "\",\"amount\":\"10.00\"}"), "currency"));
        cases.add(invalid("missing customerId", json(path, key,
                "{\"currency\":\"USD\",\"amount\":\"10.00\"}"), "customerId"));
        cases.add(invalid("empty customerId", json(path, key,
                "{\"customerId\":\"\",\"currency\":\"USD\",\"amount\":\"10.00\"}"), "customerId"));
        cases.add(invalid("customerId as a number", json(path, key,
                "{\"customerId\":12345,\"currency\":\"USD\",\"amount\":\"10.00\"}"), "customerId"));
        cases.add(invalid("customerId too long", json(path, key,
                "{\"customerId\":\"cus_" + "x".repeat(80) + "\",\"currency\":\"USD\",\"amount\":\"10.00\"}"),
                "customerId"));
        cases.add(invalid("every field missing", json(path, key, "{}"), "amount"));
        cases.add(invalid("unknown field", json(path, key,
                "{\"customerId\":\"" + cus + "\",\"currency\":\"USD\",\"amount\":\"10.00\",\"memo\":\"hi\"}"),
                "memo"));
        cases.add(invalid("field name in the wrong case", json(path, key,
                "{\"customerId\":\"" + cus + "\",\"currency\":\"USD\",\"Amount\":\"10.00\"}"), "Amount"));
        cases.add(invalid("unknown credit currency", json(path, key,
                "{\"customerId\":\"" + cus + "\",\"currency\":\"USDT\",\"amount\":\"10\",\"creditCurrency\":\"GBP\"}"),
                "creditCurrency"));
        cases.add(invalid("credit currency without a configured rate", json(path, key,
                "{\"customerId\":\"" + cus + "\",\"currency\":\"EUR\",\"amount\":\"10\",\"creditCurrency\":\"COP\"}"),
                "creditCurrency"));
        cases.add(invalid("conversion that rounds to nothing", json(path, key,
                "{\"customerId\":\"" + cus
                        + "\",\"currency\":\"USDT\",\"amount\":\"0.000001\",\"creditCurrency\":\"USD\"}"),
                "amount"));

        cases.add(refused("malformed JSON: cut short", json(path, key, "{\"customerId\": \"" + cus + "\","),
                400, "malformed_json"));
        cases.add(refused("malformed JSON: not JSON", json(path, key, "deposit 10 USD please"), 400,
                "malformed_json"));
        cases.add(refused("malformed JSON: single quotes", json(path, key,
                "{'customerId':'" + cus + "','currency':'USD','amount':'10.00'}"), 400, "malformed_json"));
        cases.add(refused("malformed JSON: trailing comma", json(path, key,
                depositBody("USD", "\"10.00\"").replace("}", ",}")), 400, "malformed_json"));
        cases.add(refused("malformed JSON: valid object then garbage", json(path, key,
                depositBody("USD", "\"10.00\"") + " and more"), 400, "malformed_json"));
        cases.add(refused("malformed JSON: two objects", json(path, key,
                depositBody("USD", "\"10.00\"") + depositBody("USD", "\"10.00\"")), 400, "malformed_json"));
        cases.add(refused("malformed JSON: comment", json(path, key,
                depositBody("USD", "/* ten */ \"10.00\"")), 400, "malformed_json"));
        cases.add(refused("empty body", json(path, key, ""), 400, "malformed_json"));
        cases.add(refused("JSON null body", json(path, key, "null"), 400, "malformed_json"));
        cases.add(refused("JSON array body", json(path, key, "[" + depositBody("USD", "\"10.00\"") + "]"), 400,
                "malformed_json"));
        cases.add(refused("JSON string body", json(path, key, "\"10.00\""), 400, "malformed_json"));

        String valid = depositBody("USD", "\"10.00\"");
        cases.add(refused("text/plain", () -> api.raw("POST", path, key, "text/plain", valid), 415,
                "unsupported_media_type"));
        cases.add(refused("application/xml", () -> api.raw("POST", path, key, "application/xml",
                "<deposit><amount>10.00</amount></deposit>"), 415, "unsupported_media_type"));
        cases.add(refused("form encoded", () -> api.raw("POST", path, key, "application/x-www-form-urlencoded",
                "customerId=" + cus + "&currency=USD&amount=10.00"), 415, "unsupported_media_type"));
        cases.add(refused("no content type", () -> api.raw("POST", path, key, null, valid), 415,
                "unsupported_media_type"));

        cases.add(refused("oversized body with Content-Length", () -> api.raw("POST", path, key,
                "application/json", padded(valid, MIB + 1)), 413, "payload_too_large"));
        cases.add(refused("oversized body, chunked without Content-Length", () -> chunked(path, key,
                padded(valid, MIB + 1), Map.of()), 413, "payload_too_large"));
        cases.add(refused("oversized body with Content-Length and Idempotency-Key", () -> api.send("POST", path,
                key, padded(valid, 2 * MIB), Map.of("Idempotency-Key", "big-cl-1")), 413, "payload_too_large"));

        cases.add(refused("unknown customer", json(path, key, valid.replace(cus, "cus_doesnotexist")), 404,
                "resource_not_found"));
        cases.add(refused("another tenant's customer", json(path, key, valid.replace(cus, f.otherCustomer())), 404,
                "resource_not_found"));
        cases.add(refused("this tenant's live customer with the sandbox key", json(path, key,
                valid.replace(cus, f.liveCustomer())), 404, "resource_not_found"));
        cases.add(refused("live key on /v1/simulate", json(path, f.tenant().liveKey(),
                valid.replace(cus, f.liveCustomer())), 403, "sandbox_only"));
        cases.add(refused("live key on /v1/simulate with a sandbox customer", json(path, f.tenant().liveKey(),
                valid), 403, "sandbox_only"));
        cases.add(refused("no credentials", json(path, null, valid), 401, "missing_credentials"));
        cases.add(refused("unknown key", json(path, "sk_test_" + "0".repeat(32), valid), 401,
                "invalid_credentials"));
        cases.add(refused("revoked key", json(path, f.revokedKey(), valid), 401, "invalid_credentials"));
        cases.add(refused("not a bearer scheme", () -> api.send("POST", path, null, valid,
                Map.of("Authorization", "Basic dXNlcjpwYXNz")), 401, "invalid_credentials"));
        cases.add(refused("Idempotency-Key longer than 255", () -> api.send("POST", path, key, valid,
                Map.of("Idempotency-Key", "k".repeat(256))), 400, "validation_failed"));
        cases.add(refused("GET on the deposit endpoint", () -> api.get(path, key), 405, "method_not_allowed"));
        cases.add(refused("PUT on the deposit endpoint", () -> api.send("PUT", path, key, valid, Map.of()), 405,
                "method_not_allowed"));
        return run(cases);
    }

    // ---------------------------------------------------------------- tenant funding

    @TestFactory
    Stream<DynamicTest> bad_tenant_funding_is_refused_and_moves_no_money() {
        Fixture f = fixture();
        String key = f.tenant().sandboxKey();
        String path = "/v1/simulate/tenant-funding";
        List<Case> cases = new ArrayList<>();
        for (String[] a : BAD_AMOUNTS) {
            cases.add(invalid("amount: " + a[0] + " " + a[2], json(path, key, fundingBody(a[1], a[2])), "amount"));
        }
        cases.add(invalid("missing amount", json(path, key, "{\"currency\":\"USD\"}"), "amount"));
        cases.add(invalid("unknown currency", json(path, key, fundingBody("BTC", "\"10.00\"")), "currency"));
        cases.add(invalid("currency as a number", json(path, key, "{\"currency\":1,\"amount\":\"10.00\"}"),
                "currency"));
        cases.add(invalid("missing currency", json(path, key, "{\"amount\":\"10.00\"}"), "currency"));
        cases.add(invalid("every field missing", json(path, key, "{}"), "currency"));
        cases.add(invalid("a deposit's customerId is unknown here", json(path, key,
                "{\"customerId\":\"" + f.customer() + "\",\"currency\":\"USD\",\"amount\":\"10.00\"}"),
                "customerId"));
        cases.add(invalid("creditCurrency is unknown here", json(path, key,
                "{\"currency\":\"USDT\",\"amount\":\"10\",\"creditCurrency\":\"USD\"}"), "creditCurrency"));

        String valid = fundingBody("USD", "\"10.00\"");
        cases.add(refused("malformed JSON", json(path, key, "{\"currency\":\"USD\",\"amount\":"), 400,
                "malformed_json"));
        cases.add(refused("valid object then garbage", json(path, key, valid + "]"), 400, "malformed_json"));
        cases.add(refused("empty body", json(path, key, ""), 400, "malformed_json"));
        cases.add(refused("text/plain", () -> api.raw("POST", path, key, "text/plain", valid), 415,
                "unsupported_media_type"));
        cases.add(refused("no content type", () -> api.raw("POST", path, key, null, valid), 415,
                "unsupported_media_type"));
        cases.add(refused("oversized body with Content-Length", () -> api.raw("POST", path, key,
                "application/json", padded(valid, MIB + 1)), 413, "payload_too_large"));
        cases.add(refused("oversized body, chunked without Content-Length", () -> chunked(path, key,
                padded(valid, 3 * MIB), Map.of()), 413, "payload_too_large"));
        cases.add(refused("live key on /v1/simulate", json(path, f.tenant().liveKey(), valid), 403,
                "sandbox_only"));
        cases.add(refused("no credentials", json(path, null, valid), 401, "missing_credentials"));
        cases.add(refused("revoked key", json(path, f.revokedKey(), valid), 401, "invalid_credentials"));
        cases.add(refused("GET on the funding endpoint", () -> api.get(path, key), 405, "method_not_allowed"));
        return run(cases);
    }

    // ---------------------------------------------------------------- controls and known bugs

    /**
     * Control for the chunked cases above: a chunked body under the limit is read and applied, so
     * the 413s come from the size and not from chunking.
     */
    @Test
    void a_small_chunked_deposit_without_content_length_is_applied() {
        TenantKeys t = newTenant();
        String cus = newCustomer(t.sandboxKey());
        String body = "{\"customerId\":\"" + cus + "\",\"currency\":\"USD\",\"amount\":\"7.25\"}";
        Api.Resp r = chunked("/v1/simulate/deposits", t.sandboxKey(), padded(body, 64 * 1024), Map.of());
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(walletAvailable(t.sandboxKey(), cus, "USD")).isEqualTo("7.25");
        assertLedgerBalanced();
    }

    @Test
    void an_oversized_chunked_body_with_an_idempotency_key_is_413() {
        Fixture f = fixture();
        Map<String, String> before = state();
        String body = padded(depositBody("USD", "\"10.00\""), 2 * MIB);
        Api.Resp r = chunked("/v1/simulate/deposits", f.tenant().sandboxKey(), body,
                Map.of("Idempotency-Key", "big-chunked-1"));
        assertRefused(r, new Case("chunked + Idempotency-Key", null, 413, Set.of("payload_too_large"), null));
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void a_body_that_names_the_amount_twice_is_refused() {
        Fixture f = fixture();
        Map<String, String> before = state();
        Api.Resp r = api.raw("POST", "/v1/simulate/deposits", f.tenant().sandboxKey(), "application/json",
                "{\"customerId\":\"" + f.customer() + "\",\"currency\":\"USD\",\"amount\":\"1.00\","
                        + "\"amount\":\"2.00\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(state()).isEqualTo(before);
    }

    // ---------------------------------------------------------------- raw HTTP helpers

    /** A valid JSON body grown past {@code size} bytes with insignificant whitespace. */
    private static String padded(String json, int size) {
        int pad = Math.max(0, size - json.length());
        return "{" + " ".repeat(pad) + json.substring(1);
    }

    /**
     * Sends the body with chunked transfer encoding: an input-stream publisher has no known
     * length, so the client sends no Content-Length.
     */
    private Api.Resp chunked(String path, String key, String body, Map<String, String> headers) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)));
        headers.forEach(b::header);
        HttpRequest request = b.build();
        assertThat(request.bodyPublisher().orElseThrow().contentLength()).as("no Content-Length").isNegative();
        try {
            HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            try {
                json = Api.JSON.readTree(r.body());
            } catch (RuntimeException notJson) {
                json = null;
            }
            return new Api.Resp(r.statusCode(), r, json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
