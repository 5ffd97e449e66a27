package io.emboss.compat.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Seed 003's card operations at /compat/ops over HTTP on PostgreSQL: each operation in the seed's
 * shapes, checked against what the native API then shows; numeric ids; and the error cases, each
 * leaving every balance as it was.
 */
@TestPropertySource(properties = "emboss.cards.details-per-hour=6")
class OpsApiTest extends OpsTestBase {
    @Autowired
    JdbcClient jdbc;

    @Test
    void recharge_takes_amount_and_fee_from_the_merchant_account_and_the_balance_shows_it() {
        Holder h = newHolder("50.00", "10.00");
        String walletBefore = walletAvailable(h.key(), h.customerId(), "USD");

        JsonNode r = opsOk("/card/recharge", h.key(), "user_id", h.userId(), "card_id", h.cardNumberId(),
                "amount", new BigDecimal("100.0"));
        assertThat(r.get("message").asString()).isEqualTo("Card recharge request sent successfully");

        // fee 0.50 + 1 % of 100.00 = 1.50: the funding balance pays 101.50, the card gets 100.00
        assertThat(fundingAvailable(h.key(), "USD")).isEqualTo("398.50");
        assertThat(walletAvailable(h.key(), h.customerId(), "USD")).as("the wallet is not the source")
                .isEqualTo(walletBefore);
        assertThat(cardAvailable(h.key(), h.cardId())).isEqualTo("110.00");
        Api.Resp topups = api.get("/v1/cards/" + h.cardId() + "/topups", h.key());
        JsonNode topup = topups.data().get("items").get(0);
        assertThat(topup.get("source").asString()).isEqualTo("tenant");
        assertThat(topup.get("amount").asString()).isEqualTo("100.00");
        assertThat(topup.get("fee").asString()).isEqualTo("1.50");

        Api.Resp balance = ops("/card/balance", h.key(), "user_id", h.userId(), "card_id", h.cardNumberId());
        assertThat(balance.status()).as(balance.toString()).isEqualTo(200);
        assertThat(decimal(balance.body().get("balance"))).isEqualByComparingTo("110.00");
        assertThat(decimal(balance.body().get("refund_amount"))).isEqualByComparingTo("110.00");
        assertThat(balance.body().get("currency").asString()).isEqualTo("USD");
        assertThat(balance.raw().body()).as("exact numbers with the currency's decimals")
                .contains("\"balance\":110.00").contains("\"refund_amount\":110.00");

        // a decimal string and a card named without its user work too
        opsOk("/card/recharge", h.key(), "card_id", h.cardNumberId(), "amount", "10.25");
        assertThat(cardAvailable(h.key(), h.cardId())).isEqualTo("120.25");
        assertLedgerBalanced();
    }

