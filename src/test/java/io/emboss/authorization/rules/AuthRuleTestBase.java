package io.emboss.authorization.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.authorization.AuthorizationTestBase;
import io.emboss.support.Api;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;

/** Helpers of the authorization-rule HTTP tests: rules, conditions, field errors, reports and 3-D Secure codes. */
abstract class AuthRuleTestBase extends AuthorizationTestBase {

    protected Api.Resp createRule(String key, Map<String, Object> rule) {
        Api.Resp r = api.post("/v1/auth-rules", key, rule);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.text("id")).startsWith("rule_");
        return r;
    }

    protected String ruleId(String key, Map<String, Object> rule) {
        return createRule(key, rule).text("id");
    }

    protected static Map<String, Object> condition(String attribute, String operation, Object value) {
        return body("attribute", attribute, "operation", operation, "value", value);
    }

    protected static Map<String, Object> block(String name, Object... conditions) {
        return body("name", name, "type", "conditional_block", "parameters",
                body("conditions", List.of(conditions)));
    }

    /** A tenant-wide conditional block on merchant category codes. */
    protected static Map<String, Object> mccBlock(String... mccs) {
        return block("Block " + String.join(",", mccs), condition("mcc", "is_one_of", List.of(mccs)));
    }

    protected static Map<String, Object> with(Map<String, Object> rule, Object... kv) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>(rule);
        copy.putAll(body(kv));
        return copy;
    }

    protected static Map<String, Object> casino() {
        return merchant("Lucky Casino", "7995", "CO");
    }

    protected static Map<String, Object> restaurant() {
        return merchant("Taco Place", "5812", "US");
    }

    /** An authorization that must be approved, at a merchant. */
    protected Api.Resp approvedAt(String key, String card, String amount, Map<String, Object> merchant) {
        Api.Resp r = authorize(key, card, amount, "USD", merchant);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.data().get("approved").asBoolean()).as(r.toString()).isTrue();
        assertThat(r.text("status")).as(r.toString()).isEqualTo("pending");
        return r;
    }

    protected Api.Resp online(String key, String card, String amount, Map<String, Object> merchant) {
        return api.post("/v1/simulate/authorizations", key, body("cardId", card, "amount", amount, "currency", "USD",
                "channel", "online", "merchant", merchant));
    }

    protected Api.Resp inPerson(String key, String card, String amount, Map<String, Object> merchant) {
        return api.post("/v1/simulate/authorizations", key, body("cardId", card, "amount", amount, "currency", "USD",
                "channel", "in_person", "merchant", merchant));
    }

    /** The transaction's declinedByRuleId (null when no rule declined it). */
    protected String declinedBy(String key, Api.Resp decision) {
        Api.Resp t = api.get("/v1/transactions/" + decision.text("transactionId"), key);
        assertThat(t.status()).as(t.toString()).isEqualTo(200);
        return t.text("declinedByRuleId");
    }

    /** Asserts a 400 whose error envelope names {@code field}. */
    protected static Api.Resp assertFieldError(Api.Resp r, String field) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.errorCode()).as(r.toString()).isEqualTo("validation_failed");
        assertThat(r.data().get("fields").has(field)).as(field + " named in " + r).isTrue();
        return r;
    }

    protected static void assertStatus(Api.Resp r, int status, String errorCode) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.errorCode()).as(r.toString()).isEqualTo(errorCode);
    }

    protected List<JsonNode> rules(String key) {
        return allPages("/v1/auth-rules", key);
    }

    protected JsonNode rule(String key, String id) {
        Api.Resp r = api.get("/v1/auth-rules/" + id, key);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.data();
    }

    protected static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    /**
     * A rule's report summed over yesterday to tomorrow (so a test that crosses UTC midnight still
     * sees every count): {@code side} is "active" or "draft"; the versions are the union.
     */
    protected Side report(String key, String ruleId, String side) {
        Api.Resp r = api.get("/v1/auth-rules/" + ruleId + "/report?from=" + today().minusDays(1) + "&to="
                + today().plusDays(1), key);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.text("ruleId")).isEqualTo(ruleId);
        assertThat(r.data().get("days").size()).as(r.toString()).isEqualTo(3);
        java.util.TreeSet<Integer> versions = new java.util.TreeSet<>();
        long evaluated = 0;
        long declined = 0;
        long wouldDecline = 0;
        long approved = 0;
        for (JsonNode d : r.data().get("days")) {
            JsonNode s = d.get(side);
            s.get("versions").forEach(v -> versions.add(v.asInt()));
            evaluated += s.get("evaluated").asLong();
            declined += s.get("declined").asLong();
            wouldDecline += s.get("wouldDecline").asLong();
            approved += s.get("approved").asLong();
        }
        return new Side(List.copyOf(versions), evaluated, declined, wouldDecline, approved);
    }

    protected record Side(List<Integer> versions, long evaluated, long declined, long wouldDecline, long approved) {
    }

    /** Polls the report (evaluations are flushed every second) until it equals what is expected. */
    protected void awaitReport(String key, String ruleId, String side, Side expected) {
        AtomicReference<Side> last = new AtomicReference<>();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        last.set(report(key, ruleId, side));
                        return last.get().equals(expected);
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            assertThat(last.get()).as(side + " side of the report of " + ruleId).isEqualTo(expected);
        }
    }

    /** Polls until the events of a type satisfy the predicate; returns them (newest first). */
    protected List<JsonNode> awaitEvents(String key, String type, Predicate<List<JsonNode>> done) {
        AtomicReference<List<JsonNode>> last = new AtomicReference<>();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        last.set(events(key, type));
                        return done.test(last.get());
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("events " + type + ": " + last.get(), e);
        }
        return last.get();
    }

    /** Answers a 3-D Secure challenge with the right code; returns the authorization it decided. */
    protected JsonNode passChallenge(String key, String card, Api.Resp challenge) {
        assertThat(challenge.status()).as(challenge.toString()).isEqualTo(201);
        assertThat(challenge.text("status")).as(challenge.toString()).isEqualTo("challenge_required");
        String otpId = challenge.text("otpId");
        Api.Resp otps = api.get("/v1/cards/" + card + "/otps", key);
        assertThat(otps.status()).as(otps.toString()).isEqualTo(200);
        String code = null;
        for (JsonNode o : otps.data().get("items")) {
            if (o.get("id").asString().equals(otpId)) {
                code = o.get("code").asString();
            }
        }
        assertThat(code).as("otp " + otpId + " in " + otps).isNotNull();
        Api.Resp verified = api.post("/v1/simulate/3ds/" + otpId + "/verify", key, body("code", code));
        assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
        return verified.data().get("authorization");
    }

    /** Another approved customer of the same tenant, with the same sandbox key. */
    protected Holder sibling(Holder h) {
        return copy(h, newApprovedCustomer(h.key()));
    }

    private static Holder copy(Holder h, String customerId) {
        try {
            var ctor = Holder.class.getDeclaredConstructor(TenantKeys.class, String.class, String.class);
            ctor.setAccessible(true);
            return ctor.newInstance(h.tenant(), h.key(), customerId);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Issues a card of a product (not the default one), with this balance from the customer's wallet. */
    protected String cardOf(Holder h, String productId, String balance) {
        deposit(h.key(), h.customerId(), "USD", balance);
        Api.Resp r = api.post("/v1/cards", h.key(), body("customerId", h.customerId(), "productId", productId,
                "initialBalance", balance));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertBalance(h.key(), r.text("id"), balance, "0.00", balance);
        return r.text("id");
    }

    /** A virtual USD product with no issuance fee. */
    protected String newProduct(String key, String name) {
        Api.Resp r = api.post("/v1/card-products", key, body("name", name, "network", "VISA", "formFactor", "VIRTUAL",
                "currency", "USD", "issuanceFee", "0.00", "topupFee", body("fixed", "0.00", "percent", "0"),
                "minTopup", "1.00", "maxBalance", "1000.00", "limits", body("perTransaction", "500.00", "daily",
                        "1000.00", "monthly", "3000.00"), "validityMonths", 36));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.text("id");
    }
}
