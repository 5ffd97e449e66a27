package io.emboss.cards;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Card numbers over many issued cards (BIN, length, Luhn, uniqueness, CVV2, expiry, sealed at
 * rest) and who may read them: the cards:read_sensitive permission, the audit entry, no-store
 * caching and the tighter rate limit.
 */
class CardNumbersAndDetailsApiTest extends CardTestBase {
    /** The card verification key the tests configure (PostgresSchema): CVVs are recomputed here. */
    static final byte[] TEST_CVK = HexFormat.of().parseHex("0123456789ABCDEFFEDCBA9876543210");

    @Autowired
    JdbcClient jdbc;

    @Value("${emboss.cvk}")
    String configuredCvk;

    @Test
    void two_hundred_issued_numbers_are_valid_unique_from_their_bin_with_the_right_cvv_and_expiry() {
        assertThat(HexFormat.of().parseHex(configuredCvk)).as("the test CVK").isEqualTo(TEST_CVK);
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String customer = fundedCustomer(key, "200.00");
        String visa = defaultProduct(key, "VIRTUAL"); // BIN 411111, 36 months, fee 1.00
        Map<String, Object> mc = productBody();
        mc.put("currency", "USD");
        mc.put("issuanceFee", "0");
        mc.put("bin", "52345678");
        mc.put("validityMonths", 37);
        String mastercard = createProduct(key, mc);
        Map<String, String> binOf = Map.of(visa, "411111", mastercard, "52345678");
        Map<String, Integer> validityOf = Map.of(visa, api.get("/v1/card-products/" + visa, key).data()
                .get("validityMonths").asInt(), mastercard, 37);

        Map<String, String> numbers = new LinkedHashMap<>();
        Set<String> unique = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String product = i % 2 == 0 ? visa : mastercard;
            JsonNode card = issue(key, "customerId", customer, "productId", product, "initialBalance", "0");
            String id = card.get("id").asString();
            JsonNode d = details(key, id);
            String number = d.get("number").asString();
            String where = id + " " + card.get("maskedNumber").asString();

            assertThat(number).as(where).matches("\\d{16}");
            assertThat(Luhn.valid(number)).as(where).isTrue();
            assertThat(number).as(where).startsWith(binOf.get(product));
            assertThat(unique.add(number)).as("unique " + where).isTrue();
            assertThat(card.get("network").asString()).isEqualTo(product.equals(visa) ? "VISA" : "MASTERCARD");

            assertThat(card.get("last4").asString()).isEqualTo(number.substring(12));
            assertThat(card.get("maskedNumber").asString())
                    .isEqualTo(number.substring(0, 6) + "******" + number.substring(12));

            YearMonth issued = YearMonth.from(Instant.parse(card.get("createdAt").asString()).atZone(ZoneOffset.UTC));
            YearMonth expiry = issued.plusMonths(validityOf.get(product));
            assertThat(d.get("expiryMonth").asInt()).as(where).isEqualTo(expiry.getMonthValue());
            assertThat(d.get("expiryYear").asInt()).as(where).isEqualTo(expiry.getYear());
            assertThat(card.get("expiryMonth").asInt()).isEqualTo(expiry.getMonthValue());
            assertThat(card.get("expiryYear").asInt()).isEqualTo(expiry.getYear());

            String yymm = String.format("%02d%02d", expiry.getYear() % 100, expiry.getMonthValue());
            String cvv = d.get("cvv").asString();
            assertThat(cvv).as(where).matches("\\d{3}");
            assertThat(cvv).as(where).isEqualTo(CardVerificationValue.cvv2(TEST_CVK, number, yymm));
            // a CVV is computed, never drawn: the same card shows the same CVV again
            if (i % 50 == 0) {
                assertThat(details(key, id).get("cvv").asString()).isEqualTo(cvv);
            }
            numbers.put(id, number);
        }
        assertThat(unique).hasSize(200);
        assertThat(walletAvailable(key, customer, "USD")).as("100 Visa fees of 1.00").isEqualTo("100.00");
        assertThat(allCards(key, null)).hasSize(200);
        assertLedgerBalanced();