    @Test
    void card_info_is_full_for_an_api_key_masked_for_a_user_without_the_permission_and_audited() {
        Holder h = newHolder("20.00", "5.00");
        JsonNode details = api.get("/v1/cards/" + h.cardId() + "/details", h.key()).data();
        JsonNode card = api.get("/v1/cards/" + h.cardId(), h.key()).data();
        String product = card.get("productId").asString();

        Api.Resp info = ops("/card/info", h.key(), "user_id", h.userId(), "card_id", h.cardNumberId());
        assertThat(info.status()).as(info.toString()).isEqualTo(200);
        assertThat(info.header("Cache-Control")).contains("no-store");
        JsonNode b = info.body();
        assertThat(b.get("number").asString()).isEqualTo(details.get("number").asString()).hasSize(16);
        assertThat(b.get("cvv").asString()).isEqualTo(details.get("cvv").asString()).matches("\\d{3}");
        assertThat(b.get("expiry_date").asString()).isEqualTo(String.format("%02d/%02d",
                details.get("expiryMonth").asInt(), details.get("expiryYear").asInt() % 100)).matches("\\d{2}/\\d{2}");
        assertThat(b.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(b.get("template_id").asLong()).isEqualTo(alias(h.key(), product, "template_id"));

        Api.Resp login = api.post("/v1/auth/login", null, body("email", h.tenant().email(), "password",
                h.tenant().password()));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        Api.Resp masked = ops("/card/info", login.text("accessToken"), "card_id", h.cardNumberId());
        assertThat(masked.status()).as(masked.toString()).isEqualTo(200);
        assertThat(masked.body().get("number").asString()).isEqualTo(card.get("maskedNumber").asString())
                .contains("******");
        assertThat(masked.body().get("cvv").asString()).isEqualTo("***");
        assertThat(masked.raw().body()).doesNotContain(details.get("number").asString());

        // an idempotent retry is answered again, but the number and CVV were never stored
        Map<String, String> keyed = Map.of("Idempotency-Key", "info-1");
        Api.Resp first = api.post("/compat/ops/card/info", h.key(), body("card_id", h.cardNumberId()), keyed);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.body().get("number").asString()).isEqualTo(details.get("number").asString());
        String stored = jdbc.sql("SELECT COALESCE(response_body, '') FROM idempotency_keys WHERE idem_key = 'info-1'")
                .query(String.class).single();
        assertThat(stored).doesNotContain(details.get("number").asString()).doesNotContain("\"cvv\"");

        int audited = 0;
        for (JsonNode e : api.get("/v1/audit-logs?limit=100", h.key()).data().get("items")) {
            if (e.get("path").asString().equals("/compat/ops/card/info")) {
                audited++;
                assertThat(e.toString()).doesNotContain(details.get("number").asString());
            }
        }
        assertThat(audited).as("every read is in the audit log").isEqualTo(3);
    }

    @Test
    void full_card_info_shares_the_tight_details_budget_and_answers_429_in_the_dialect() {
        Holder h = newHolder("20.00", "5.00");
        for (int i = 0; i < 6; i++) {
            assertThat(ops("/card/info", h.key(), "card_id", h.cardNumberId()).status()).isEqualTo(200);
        }
        Api.Resp limited = assertOpsError(ops("/card/info", h.key(), "card_id", h.cardNumberId()), 429,
                "rate_limited");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
        assertThat(limited.raw().body()).doesNotContainPattern("\\d{16}");
        Api.Resp nativeLimited = api.get("/v1/cards/" + h.cardId() + "/details", h.key());
        assertThat(nativeLimited.status()).as("one budget with the native details").isEqualTo(429);
        // the same rule's message; the seconds to wait are counted at each answer, and may tick between them
        assertThat(limited.body().get("message").asString().replaceAll("\\d+ s$", "N s")).as("one rule, two wires")
                .isEqualTo(nativeLimited.body().get("message").asString().replaceAll("\\d+ s$", "N s"));
    }

    /** balance and refund_amount are the native card balance's available and refundable, holds included. */
    @Test
    void balance_and_refund_amount_are_the_native_available_and_refundable() {
        Holder h = newHolder("20.00", "8.00");
        Api.Resp auth = api.post("/v1/simulate/authorizations", h.key(), body("cardId", h.cardId(), "amount",
                "3.00", "currency", "USD", "merchant", body("name", "Corner Shop", "mcc", "5411", "country", "US")));
        assertThat(auth.status()).as(auth.toString()).isEqualTo(201);
        JsonNode nativeBalance = api.get("/v1/cards/" + h.cardId() + "/balance", h.key()).data();
        assertThat(nativeBalance.get("pending").asString()).as("a hold").isEqualTo("3.00");
        JsonNode ops = opsOk("/card/balance", h.key(), "card_id", h.cardNumberId());
        assertThat(decimal(ops.get("balance"))).isEqualByComparingTo(nativeBalance.get("available").asString())
                .isEqualByComparingTo("5.00");
        assertThat(decimal(ops.get("refund_amount"))).isEqualByComparingTo(nativeBalance.get("refundable")
                .asString()).isEqualByComparingTo("5.00");
    }

