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
// the keep-alive test holds a settlement run on a table lock for 20 s, from a transaction it keeps
// open: longer than the bounds requests live under (EMBOSS_DB_TIMEOUT_MS, the idle-in-transaction
// timeout), which would end both early
@TestPropertySource(properties = {"emboss.topups.settle-delay=PT1S", "emboss.topups.settle-interval-ms=200",
        "emboss.db.timeout=60s", "emboss.db.idle-in-transaction-timeout=60s"})
class TopupSettlementWorkerTest extends TopupTestBase {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Autowired
    private Environment environment;

    @Autowired
    private javax.sql.DataSource dataSource;

    @Autowired
    private org.springframework.jdbc.core.simple.JdbcClient jdbc;

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

    /** The database's clock as ShedLock reads it (usingDbTime): lock_until is UTC without a zone. */
    private static final String DB_NOW = "timezone('utc', CURRENT_TIMESTAMP)";

    /** The job's lock as the shedlock table holds it, and how far ahead of the database's clock it reaches. */
    private record JobLock(Instant lockUntil, String lockedBy, Duration ahead) {
    }

    private JobLock settlementLock() {
        return jdbc.sql("SELECT lock_until, locked_by, EXTRACT(EPOCH FROM (lock_until - " + DB_NOW + ")) "
                        + "FROM shedlock WHERE name = 'topup-settlement'")
                .query((rs, n) -> new JobLock(rs.getTimestamp(1).toInstant(), rs.getString(2),
                        Duration.ofMillis((long) (rs.getDouble(3) * 1000)))).optional().orElse(null);
    }

    /**
     * A node that dies holding a job's lock stops that job everywhere until the lock lapses: so a
     * lock reaches at most ~30 s ahead and is extended while its job runs. First a real run is held up
     * (the test locks the topups table) well past a first extension: its lock stays short, moves
     * forward, and is never lost. Then a dead node's lock, as far ahead as a live one ever was, is taken
     * over within seconds of lapsing (with PT5M and no extension, 713 top-ups waited five minutes).
     */
    @Test
    void a_running_job_keeps_a_short_lock_alive_and_a_dead_nodes_lock_is_taken_over_within_seconds()
            throws Exception {
        TenantKeys t = newTenant();
        String customer = fundedCustomer(t.sandboxKey(), "100.00");
        String card = issueCard(t.sandboxKey(), "customerId", customer, "productId", asyncProduct(t.sandboxKey()));
        String held = topup(t.sandboxKey(), card, "amount", "10.00").text("id");
        Duration longest = Duration.ZERO;
        try (java.sql.Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.createStatement().execute("LOCK TABLE topups IN ACCESS EXCLUSIVE MODE");
            Instant until = Instant.now().plusSeconds(60);
            JobLock first;
            do {
                Thread.sleep(100);
                first = settlementLock();
            } while ((first == null || first.ahead().isNegative()) && Instant.now().isBefore(until));
            assertThat(first.ahead()).as("the job runs and holds its lock").isPositive();
            Instant extendedBy = Instant.now().plusSeconds(20);
            JobLock last = first;
            while (Instant.now().isBefore(extendedBy)) {
                last = settlementLock();
                longest = last.ahead().compareTo(longest) > 0 ? last.ahead() : longest;
                assertThat(last.ahead()).as("still held while the job runs").isPositive();
                assertThat(last.lockedBy()).isEqualTo(first.lockedBy());
                Thread.sleep(500);
            }
            assertThat(last.lockUntil()).as("extended while the job runs").isAfter(first.lockUntil());
            c.rollback();
        }
        assertThat(longest).as("a lock reaches at most about 30 s ahead").isLessThanOrEqualTo(Duration.ofSeconds(31));
        assertThat(text(awaitSettled(t.sandboxKey(), held), "status")).isEqualTo("completed");

        // a node died holding the lock, as far ahead as a live lock ever reached
        long aheadMs = Math.max(longest.toMillis(), 1000);
        Instant lapses = null;
        while (lapses == null) {
            lapses = jdbc.sql("UPDATE shedlock SET lock_until = " + DB_NOW + " + ? * INTERVAL '1 millisecond', "
                            + "locked_at = " + DB_NOW + ", locked_by = 'dead-node' "
                            + "WHERE name = 'topup-settlement' AND lock_until <= " + DB_NOW + " RETURNING lock_until")
                    .param(aheadMs).query((rs, n) -> rs.getTimestamp(1).toInstant()).optional().orElse(null);
        }
        String waiting = topup(t.sandboxKey(), card, "amount", "10.00").text("id");
        Instant nowDb = jdbc.sql("SELECT " + DB_NOW).query((rs, n) -> rs.getTimestamp(1).toInstant()).single();
        Thread.sleep(Math.max(0, Duration.between(nowDb, lapses).toMillis() - 3000));
        assertThat(api.get("/v1/topups/" + waiting, t.sandboxKey()).text("status")).as("the dead node's lock holds")
                .isEqualTo("pending");
        Instant takenOver = Instant.now();
        JsonNode settled = awaitSettled(t.sandboxKey(), waiting);
        assertThat(text(settled, "status")).isEqualTo("completed");
        assertThat(Duration.between(takenOver, Instant.now())).as("taken over within seconds of lapsing")
                .isLessThan(Duration.ofSeconds(10));
        assertThat(settlementLock().lockedBy()).isNotEqualTo("dead-node");
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
