package io.emboss.topups;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import io.emboss.support.PostgresSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The settlement worker: an asynchronous top-up nobody settles by hand succeeds by itself once
 * {@code emboss.topups.settle-delay} has passed; with two instances running, each settles once.
 */
@TestPropertySource(properties = {"emboss.topups.settle-delay=PT1S", "emboss.topups.settle-interval-ms=200"})
class TopupSettlementWorkerTest extends TopupTestBase {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Autowired
    private Environment environment;

    private String asyncProduct(String key) {
        Map<String, Object> body = productBody("0.50", "1");
        body.put("settlementMode", "async");
        return createProduct(key, body);
    }

    /** Polls a top-up until it is no longer pending (or the deadline passes) and returns it. */
    private JsonNode awaitSettled(String key, String topupId) throws InterruptedException {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (true) {
            Api.Resp r = api.get("/v1/topups/" + topupId, key);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            if (!"pending".equals(r.text("status")) || Instant.now().isAfter(deadline)) {
                return r.data();
            }
            Thread.sleep(100);
        }
    }

    @Test
    void a_pending_topup_settles_by_itself_after_the_delay() throws InterruptedException {
        TenantKeys t = newTenant();
        String customer = fundedCustomer(t.sandboxKey(), "100.00");
        String card = issueCard(t.sandboxKey(), "customerId", customer, "productId", asyncProduct(t.sandboxKey()));
        Api.Resp r = topup(t.sandboxKey(), card, "amount", "40.00");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.text("status")).isEqualTo("pending");

        JsonNode settled = awaitSettled(t.sandboxKey(), r.text("id"));
        assertThat(text(settled, "status")).isEqualTo("completed");
        assertThat(text(settled, "completedAt")).isNotNull();
        assertThat(text(settled, "amount")).isEqualTo("40.00");
        assertThat(text(settled, "fee")).isEqualTo("0.90");
        assertThat(cardAvailable(t.sandboxKey(), card)).isEqualTo("40.00");
        assertThat(walletAvailable(t.sandboxKey(), customer, "USD")).isEqualTo("59.10");
        assertThat(walletPending(t.sandboxKey(), customer, "USD")).isEqualTo("0.00");
        List<JsonNode> events = eventObjects(t.sandboxKey(), "topup.succeeded", r.text("id"));
        assertThat(events).hasSize(1);
        assertThat(text(events.get(0), "balanceAfter")).isEqualTo("40.00");
        // the worker's settlement is final: the simulator cannot settle it again
        assertThat(api.post("/v1/simulate/topups/" + r.text("id"), t.sandboxKey(), body("result", "failed")).status())
                .isEqualTo(409);
        assertLedgerBalanced();
    }

    @Test
    void two_instances_settle_every_pending_topup_exactly_once() throws InterruptedException {
        TenantKeys t = newTenant();
        String customer = fundedCustomer(t.sandboxKey(), "1000.00");
        String card = issueCard(t.sandboxKey(), "customerId", customer, "productId", asyncProduct(t.sandboxKey()));
        try (ConfigurableApplicationContext second = PostgresSchema.secondInstance(environment,
                "--emboss.topups.settle-delay=PT1S", "--emboss.topups.settle-interval-ms=200")) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Api.Resp r = topup(t.sandboxKey(), card, "amount", "10.00");
                assertThat(r.status()).as(r.toString()).isEqualTo(201);
                ids.add(r.text("id"));
            }
            for (String id : ids) {
                assertThat(text(awaitSettled(t.sandboxKey(), id), "status")).as(id).isEqualTo("completed");
            }
        }
        // 20 × (10.00 + 0.60)
        assertThat(cardAvailable(t.sandboxKey(), card)).isEqualTo("200.00");
        assertThat(walletAvailable(t.sandboxKey(), customer, "USD")).isEqualTo("788.00");
        assertThat(walletPending(t.sandboxKey(), customer, "USD")).isEqualTo("0.00");
        List<JsonNode> succeeded = new ArrayList<>();
        for (JsonNode e : events(t.sandboxKey(), "topup.succeeded")) {
            if (card.equals(text(e.get("data").get("object"), "cardId"))) {
                succeeded.add(e);
            }
        }
        assertThat(succeeded).hasSize(20);
        assertThat(succeeded.stream().map(e -> text(e.get("data").get("object"), "id")).distinct()).hasSize(20);
        // each settlement saw the card's posted balance rise by exactly its amount, one after another
        List<String> afters = succeeded.stream().map(e -> text(e.get("data").get("object"), "balanceAfter"))
                .sorted(java.util.Comparator.comparing(java.math.BigDecimal::new)).toList();
        for (int i = 0; i < afters.size(); i++) {
            assertThat(afters.get(i)).isEqualTo(usd(dec("10.00").multiply(java.math.BigDecimal.valueOf(i + 1))));
        }
        assertLedgerBalanced();
    }
}