    @Test
    void past_the_tenants_hourly_budget_every_operation_is_429_in_the_dialect_and_changes_nothing() {
        Holder h = newHolder("20.00", "5.00");
        Map<String, String> before = balances(h);
        Api.Resp limit = api.patch("/v1/platform/tenants/" + h.tenant().id(), ADMIN, body("rateLimitPerHour", 2));
        assertThat(limit.status()).as(limit.toString()).isEqualTo(200);
        Api.Resp limited = null;
        for (int i = 0; i < 6 && limited == null; i++) {
            Api.Resp r = ops("/card/recharge", h.key(), "card_id", h.cardNumberId(), "amount", 5);
            if (r.status() == 429) {
                limited = r;
            } else {
                assertOpsError(r, 409, "below_min_topup");
            }
        }
        assertThat(limited).as("a 429 once the budget is spent").isNotNull();
        assertOpsError(limited, 429, "rate_limited");
        assertThat(limited.header("X-RateLimit-Limit")).isEqualTo("2");
        assertThat(limited.header("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
        api.patch("/v1/platform/tenants/" + h.tenant().id(), ADMIN, body("rateLimitPerHour", 1000));
        assertThat(balances(h)).isEqualTo(before);
    }

    @Test
    void lock_unlock_and_close_change_the_native_card_and_close_refunds_the_balance() {
        Holder h = newHolder("30.00", "12.00");
        String walletBefore = walletAvailable(h.key(), h.customerId(), "USD");

        assertThat(opsOk("/card/status", h.key(), "user_id", h.userId(), "card_id", h.cardNumberId(), "alter", "LOCK")
                .get("message").asString()).isEqualTo("Operation requested");
        assertThat(api.get("/v1/cards/" + h.cardId(), h.key()).text("status")).isEqualTo("frozen");
        assertThat(opsOk("/card/info", h.key(), "card_id", h.cardNumberId()).get("status").asString())
                .isEqualTo("LOCKED");
        assertOpsError(ops("/card/recharge", h.key(), "card_id", h.cardNumberId(), "amount", 20), 409,
                "invalid_state");
        opsOk("/card/status", h.key(), "card_id", h.cardNumberId(), "alter", "LOCK");
        assertThat(api.get("/v1/cards/" + h.cardId(), h.key()).text("status")).as("locking twice is harmless")
                .isEqualTo("frozen");

        opsOk("/card/status", h.key(), "card_id", h.cardNumberId(), "alter", "UNLOCK");
        assertThat(api.get("/v1/cards/" + h.cardId(), h.key()).text("status")).isEqualTo("active");

        opsOk("/card/status", h.key(), "card_id", h.cardNumberId(), "alter", "CLOSE");
        JsonNode closed = api.get("/v1/cards/" + h.cardId(), h.key()).data();
        assertThat(closed.get("status").asString()).isEqualTo("closed");
        assertThat(closed.get("refundAmount").asString()).isEqualTo("12.00");
        assertThat(new BigDecimal(walletAvailable(h.key(), h.customerId(), "USD")))
                .isEqualByComparingTo(new BigDecimal(walletBefore).add(new BigDecimal("12.00")));
        JsonNode balance = opsOk("/card/balance", h.key(), "card_id", h.cardNumberId());
        assertThat(decimal(balance.get("balance"))).isEqualByComparingTo("0");
        assertThat(decimal(balance.get("refund_amount"))).isEqualByComparingTo("0");
        assertThat(opsOk("/card/info", h.key(), "card_id", h.cardNumberId()).get("status").asString())
                .isEqualTo("CLOSED");

        Map<String, String> before = balances(h);
        assertOpsError(ops("/card/status", h.key(), "card_id", h.cardNumberId(), "alter", "UNLOCK"), 409,
                "invalid_state");
        assertOpsError(ops("/card/status", h.key(), "card_id", h.cardNumberId(), "alter", "CLOSE"), 409,
                "invalid_state");
        assertOpsError(ops("/card/recharge", h.key(), "card_id", h.cardNumberId(), "amount", 20), 409,
                "invalid_state");
        assertThat(balances(h)).isEqualTo(before);
        assertOpsError(ops("/card/status", h.key(), "card_id", h.cardNumberId(), "alter", "FREEZE"), 400,
                "validation_failed");
        assertLedgerBalanced();
    }

    @Test
    void pin_change_sets_the_native_pin_and_refuses_weak_or_numeric_pins_without_echoing_them() {
        Holder h = newHolder("20.00", "5.00");
        assertThat(opsOk("/card/pin", h.key(), "user_id", h.userId(), "card_id", h.cardNumberId(), "pin", "4826")
                .get("message").asString()).isEqualTo("PIN set successfully");
        assertThat(api.get("/v1/cards/" + h.cardId(), h.key()).data().get("pinSet").asBoolean()).isTrue();
        assertThat(events(h.key(), "card.pin_changed")).hasSize(1);

        Api.Resp weak = assertOpsError(ops("/card/pin", h.key(), "card_id", h.cardNumberId(), "pin", "1111"), 400,
                "validation_failed");
        assertThat(weak.body().get("fields").has("pin")).isTrue();
        Api.Resp numeric = assertOpsError(ops("/card/pin", h.key(), "card_id", h.cardNumberId(), "pin", 48261),
                400, "validation_failed");
        assertThat(numeric.raw().body()).doesNotContain("48261");
        assertOpsError(ops("/card/pin", h.key(), "card_id", h.cardNumberId(), "pin", "12"), 400, "validation_failed");
        assertThat(events(h.key(), "card.pin_changed")).as("refused PINs change nothing").hasSize(1);
    }

    @Test
    void transaction_history_pages_with_skip_limit_and_total_and_filters_in_the_seed_vocabulary() {
        // no initial balance: its load would be one more RECHARGE in every count below (issue 12 item 12c)
        Holder h = newHolder("100.00", "0.00");
        opsOk("/card/recharge", h.key(), "card_id", h.cardNumberId(), "amount", 15);
        opsOk("/card/recharge", h.key(), "card_id", h.cardNumberId(), "amount", 25);
        for (String merchant : List.of("Corner Shop", "Book Store")) {
            Api.Resp auth = api.post("/v1/simulate/authorizations", h.key(), body("cardId", h.cardId(), "amount",
                    "3.00", "currency", "USD", "merchant", body("name", merchant, "mcc", "5411", "country", "US",
                            "city", "Bogota")));
            assertThat(auth.status()).as(auth.toString()).isEqualTo(201);
        }
        List<JsonNode> native_ = allPages("/v1/transactions?cardId=" + h.cardId(), h.key());
        assertThat(native_).hasSize(4);

        JsonNode all = opsOk("/card/transactions", h.key(), "user_id", h.userId(), "card_id", h.cardNumberId(),
                "skip", 0, "limit", 10);
        assertThat(all.get("total").asLong()).isEqualTo(4);
        assertThat(all.get("data")).hasSize(4);
        JsonNode newest = all.get("data").get(0);
        assertThat(newest.get("card_id").asLong()).isEqualTo(h.cardNumberId());
        assertThat(newest.get("type").asString()).isEqualTo("AUTHORIZATION");
        assertThat(newest.get("status").asString()).isEqualTo("PENDING");
        assertThat(newest.get("merchant_name").asString()).isEqualTo("Book Store");
        assertThat(decimal(newest.get("amount"))).isEqualByComparingTo("3.00");
        assertThat(newest.get("currency").asString()).isEqualTo("USD");
        assertThat(newest.get("created_at").asString()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
        JsonNode recharge = all.get("data").get(2);
        assertThat(recharge.get("type").asString()).isEqualTo("RECHARGE");
        assertThat(recharge.get("status").asString()).isEqualTo("SUCCESS");
        assertThat(recharge.get("merchant_name").asString()).isEqualTo("RECHARGE");
        assertThat(decimal(recharge.get("amount"))).isEqualByComparingTo("25.00");
        Set<Long> ids = new HashSet<>();
        all.get("data").forEach(t -> ids.add(t.get("id").asLong()));
        assertThat(ids).as("distinct numeric ids").hasSize(4);

        JsonNode page = opsOk("/card/transactions", h.key(), "card_id", h.cardNumberId(), "skip", 1, "limit", 2);
        assertThat(page.get("total").asLong()).isEqualTo(4);
        assertThat(page.get("data")).hasSize(2);
        assertThat(page.get("data").get(0)).as("the same ids on every read").isEqualTo(all.get("data").get(1));
        assertThat(page.get("data").get(1)).isEqualTo(all.get("data").get(2));

        JsonNode succeeded = opsOk("/card/transactions", h.key(), "card_id", h.cardNumberId(), "status", "SUCCESS");
        assertThat(succeeded.get("total").asLong()).isEqualTo(2);
        succeeded.get("data").forEach(t -> assertThat(t.get("type").asString()).isEqualTo("RECHARGE"));
        assertThat(opsOk("/card/transactions", h.key(), "card_id", h.cardNumberId(), "type", "RECHARGE")
                .get("total").asLong()).isEqualTo(2);
        JsonNode search = opsOk("/card/transactions", h.key(), "card_id", h.cardNumberId(), "search", "book");
        assertThat(search.get("total").asLong()).isEqualTo(1);
        assertThat(search.get("data").get(0).get("merchant_name").asString()).isEqualTo("Book Store");

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
        String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
        assertThat(opsOk("/card/transactions", h.key(), "card_id", h.cardNumberId(), "start_date", today,
                "end_date", today).get("total").asLong()).isEqualTo(4);
        assertThat(opsOk("/card/transactions", h.key(), "card_id", h.cardNumberId(), "start_date", tomorrow)
                .get("total").asLong()).isZero();
        assertThat(opsOk("/card/transactions", h.key(), "card_id", h.cardNumberId(), "end_date", yesterday)
                .get("total").asLong()).isZero();
        assertThat(opsOk("/card/transactions", h.key(), "start_date", System.currentTimeMillis() - 3_600_000L)
                .get("total").asLong()).isEqualTo(4);

        // user_id alone: every card of that user; another user's transactions are not in it
        String otherCard = issueCard(h.key(), "productId", product(h.key(), "Virtual USD Visa"));
        opsOk("/card/recharge", h.key(), "card_id", alias(h.key(), otherCard, "card_id"), "amount", 11);
        assertThat(opsOk("/card/transactions", h.key(), "user_id", h.userId()).get("total").asLong()).isEqualTo(4);
        assertThat(opsOk("/card/transactions", h.key()).get("total").asLong()).as("the whole tenant").isEqualTo(5);

        assertOpsError(ops("/card/transactions", h.key(), "status", "DONE"), 400, "validation_failed");
        assertOpsError(ops("/card/transactions", h.key(), "type", "PURCHASE"), 400, "validation_failed");
        assertOpsError(ops("/card/transactions", h.key(), "limit", 0), 400, "validation_failed");
        assertOpsError(ops("/card/transactions", h.key(), "limit", 101), 400, "validation_failed");
        assertOpsError(ops("/card/transactions", h.key(), "skip", -1), 400, "validation_failed");
        assertOpsError(ops("/card/transactions", h.key(), "start_date", "yesterday"), 400, "validation_failed");
        // dates PostgreSQL cannot hold are the dialect's 400, not a 500
        for (Object date : List.of(Long.MAX_VALUE, "+300000-01-01", "+300000-01-01T00:00:00Z", "1969-12-31",
                -1)) {
            assertOpsError(ops("/card/transactions", h.key(), "end_date", date), 400, "validation_failed");
            assertOpsError(ops("/card/transactions", h.key(), "start_date", date), 400, "validation_failed");
        }
        assertThat(opsOk("/card/transactions", h.key(), "start_date", "1970-01-01", "end_date", "9999-12-31")
                .get("total").asLong()).isEqualTo(5);
        assertOpsError(ops("/card/transactions", h.key(), "user_id", 999_999), 404, "resource_not_found");
    }

    /**
     * created_at is shown to the second; a start_date or end_date equal to a shown time covers that
     * whole second, so it keeps the row (compared at sub-second precision, an end_date copied from
     * created_at dropped the row it was copied from).
     */
    @Test
    void history_date_bounds_cover_the_whole_second_that_created_at_shows() {
        Holder h = newHolder("100.00", "0.00");
        opsOk("/card/recharge", h.key(), "card_id", h.cardNumberId(), "amount", 15);
        String shown = opsOk("/card/transactions", h.key(), "card_id", h.cardNumberId()).get("data").get(0)
                .get("created_at").asString();
        java.time.Instant second = java.time.Instant.parse(shown);
        String next = second.plusSeconds(1).toString();
        String previous = second.minusSeconds(1).toString();
        long millis = second.toEpochMilli();
        for (Object[] bounds : List.<Object[]>of(new Object[] {"end_date", shown}, new Object[] {"start_date", shown},
                new Object[] {"end_date", millis}, new Object[] {"start_date", millis},
                new Object[] {"end_date", shown.replace("Z", "+00:00")})) {
            assertThat(opsOk("/card/transactions", h.key(), "card_id", h.cardNumberId(), bounds[0], bounds[1])
                    .get("total").asLong()).as(bounds[0] + " = " + bounds[1]).isEqualTo(1);
        }
        assertThat(opsOk("/card/transactions", h.key(), "card_id", h.cardNumberId(), "start_date", shown,
                "end_date", shown).get("total").asLong()).isEqualTo(1);
        assertThat(opsOk("/card/transactions", h.key(), "card_id", h.cardNumberId(), "start_date", next)
                .get("total").asLong()).isZero();
        assertThat(opsOk("/card/transactions", h.key(), "card_id", h.cardNumberId(), "end_date", previous)
                .get("total").asLong()).isZero();
        assertThat(opsOk("/card/transactions", h.key(), "card_id", h.cardNumberId(), "end_date", millis - 1)
                .get("total").asLong()).as("the millisecond before the shown second").isZero();
    }

    /**
     * A simulated authorization on an unknown card id is recorded as a declined transaction with no
     * card. The history then shows it with {@code card_id: null} (once it failed with a 500 for the
     * whole tenant, for good: a null card id was given a numeric alias), and every native reader
     * shows it with {@code cardId: null}.
     */
    @Test
    void a_decline_without_a_card_shows_in_every_history_with_no_card_and_breaks_none() {
        Holder h = newHolder("40.00", "10.00");
        opsOk("/card/recharge", h.key(), "card_id", h.cardNumberId(), "amount", 15);
        long cardRows = opsOk("/card/transactions", h.key()).get("total").asLong();
        Map<String, String> before = balances(h);
        Api.Resp declined = api.post("/v1/simulate/authorizations", h.key(), body("cardId", "card_doesnotexist",
                "amount", "5.00", "currency", "USD", "merchant", body("name", "Ghost Shop", "mcc", "5411",
                        "country", "US", "city", "Bogota")));
        assertThat(declined.status()).as(declined.toString()).isEqualTo(201);
        assertThat(declined.data().get("approved").asBoolean()).isFalse();
        String txn = declined.text("transactionId");

        for (int read = 0; read < 2; read++) {
            JsonNode all = opsOk("/card/transactions", h.key());
            assertThat(all.get("total").asLong()).as(all.toString()).isEqualTo(cardRows + 1);
            JsonNode ghost = all.get("data").get(0);
            assertThat(ghost.get("card_id").isNull()).as(ghost.toString()).isTrue();
            assertThat(ghost.get("id").isIntegralNumber()).isTrue();
            assertThat(ghost.get("status").asString()).isEqualTo("FAILED");
            assertThat(ghost.get("merchant_name").asString()).isEqualTo("Ghost Shop");
            assertThat(all.get("data").get(1).get("card_id").asLong()).isEqualTo(h.cardNumberId());
        }
        assertThat(opsOk("/card/transactions", h.key(), "status", "FAILED", "search", "ghost").get("total")
                .asLong()).isEqualTo(1);
        assertThat(opsOk("/card/transactions", h.key(), "card_id", h.cardNumberId()).get("total").asLong())
                .as("a card's history has no card-less row").isEqualTo(cardRows);

        JsonNode listed = allPages("/v1/transactions", h.key()).get(0);
        assertThat(listed.get("id").asString()).isEqualTo(txn);
        assertThat(listed.get("cardId").isNull()).isTrue();
        Api.Resp one = api.get("/v1/transactions/" + txn, h.key());
        assertThat(one.status()).as(one.toString()).isEqualTo(200);
        assertThat(one.data().get("cardId").isNull()).isTrue();
        assertThat(allPages("/v1/transactions?status=declined&search=ghost", h.key())).hasSize(1);
        JsonNode event = events(h.key(), "authorization.declined").get(0);
        assertThat(event.get("data").get("object").get("cardId").isNull()).as(event.toString()).isTrue();
        assertThat(balances(h)).isEqualTo(before);
        assertLedgerBalanced();
    }

    @Test
    void rejected_requests_answer_400_401_404_409_in_the_dialect_and_leave_every_balance_unchanged() {
        Holder h = newHolder("40.00", "10.00");
        Holder other = newHolder("40.00", "10.00");
        fundTenant(h.key(), "USD", "10000.00");
        Map<String, String> before = balances(h);
        Map<String, String> otherBefore = balances(other);

        // 401/403: answered by the native security chain, in the dialect's shape
        assertOpsError(ops("/card/recharge", null, "card_id", h.cardNumberId(), "amount", 20), 401,
                "missing_credentials");
        assertOpsError(ops("/card/recharge", "sk_test_wrong", "card_id", h.cardNumberId(), "amount", 20), 401,
                "invalid_credentials");
        assertOpsError(ops("/card/balance", ADMIN, "card_id", h.cardNumberId()), 403, "forbidden");

        // 400: missing or malformed input, with the fields named
        Api.Resp missing = assertOpsError(ops("/card/recharge", h.key(), "user_id", h.userId()), 400,
                "validation_failed");
        assertThat(missing.body().get("fields").has("card_id")).isTrue();
        for (Object amount : new Object[] {"abc", -5, 0, "10.001", true}) {
            Api.Resp r = assertOpsError(ops("/card/recharge", h.key(), "card_id", h.cardNumberId(), "amount", amount),
                    400, "validation_failed");
            assertThat(r.body().get("fields").has("amount")).as(r.toString()).isTrue();
        }
        assertOpsError(ops("/card/recharge", h.key(), "card_id", h.cardNumberId()), 400, "validation_failed");
        assertOpsError(ops("/card/balance", h.key(), "card_id", "abc"), 400, "validation_failed");
        assertOpsError(ops("/card/balance", h.key(), "card_id", -3), 400, "validation_failed");
        assertOpsError(ops("/card/balance", h.key(), "card_id", 1.5), 400, "validation_failed");
        assertOpsError(api.raw("POST", "/compat/ops/card/recharge", h.key(), "application/json", "{\"card_id\":"),
                400, "malformed_json");
        assertOpsError(api.raw("POST", "/compat/ops/card/recharge", h.key(), "application/json", null), 400,
                "malformed_json");
        Api.Resp unknownField = assertOpsError(ops("/card/balance", h.key(), "card_id", h.cardNumberId(), "cardNo",
                1), 400, "validation_failed");
        assertThat(unknownField.body().get("fields").has("cardNo")).isTrue();

        // 404: an unknown number, another tenant's card, a user that is not the card's, a user number as card_id
        assertOpsError(ops("/card/recharge", h.key(), "card_id", 987_654_321L, "amount", 20), 404,
                "resource_not_found");
        assertOpsError(ops("/card/recharge", h.key(), "card_id", other.cardNumberId(), "amount", 20), 404,
                "resource_not_found");
        assertOpsError(ops("/card/info", h.key(), "card_id", other.cardNumberId()), 404, "resource_not_found");
        assertOpsError(ops("/card/status", h.key(), "card_id", other.cardNumberId(), "alter", "CLOSE"), 404,
                "resource_not_found");
        assertOpsError(ops("/card/recharge", h.key(), "user_id", other.userId(), "card_id", h.cardNumberId(),
                "amount", 20), 404, "resource_not_found");
        assertOpsError(ops("/card/recharge", h.key(), "card_id", h.userId(), "amount", 20), 404,
                "resource_not_found");
        assertOpsError(ops("/card/balance", h.tenant().liveKey(), "card_id", h.cardNumberId()), 404,
                "resource_not_found");
        assertOpsError(ops("/ids", h.key(), "ids", List.of(other.cardId())), 404, "resource_not_found");
        assertOpsError(ops("/nowhere", h.key()), 404, "route_not_found");
        assertOpsError(api.get("/compat/ops/card/balance", h.key()), 405, "method_not_allowed");

        // 409: below the template's minimum, over its maximum balance (10 000.00), more than the merchant
        // account holds (10 500.00)
        assertOpsError(ops("/card/recharge", h.key(), "card_id", h.cardNumberId(), "amount", 9.99), 409,
                "below_min_topup");
        assertOpsError(ops("/card/recharge", h.key(), "card_id", h.cardNumberId(), "amount", 9995), 409,
                "exceeds_max_balance");
        assertOpsError(ops("/card/recharge", h.key(), "card_id", h.cardNumberId(), "amount", 10450), 409,
                "insufficient_funds");

        assertThat(balances(h)).isEqualTo(before);
        assertThat(balances(other)).isEqualTo(otherBefore);
        assertThat(api.get("/v1/cards/" + other.cardId(), other.key()).text("status")).isEqualTo("active");
        assertThat(api.get("/v1/cards/" + h.cardId() + "/topups", h.key()).data().get("items")).isEmpty();
        assertLedgerBalanced();
    }

    @Test
    void numeric_ids_are_stable_distinct_per_tenant_and_assigned_once_under_concurrency() throws Exception {
        Holder h = newHolder("20.00", "5.00");
        assertThat(alias(h.key(), h.cardId(), "card_id")).isEqualTo(h.cardNumberId());
        assertThat(alias(h.key(), h.customerId(), "user_id")).isEqualTo(h.userId());
        assertThat(h.userId()).isNotEqualTo(h.cardNumberId());

        List<String> cards = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            cards.add(issueCard(h.key(), "productId", product(h.key(), "Virtual USD Visa")));
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String card = cards.get(i % cards.size());
                Callable<Long> call = () -> alias(h.key(), card, "card_id");
                results.add(pool.submit(call));
            }
            Map<String, Long> seen = new java.util.HashMap<>();
            for (int i = 0; i < results.size(); i++) {
                long alias = results.get(i).get();
                Long earlier = seen.putIfAbsent(cards.get(i % cards.size()), alias);
                assertThat(earlier == null || earlier == alias).as("one alias per card").isTrue();
            }
            assertThat(new HashSet<>(seen.values())).as("no two cards share a number").hasSize(6)
                    .doesNotContain(h.userId(), h.cardNumberId());
        } finally {
            pool.shutdownNow();
        }

        Api.Resp several = ops("/ids", h.key(), "ids", List.of(h.customerId(), h.cardId()));
        assertThat(several.body().get("data").get(0).get("user_id").asLong()).isEqualTo(h.userId());
        assertThat(several.body().get("data").get(1).get("card_id").asLong()).isEqualTo(h.cardNumberId());
        assertOpsError(ops("/ids", h.key(), "ids", List.of("txn_abc")), 400, "validation_failed");
        assertOpsError(ops("/ids", h.key(), "ids", List.of()), 400, "validation_failed");
    }
}
