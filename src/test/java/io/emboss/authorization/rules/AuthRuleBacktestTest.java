package io.emboss.authorization.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Backtests replay a rule over the recorded authorizations in time order; their counts must equal a
 * replay computed here from GET /v1/transactions.
 */
class AuthRuleBacktestTest extends AuthRuleTestBase {

    /** A dozen authorizations on two cards of one customer, some declined for want of funds. */
    private void history(Holder h, String big, String small) {
        approvedAt(h.key(), big, "12.00", shop());
        approvedAt(h.key(), big, "4.00", restaurant());
        approvedAt(h.key(), big, "30.00", casino());
        approvedAt(h.key(), small, "10.00", restaurant());
        assertDeclined(authorize(h.key(), small, "10.00", "USD", casino()), "insufficient_funds");
        approvedAt(h.key(), big, "6.00", merchant("Airline", "4511", "US"));
        assertDeclined(authorize(h.key(), small, "8.00", "USD", shop()), "insufficient_funds");
        approvedAt(h.key(), small, "3.00", shop());
        approvedAt(h.key(), small, "1.00", restaurant());
        assertDeclined(authorize(h.key(), big, "500.00", "USD", restaurant()), "insufficient_funds");
        approvedAt(h.key(), big, "2.00", casino());
        approvedAt(h.key(), small, "0.50", shop());
    }

    @Test
    void backtests_of_a_velocity_draft_and_a_block_equal_a_replay_of_the_recorded_authorizations() {
        Holder h = newHolder();
        String big = fundedCard(h, "100.00");
        String small = fundedCard(h, "15.00");
        Instant start = Instant.now().minus(Duration.ofHours(1));
        history(h, big, small);

        Api.Resp velocity = createRule(h.key(), body("name", "Two an hour", "type", "velocity_limit", "state", "draft",
                "parameters", body("window", body("seconds", 3600), "countLimit", 2, "scope", "card")));
        assertThat(velocity.text("state")).isEqualTo("draft");
        String block = ruleId(h.key(), block("Dear food and games", condition("mcc", "is_one_of",
                List.of("5812", "7995")), condition("amount", "greater_than", "3.50")));
        Instant end = Instant.now().plus(Duration.ofMinutes(1));

        List<JsonNode> auths = new ArrayList<>(allPages("/v1/transactions?type=authorization", h.key()));
        assertThat(auths).hasSize(12);
        auths.sort(Comparator.comparing((JsonNode t) -> Instant.parse(t.get("createdAt").asString()))
                .thenComparing(t -> t.get("id").asString()));

        Expected velocityExpected = replayVelocity(auths, 2);
        Expected blockExpected = replayBlock(auths, Set.of("5812", "7995"), new BigDecimal("3.50"));
        // the history was made for these: a rule that judged nothing would prove nothing
        assertThat(velocityExpected.byReason()).containsEntry("count_limit", velocityExpected.wouldDecline());
        assertThat(velocityExpected.wouldDecline()).isGreaterThanOrEqualTo(4);
        assertThat(blockExpected.wouldDecline()).isGreaterThanOrEqualTo(3);

        JsonNode v = completed(h.key(), velocity.text("id"), start, end);
        assertBacktest(v, velocityExpected, 1);
        JsonNode b = completed(h.key(), block, start, end);
        assertBacktest(b, blockExpected, 1);

        List<JsonNode> done = awaitEvents(h.key(), "auth_rule.backtest_completed", e -> e.size() >= 2);
        assertThat(done).hasSize(2);
        Map<String, JsonNode> byId = new HashMap<>();
        done.forEach(e -> byId.put(e.get("data").get("object").get("id").asString(), e.get("data").get("object")));
        assertThat(byId.keySet()).containsExactlyInAnyOrder(v.get("id").asString(), b.get("id").asString());
        assertThat(byId.get(v.get("id").asString()).get("status").asString()).isEqualTo("completed");
        assertThat(byId.get(v.get("id").asString()).get("wouldDecline").asLong())
                .isEqualTo(velocityExpected.wouldDecline());
        assertThat(byId.get(b.get("id").asString()).get("ruleId").asString()).isEqualTo(block);
        assertLedgerBalanced();
    }