        // no number is stored in clear: not in pan_sealed, not in any other column of any card
        List<Map<String, Object>> rows = jdbc.sql("SELECT * FROM cards WHERE tenant_id = ?").param(t.id()).query()
                .listOfRows();
        assertThat(rows).hasSize(200);
        Set<String> sealed = new HashSet<>();
        for (Map<String, Object> row : rows) {
            String id = (String) row.get("id");
            String number = numbers.get(id);
            assertThat(number).as(id).isNotNull();
            for (Map.Entry<String, Object> col : row.entrySet()) {
                String value = String.valueOf(col.getValue());
                assertThat(value).as(id + "." + col.getKey()).doesNotContain(number)
                        .doesNotContain(number.substring(6, 12)).doesNotContain(number.substring(4));
            }
            String s = (String) row.get("pan_sealed");
            assertThat(s).isNotBlank();
            assertThat(sealed.add(s)).isTrue();
            assertThat(row.get("last4")).isEqualTo(number.substring(12));
            // the fingerprint is keyed: not a plain hash anyone could brute-force from BIN + Luhn
            String fingerprint = (String) row.get("pan_fingerprint");
            assertThat(fingerprint).matches("[0-9a-f]{64}").isNotEqualTo(sha256(number));
            assertThat(row.get("bin")).isIn("411111", "52345678");
        }
        // nor anywhere else in the database a tenant's data lives
        auditWritten();
        for (String table : List.of("events", "audit_log", "idempotency_keys", "ledger_transfers")) {
            List<Map<String, Object>> all = jdbc.sql("SELECT * FROM " + table).query().listOfRows();
            for (Map<String, Object> row : all) {
                String text = row.toString();
                for (String number : numbers.values()) {
                    assertThat(text).as(table).doesNotContain(number);
                }
            }
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(
                    StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void details_need_the_read_sensitive_permission_are_audited_and_never_cached() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String keyId = apiKeyId(key);
        String customer = fundedCustomer(key, "10.00");
        String id = issue(key, "customerId", customer, "productId", defaultProduct(key, "VIRTUAL")).get("id")
                .asString();
        String path = "/v1/cards/" + id + "/details";

        // an API key holds the permission
        Api.Resp byKey = api.get(path, key);
        assertThat(byKey.status()).as(byKey.toString()).isEqualTo(200);
        assertThat(byKey.header("Cache-Control")).contains("no-store");
        List<String> fields = new ArrayList<>();
        byKey.data().propertyNames().forEach(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("number", "cvv", "expiryMonth", "expiryYear");
        String number = byKey.text("number");
        assertThat(number).matches("\\d{16}");
        // the ordinary read shows only the masked number
        Api.Resp plain = api.get("/v1/cards/" + id, key);
        assertThat(plain.raw().body()).doesNotContain(number).doesNotContain("\"cvv\"");

        // a dashboard user does not, until an API key grants it
        Api.Resp login = api.post("/v1/auth/login", null, body("email", t.email(), "password", t.password()));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        String token = login.text("accessToken");
        Api.Resp denied = api.get(path, token);
        assertThat(denied.status()).as(denied.toString()).isEqualTo(403);
        assertThat(denied.errorCode()).isEqualTo("forbidden");
        assertThat(denied.raw().body()).doesNotContain(number);
        assertThat(denied.header("Cache-Control")).contains("no-store");
        assertThat(api.get("/v1/cards/" + id, token).status()).as("the masked card is fine").isEqualTo(200);

        Api.Resp users = api.get("/v1/users", key);
        assertThat(users.status()).isEqualTo(200);
        String userId = null;
        for (JsonNode u : users.data().get("items")) {
            if (u.get("email").asString().equals(t.email())) {
                userId = u.get("id").asString();
                // the tenant's first user manages credentials; card numbers are granted explicitly
                assertThat(u.get("permissions").toString()).isEqualTo("[\"admin\"]");
            }
        }
        assertThat(userId).isNotNull();

        // a user cannot grant itself
        Api.Resp self = api.patch("/v1/users/" + userId, token, body("permissions", List.of("cards:read_sensitive")));
        assertThat(self.status()).as(self.toString()).isEqualTo(403);
        assertThat(self.errorCode()).isEqualTo("forbidden");
        assertThat(api.get(path, token).status()).isEqualTo(403);
        // nor is an unknown permission granted
        assertThat(api.patch("/v1/users/" + userId, t.liveKey(), body("permissions", List.of("cards:everything")))
                .status())
                .isEqualTo(400);

        // users' permissions hold in live too: a live credential grants them
        Api.Resp grant = api.patch("/v1/users/" + userId, t.liveKey(), body("permissions",
                List.of("cards:read_sensitive")));
        assertThat(grant.status()).as(grant.toString()).isEqualTo(200);
        assertThat(grant.data().get("permissions").get(0).asString()).isEqualTo("cards:read_sensitive");
        Api.Resp allowed = api.get(path, token);
        assertThat(allowed.status()).as(allowed.toString()).isEqualTo(200);
        assertThat(allowed.text("number")).isEqualTo(number);
        assertThat(allowed.text("cvv")).isEqualTo(byKey.text("cvv"));
        assertThat(allowed.header("Cache-Control")).contains("no-store");

        // and taking it back takes effect at once
        assertThat(api.patch("/v1/users/" + userId, t.liveKey(), body("permissions", List.of())).status())
                .isEqualTo(200);
        assertThat(api.get(path, token).status()).isEqualTo(403);

        // every read of the details is in the audit log, allowed or not
        Api.Resp audit = api.get("/v1/audit-logs?limit=100", key);
        assertThat(audit.status()).isEqualTo(200);
        List<String> reads = new ArrayList<>();
        for (JsonNode e : audit.data().get("items")) {
            if (e.get("path").asString().equals(path)) {
                assertThat(e.get("action").asString()).isEqualTo("GET");
                reads.add(e.get("actorType").asString() + ":" + e.get("actorId").asString() + ":"
                        + e.get("status").asInt());
            }
            assertThat(e.toString()).doesNotContain(number);
        }
        assertThat(reads).containsExactly("user:" + userId + ":403", "user:" + userId + ":200",
                "user:" + userId + ":403", "user:" + userId + ":403", "api_key:" + keyId + ":200");
        // ordinary reads are not audited
        for (JsonNode e : audit.data().get("items")) {
            assertThat(e.get("path").asString()).isNotEqualTo("/v1/cards/" + id);
        }
    }

    @Test
    void details_of_another_tenants_or_environments_card_are_not_found() {
        TenantKeys t = newTenant();
        String customer = fundedCustomer(t.sandboxKey(), "10.00");
        String id = issue(t.sandboxKey(), "customerId", customer, "productId", defaultProduct(t.sandboxKey(),
                "VIRTUAL")).get("id").asString();
        TenantKeys other = newTenant();
        for (String key : List.of(other.sandboxKey(), other.liveKey(), t.liveKey())) {
            Api.Resp r = api.get("/v1/cards/" + id + "/details", key);
            assertThat(r.status()).as(r.toString()).isEqualTo(404);
            assertThat(r.errorCode()).isEqualTo("resource_not_found");
            assertThat(r.raw().body()).doesNotContain("\"number\"");
        }
        Api.Resp missing = api.get("/v1/cards/card_nosuchcard/details", t.sandboxKey());
        assertThat(missing.status()).isEqualTo(404);
        assertThat(api.get("/v1/cards/" + id + "/details", null).status()).isEqualTo(401);
        assertThat(api.get("/v1/cards/" + id + "/details", "sk_test_notakey").status()).isEqualTo(401);
        assertThat(api.get("/v1/cards/" + id + "/details", ADMIN).status()).isIn(401, 403);
    }

    /** The tighter budget of details reads, set low for this context only. */
    @Nested
    @TestPropertySource(properties = "emboss.cards.details-per-hour=3")
    class TighterRateLimit extends CardTestBase {

        @Test
        void the_fourth_read_in_an_hour_is_rate_limited_while_other_calls_go_on() {
            TenantKeys t = newTenant();
            String key = t.sandboxKey();
            String customer = newApprovedCustomer(key);
            deposit(key, customer, "USD", "10.00");
            String product = defaultProduct(key, "VIRTUAL");
            Api.Resp issued = api.post("/v1/cards", key, body("customerId", customer, "productId", product));
            assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
            String id = issued.text("id");
            String path = "/v1/cards/" + id + "/details";

            for (int i = 0; i < 3; i++) {
                Api.Resp r = api.get(path, key);
                assertThat(r.status()).as("read " + (i + 1) + ": " + r).isEqualTo(200);
            }
            Api.Resp limited = api.get(path, key);
            assertThat(limited.status()).as(limited.toString()).isEqualTo(429);
            assertThat(limited.errorCode()).isEqualTo("rate_limited");
            assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 3600L);
            assertThat(limited.header("Cache-Control")).contains("no-store");
            assertThat(limited.raw().body()).doesNotContain("\"number\"");
            assertThat(limited.body().get("message").asString()).contains("3");

            // the general budget is separate: the card and everything else still answer
            assertThat(api.get("/v1/cards/" + id, key).status()).isEqualTo(200);
            assertThat(api.patch("/v1/cards/" + id, key, body("name", "still here")).status()).isEqualTo(200);
            // the budget is the tenant's, not the card's
            Api.Resp second = api.post("/v1/cards", key, body("customerId", customer, "productId", product));
            assertThat(api.get("/v1/cards/" + second.text("id") + "/details", key).status()).isEqualTo(429);
            // another tenant has its own
            TenantKeys other = newTenant();
            String theirs = newApprovedCustomer(other.sandboxKey());
            deposit(other.sandboxKey(), theirs, "USD", "10.00");
            String theirProduct = defaultProduct(other.sandboxKey(), "VIRTUAL");
            Api.Resp theirCard = api.post("/v1/cards", other.sandboxKey(), body("customerId", theirs, "productId",
                    theirProduct));
            assertThat(api.get("/v1/cards/" + theirCard.text("id") + "/details", other.sandboxKey()).status())
                    .isEqualTo(200);

            // the refused read is audited too
            boolean audited = false;
            for (JsonNode e : api.get("/v1/audit-logs?limit=100", key).data().get("items")) {
                audited |= e.get("path").asString().equals(path) && e.get("status").asInt() == 429;
            }
            assertThat(audited).isTrue();
        }
    }
}
