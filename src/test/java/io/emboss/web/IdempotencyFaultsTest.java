package io.emboss.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.authorization.AuthorizationTestBase;
import io.emboss.support.Api;
import io.emboss.support.FaultProxy;
import io.emboss.support.PostgresSchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * The idempotency contract when the database connection breaks at an exact point of a keyed
 * request: during its COMMIT after the server committed, during its COMMIT before the server saw
 * it, and while the answer is being recorded. A second Emboss instance reaches PostgreSQL through
 * a {@link FaultProxy}, which cuts one connection there; the client then retries with its key.
 * Every retry yields exactly one execution: the committed answer replayed, or a fresh run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdempotencyFaultsTest extends AuthorizationTestBase {
    // the statement that writes the answer: per request (most operations) or per money batch (these)
    private static final String COMPLETION = "SET response_status = ";

    @Autowired
    private Environment environment;

    private FaultProxy proxy;
    private ConfigurableApplicationContext faulty;
    private Api node;
    private Holder holder;
    private String card;

    @BeforeAll
    void startProxiedInstance() throws Exception {
        proxy = new FaultProxy("127.0.0.1", 5432);
        // prepareThreshold=0: every statement carries its text, so the proxy can recognise it
        String url = proxy.jdbcUrl(environment.getProperty("spring.datasource.url")) + "&prepareThreshold=0";
        faulty = PostgresSchema.secondInstance(environment, "--spring.datasource.url=" + url);
        node = new Api(Integer.parseInt(faulty.getEnvironment().getProperty("local.server.port")));
    }

    @AfterAll
    void stop() throws Exception {
        faulty.close();
        proxy.close();
    }

    @BeforeEach
    void fundedCardAndWallet() {
        holder = newHolder();
        card = fundedCard(holder, "100.00");
        deposit(holder.key(), holder.customerId(), "USD", "500.00");
    }

    @Test
    void a_top_up_committed_while_its_connection_died_is_outcome_unknown_and_its_retry_replays_it() throws Exception {
        Map<String, String> key = Map.of("Idempotency-Key", "topup-cut-after-commit");
        CountDownLatch fired = proxy.arm(COMPLETION, FaultProxy.Fault.CUT_AFTER_COMMIT);
        Api.Resp first = topUp(key);
        FaultProxy.await(fired, Duration.ofSeconds(5));
        assertOutcomeUnknown(first);

        Api.Resp retry = topUp(key);
        assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).as("the committed answer, replayed").isEqualTo("true");
        // 25.00 on the card, 25.00 + fee 0.50 + 1 % = 25.75 from the wallet: once
        assertBalance(holder.key(), card, "125.00", "0.00", "125.00");
        assertThat(walletAvailable(holder.key(), holder.customerId(), "USD")).isEqualTo("474.25");
        assertThat(topUp(key).text("id")).isEqualTo(retry.text("id"));
        assertNoKeyOpen();
        assertLedgerBalanced();
    }

    @Test
    void a_top_up_whose_commit_never_reached_the_database_runs_afresh_on_retry() throws Exception {
        Map<String, String> key = Map.of("Idempotency-Key", "topup-drop-commit");
        CountDownLatch fired = proxy.arm(COMPLETION, FaultProxy.Fault.DROP_COMMIT);
        Api.Resp first = topUp(key);
        FaultProxy.await(fired, Duration.ofSeconds(5));
        assertOutcomeUnknown(first);
        assertBalance(holder.key(), card, "100.00", "0.00", "100.00");

        Api.Resp retry = topUp(key);
        assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).as("nothing had committed: a fresh run").isNull();
        assertBalance(holder.key(), card, "125.00", "0.00", "125.00");
        assertThat(walletAvailable(holder.key(), holder.customerId(), "USD")).isEqualTo("474.25");
        Api.Resp replay = topUp(key);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.text("id")).isEqualTo(retry.text("id"));
        assertNoKeyOpen();
        assertLedgerBalanced();
    }

    @Test
    void a_connection_lost_while_the_answer_is_recorded_leaves_the_key_free_and_nothing_moved() throws Exception {
        Map<String, String> key = Map.of("Idempotency-Key", "topup-cut-completion");
        CountDownLatch fired = proxy.arm(COMPLETION, FaultProxy.Fault.CUT_AT_MARKER);
        Api.Resp first = topUp(key);
        FaultProxy.await(fired, Duration.ofSeconds(5));
        assertThat(first.status()).as(first.toString()).isEqualTo(503);
        assertThat(first.errorCode()).isEqualTo("service_unavailable");
        assertThat(first.header("Retry-After")).isNotNull();
        assertBalance(holder.key(), card, "100.00", "0.00", "100.00");
        assertNoKeyOpen();

        // at once, on either node: no "in progress" left behind by the dead connection
        Api.Resp retry = api.post("/v1/cards/" + card + "/topups", holder.key(), body("amount", "25.00"), key);
        assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isNull();
        assertBalance(holder.key(), card, "125.00", "0.00", "125.00");
        assertLedgerBalanced();
    }

    @Test
    void an_authorization_committed_while_its_connection_died_is_held_once() throws Exception {
        Map<String, String> key = Map.of("Idempotency-Key", "auth-cut-after-commit");
        Map<String, Object> purchase = body("cardId", card, "amount", "42.10", "currency", "USD", "merchant", shop());
        CountDownLatch fired = proxy.arm(COMPLETION, FaultProxy.Fault.CUT_AFTER_COMMIT);
        Api.Resp first = node.post("/v1/simulate/authorizations", holder.key(), purchase, key);
        FaultProxy.await(fired, Duration.ofSeconds(5));
        assertOutcomeUnknown(first);

        for (Api target : new Api[] {node, api}) {
            Api.Resp retry = target.post("/v1/simulate/authorizations", holder.key(), purchase, key);
            assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
            assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(retry.data().get("approved").asBoolean()).isTrue();
        }
        assertBalance(holder.key(), card, "57.90", "42.10", "100.00");
        assertNoKeyOpen();
        assertLedgerBalanced();
    }

    @Test
    void an_authorization_whose_commit_was_lost_is_held_once_by_its_retry() throws Exception {
        Map<String, String> key = Map.of("Idempotency-Key", "auth-drop-commit");
        Map<String, Object> purchase = body("cardId", card, "amount", "42.10", "currency", "USD", "merchant", shop());
        CountDownLatch fired = proxy.arm(COMPLETION, FaultProxy.Fault.DROP_COMMIT);
        Api.Resp first = node.post("/v1/simulate/authorizations", holder.key(), purchase, key);
        FaultProxy.await(fired, Duration.ofSeconds(5));
        assertOutcomeUnknown(first);
        assertBalance(holder.key(), card, "100.00", "0.00", "100.00");

        Api.Resp retry = node.post("/v1/simulate/authorizations", holder.key(), purchase, key);
        assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isNull();
        Api.Resp replay = api.post("/v1/simulate/authorizations", holder.key(), purchase, key);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.text("id")).isEqualTo(retry.text("id"));
        assertBalance(holder.key(), card, "57.90", "42.10", "100.00");
        assertNoKeyOpen();
        assertLedgerBalanced();
    }

    private Api.Resp topUp(Map<String, String> key) {
        return node.post("/v1/cards/" + card + "/topups", holder.key(), body("amount", "25.00"), key);
    }

    private static void assertOutcomeUnknown(Api.Resp r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(503);
        assertThat(r.body().get("success").asBoolean()).isFalse();
        assertThat(r.errorCode()).as(r.toString()).isEqualTo("outcome_unknown");
        assertThat(r.header("Retry-After")).isNotNull();
    }

    /** No Idempotency-Key row without its answer: nothing a retry could wait on. */
    private void assertNoKeyOpen() throws Exception {
        try (Connection c = DriverManager.getConnection(PostgresSchema.urlFor(schema), PostgresSchema.user(),
                PostgresSchema.password());
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT count(*) FROM idempotency_keys WHERE response_status IS NULL")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
    }
}