    @Test
    void a_backtest_replays_the_draft_and_only_the_authorizations_in_its_period() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        approvedAt(h.key(), card, "1.00", casino());
        approvedAt(h.key(), card, "1.00", shop());
        String rule = ruleId(h.key(), mccBlock("7995"));
        Api.Resp patched = api.patch("/v1/auth-rules/" + rule, h.key(), body("parameters",
                body("conditions", List.of(condition("merchant_name", "matches", "^(Corner|Lucky) ")))));
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);

        Instant start = Instant.now().minus(Duration.ofHours(1));
        JsonNode draft = completed(h.key(), rule, start, Instant.now().plusSeconds(60));
        assertThat(draft.get("version").asInt()).isEqualTo(2);
        assertThat(draft.get("evaluated").asLong()).isEqualTo(2);
        assertThat(draft.get("wouldDecline").asLong()).isEqualTo(2);
        assertThat(draft.get("wouldApprove").asLong()).isZero();
        // a period that ended before the authorizations replays nothing
        JsonNode empty = completed(h.key(), rule, start, start.plusSeconds(60));
        assertThat(empty.get("evaluated").asLong()).isZero();
        assertThat(empty.get("wouldDecline").asLong()).isZero();
        assertThat(empty.get("byReason").size()).isZero();
        assertThat(empty.get("sampleTransactionIds").size()).isZero();
        assertLedgerBalanced();
    }

    @Test
    void a_backtest_with_bad_dates_is_400_naming_the_field() {
        Holder h = newHolder();
        String rule = ruleId(h.key(), mccBlock("7995"));
        String path = "/v1/auth-rules/" + rule + "/backtests";
        Instant now = Instant.now();
        assertFieldError(api.post(path, h.key(), body("start", now.toString(), "end", now.minusSeconds(60).toString())),
                "end");
        assertFieldError(api.post(path, h.key(), body("start", now.toString(), "end", now.toString())), "end");
        assertFieldError(api.post(path, h.key(), body("end", now.toString())), "start");
        assertFieldError(api.post(path, h.key(), body("start", now.toString())), "end");
        assertFieldError(api.post(path, h.key(), body("start", "yesterday", "end", now.toString())), "start");
        assertFieldError(api.post(path, h.key(), body("start", "2026-12-01", "end", now.toString())), "start");
        assertFieldError(api.post(path, h.key(), body("start", now.minus(Duration.ofDays(400)).toString(), "end",
                now.toString())), "end");
        assertStatus(api.get(path + "/bt_doesnotexist", h.key()), 404, "resource_not_found");
        assertStatus(api.post("/v1/auth-rules/rule_doesnotexist/backtests", h.key(),
                body("start", now.minusSeconds(60).toString(), "end", now.toString())), 404, "resource_not_found");
        assertThat(events(h.key(), "auth_rule.backtest_completed")).isEmpty();
    }

    private record Expected(long evaluated, long wouldDecline, Map<String, Long> byReason, List<String> samples) {
    }

    /** countLimit per card over the whole period (all of it lies inside the 3600-s window). */
    private static Expected replayVelocity(List<JsonNode> auths, int countLimit) {
        Map<String, Integer> counted = new HashMap<>();
        long declines = 0;
        List<String> samples = new ArrayList<>();
        for (JsonNode t : auths) {
            String card = t.get("cardId").asString();
            int used = counted.getOrDefault(card, 0);
            if (used + 1 > countLimit) {
                declines++;
                samples.add(t.get("id").asString());
            } else if (t.get("approved").asBoolean()) {
                counted.put(card, used + 1);
            }
        }
        return new Expected(auths.size(), declines, declines == 0 ? Map.of() : Map.of("count_limit", declines),
                samples.subList(0, Math.min(10, samples.size())));
    }

    private static Expected replayBlock(List<JsonNode> auths, Set<String> mccs, BigDecimal above) {
        long declines = 0;
        List<String> samples = new ArrayList<>();
        for (JsonNode t : auths) {
            if (mccs.contains(t.get("merchant").get("mcc").asString())
                    && new BigDecimal(t.get("amount").asString()).compareTo(above) > 0) {
                declines++;
                samples.add(t.get("id").asString());
            }
        }
        return new Expected(auths.size(), declines, declines == 0 ? Map.of() : Map.of("auth_rule", declines),
                samples.subList(0, Math.min(10, samples.size())));
    }

    private static void assertBacktest(JsonNode b, Expected e, int version) {
        assertThat(b.get("status").asString()).isEqualTo("completed");
        assertThat(b.get("version").asInt()).isEqualTo(version);
        assertThat(b.get("evaluated").asLong()).as(b.toString()).isEqualTo(e.evaluated());
        assertThat(b.get("wouldDecline").asLong()).as(b.toString()).isEqualTo(e.wouldDecline());
        assertThat(b.get("wouldApprove").asLong()).as(b.toString()).isEqualTo(e.evaluated() - e.wouldDecline());
        Map<String, Long> byReason = new TreeMap<>();
        b.get("byReason").properties().forEach(p -> byReason.put(p.getKey(), p.getValue().asLong()));
        assertThat(byReason).as(b.toString()).isEqualTo(new TreeMap<>(e.byReason()));
        List<String> samples = new ArrayList<>();
        b.get("sampleTransactionIds").forEach(s -> samples.add(s.asString()));
        assertThat(samples).as(b.toString()).isEqualTo(e.samples());
        assertThat(b.get("completedAt").isNull()).isFalse();
    }

    /** Starts a backtest (202, pending) and polls it until it completes. */
    private JsonNode completed(String key, String ruleId, Instant start, Instant end) {
        Api.Resp started = api.post("/v1/auth-rules/" + ruleId + "/backtests", key,
                body("start", start.toString(), "end", end.toString()));
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        assertThat(started.text("id")).startsWith("bt_");
        assertThat(started.text("status")).isEqualTo("pending");
        assertThat(started.text("ruleId")).isEqualTo(ruleId);
        String path = "/v1/auth-rules/" + ruleId + "/backtests/" + started.text("id");
        AtomicReference<JsonNode> last = new AtomicReference<>();
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Api.Resp r = api.get(path, key);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            last.set(r.data());
            return !"pending".equals(r.text("status"));
        });
        assertThat(last.get().get("status").asString()).as(last.get().toString()).isEqualTo("completed");
        return last.get();
    }
}
