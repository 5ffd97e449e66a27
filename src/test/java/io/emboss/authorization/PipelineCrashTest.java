package io.emboss.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import io.emboss.support.EmbossProcess;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;

/**
 * kill -9 of a node while 16 clients authorize through its money pipeline: half of them with an
 * Idempotency-Key, half without. Afterwards, on another node of the same database: every approval
 * a client was told of is held; every keyed request retried returns what committed (replayed) or
 * runs afresh, exactly once per key; the ledger balances.
 */
class PipelineCrashTest extends AuthorizationTestBase {
    private static final int CLIENTS = 16;

    @Autowired
    private Environment environment;

    private record Sent(String card, String key, String body, int status, String authorizationId) {
    }

    @Test
    void answered_approvals_survive_a_kill_and_keyed_retries_run_once() throws Exception {
        Holder h = newHolder();
        // the default budget (1,000 an hour) runs out in a few seconds of 16 clients, and a 429 is no replay
        Api.Resp raised = api.patch("/v1/platform/tenants/" + h.tenant().id(), ADMIN,
                body("rateLimitPerHour", 1_000_000));
        assertThat(raised.status()).as(raised.toString()).isEqualTo(200);
        List<String> cards = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            String card = fundedCard(h, "1000.00");
            setLimits(h.key(), card, "10.00", "1000.00", "1000.00"); // the whole balance may be spent today
            cards.add(card);
        }
        ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try (EmbossProcess doomed = EmbossProcess.start(environment)) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            for (int c = 0; c < CLIENTS; c++) {
                String card = cards.get(c);
                boolean keyed = c % 2 == 0;
                clients.submit(() -> {
                    for (int n = 0; !stop.get(); n++) {
                        String key = keyed ? card + "-" + n : null;
                        String body = Api.JSON.writeValueAsString(body("cardId", card, "amount", "1.00", "currency",
                                "USD", "merchant", shop()));
                        sent.add(send(http, doomed.port(), h.key(), key, body, card));
                    }
                    return null;
                });
            }
            Thread.sleep(4000);
            doomed.kill();
            stop.set(true);
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(sent.stream().filter(s -> s.status() == 201).count()).as("the node answered before it died")
                .isGreaterThan(0);
        for (Sent s : sent) {
            if (s.status() == 201) {
                Api.Resp held = api.get("/v1/authorizations/" + s.authorizationId(), h.key());
                assertThat(held.status()).as("an answered approval is kept: " + held).isEqualTo(200);
                assertThat(held.text("status")).isEqualTo("pending");
            }
            if (s.key() != null) {
                retryOnce(h.key(), s);
            }
        }
        for (int c = 0; c < CLIENTS; c++) {
            String card = cards.get(c);
            long answered = sent.stream().filter(s -> s.card().equals(card) && s.status() == 201).count();
            long keys = sent.stream().filter(s -> s.card().equals(card)).count();
            BigDecimal pending = new BigDecimal(balance(h.key(), card).get("pending").asString());
            if (c % 2 == 0) {
                assertThat(pending).as("keyed card: every key held exactly once").isEqualByComparingTo(
                        BigDecimal.valueOf(keys));
            } else {
                assertThat(pending.longValue()).as("unkeyed card: at least every answered approval")
                        .isBetween(answered, keys);
            }
        }
        assertLedgerBalanced();
    }

    /** The retry returns the committed answer (replayed) or runs afresh; a replay of it agrees. */
    private void retryOnce(String apiKey, Sent s) {
        Api.Resp retry = api.post("/v1/simulate/authorizations", apiKey, s.body(), Map.of("Idempotency-Key", s.key()));
        assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
        assertThat(retry.data().get("approved").asBoolean()).as(retry.toString()).isTrue();
        if (s.status() == 201) {
            assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(retry.text("id")).isEqualTo(s.authorizationId());
        }
        Api.Resp replay = api.post("/v1/simulate/authorizations", apiKey, s.body(), Map.of("Idempotency-Key", s.key()));
        assertThat(replay.status()).as(replay.toString()).isEqualTo(201);
        assertThat(replay.header("Idempotent-Replayed")).as(replay.toString()).isEqualTo("true");
        assertThat(replay.text("id")).isEqualTo(retry.text("id"));
    }

    private static Sent send(HttpClient http, int port, String apiKey, String key, String body, String card) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/v1/simulate/authorizations")).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Idempotency-Key", key);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            String id = null;
            if (r.statusCode() == 201) {
                JsonNode data = Api.JSON.readTree(r.body()).get("data");
                assertThat(data.get("approved").asBoolean()).as(r.body()).isTrue();
                id = data.get("id").asString();
            }
            return new Sent(card, key, body, r.statusCode(), id);
        } catch (Exception lost) {
            return new Sent(card, key, body, 0, null);
        }
    }
}
