package io.emboss.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.EmbossApplication;
import io.emboss.support.Api;
import io.emboss.support.PostgresSchema;
import io.emboss.support.PrivatePostgres;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Emboss under load while its PostgreSQL fails: connections terminated, a fast stop, a crash
 * (immediate) stop with WAL recovery, and every database process paused. The database is a private
 * cluster this test owns ({@link PrivatePostgres}); 16 clients send authorizations and top-ups, each
 * with its own Idempotency-Key, through each fault. Afterwards: every error was a 503 envelope, no
 * request hung, health said DOWN within its bound, retrying every failed request with its key
 * executes it exactly once, replaying every acknowledged request returns its first answer, the
 * balances equal exactly what was acknowledged, the ledger balances and no key is left open.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseFaultsTest {
    private static final int CLIENTS = 16;
    private static final int CARDS = 4;
    private static final BigDecimal CARD_START = new BigDecimal("1000.00");
    private static final BigDecimal WALLET_START = new BigDecimal("50000.00");
    private static final BigDecimal TOPUP = new BigDecimal("10.00");
    private static final BigDecimal TOPUP_DEBIT = new BigDecimal("10.60"); // 10.00 + fee 0.50 + 1 %
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(20);

    private static PrivatePostgres pg;
    private static ConfigurableApplicationContext emboss;
    private static Api api;
    private static HttpClient http;

    /** One request of the load: what was sent and the first answer (null if none came). */
    record Sent(String key, boolean topup, String card, String path, String body, Api.Resp first, Exception failure,
                long millis) {
    }

    record Holder(String key, String customer, List<String> cards) {
    }

    @BeforeAll
    static void startDatabaseAndEmboss() throws Exception {
        Optional<Path> bin = PrivatePostgres.binaries();
        Assumptions.assumeTrue(bin.isPresent(),
                "no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql/*/bin; set EMBOSS_TEST_PG_BIN");
        pg = PrivatePostgres.start(bin.get());
        Map<String, String> args = new LinkedHashMap<>(PostgresSchema.KEYS);
        args.put("spring.datasource.url", pg.jdbcUrl());
        args.put("spring.datasource.username", "postgres");
        args.put("spring.datasource.password", "");
        args.put("spring.datasource.hikari.maximum-pool-size", "10");
        args.put("emboss.admin-token", PostgresSchema.ADMIN_TOKEN);
        args.put("emboss.iso8583.enabled", "false");
        args.put("emboss.rate-limit.per-hour", "100000000");
        args.put("server.port", "0");
        emboss = new SpringApplicationBuilder(EmbossApplication.class)
                .run(args.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
        api = new Api(Integer.parseInt(emboss.getEnvironment().getProperty("local.server.port")));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (emboss != null) {
            emboss.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    @Order(1)
    void connections_terminated_three_times() throws Exception {
        Holder h = holder();
        List<Sent> sent = underLoad(h, () -> {
            for (int i = 0; i < 3; i++) {
                pg.terminateConnections();
                Thread.sleep(1000);
            }
        });
        verify(h, sent);
    }

    @Test
    @Order(2)
    void a_fast_stop_of_five_seconds() throws Exception {
        Holder h = holder();
        List<Sent> sent = underLoad(h, () -> outage(() -> pg.stopServer("fast"), pg::startServer));
        verify(h, sent);
    }

    @Test
    @Order(3)
    void a_crash_stop_of_five_seconds_with_recovery() throws Exception {
        Holder h = holder();
        List<Sent> sent = underLoad(h, () -> outage(() -> pg.stopServer("immediate"), pg::startServer));
        verify(h, sent);
    }

    @Test
    @Order(4)
    void every_database_process_paused_past_the_statement_timeout() throws Exception {
        Holder h = holder();
        List<Sent> sent = underLoad(h, () -> {
            long start = System.nanoTime();
            pg.pause(true);
            try {
                assertHealthDownWithin(Duration.ofSeconds(5));
                // longer than the 3-s database timeout (emboss.db.timeout), so requests waiting on the paused
                // database certainly time out: a pause of exactly 3 s let most waiters finish just in time,
                // and whether the load felt the fault became a matter of milliseconds
                Thread.sleep(Math.max(0, 4500 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
            } finally {
                pg.pause(false);
            }
            assertHealthUpWithin(Duration.ofSeconds(30));
        });
        // a paused database resumes with its work intact: whether a request was waiting on a statement (503
        // after the 3-s timeout) or on a batch that rode the pause out (201) is a matter of scheduling, so the
        // proof that this fault happened is the health check that saw it DOWN above, not a failed request
        verify(h, sent, false);
    }

    interface Step {
        void run() throws Exception;
    }

    /** Stops the database, checks that health says so in time, keeps it down 5 s, starts it again. */
    private static void outage(Step stop, Step start) throws Exception {
        long begun = System.nanoTime();
        stop.run();
        try {
            assertHealthDownWithin(Duration.ofSeconds(5));
            Thread.sleep(Math.max(0, 5000 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begun)));
        } finally {
            start.run();
        }
        assertHealthUpWithin(Duration.ofSeconds(30));
    }

    private static void assertHealthDownWithin(Duration bound) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            if (health("/actuator/health") == 503) {
                assertThat(health("/actuator/health/readiness")).as("a node without its database takes no traffic")
                        .isEqualTo(503);
                assertThat(health("/actuator/health/liveness")).as("but it is alive").isEqualTo(200);
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("health did not say DOWN within " + bound);
    }

    private static void assertHealthUpWithin(Duration bound) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            if (health("/actuator/health") == 200) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("health did not come back UP within " + bound);
    }

    private static int health(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(api.base() + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** A tenant with an approved, funded customer and four active cards of 1000.00 each. */
    private static Holder holder() {
        String email = "faults-" + UUID.randomUUID() + "@tenant.test";
        Api.Resp t = api.post("/v1/platform/tenants", PostgresSchema.ADMIN_TOKEN,
                Api.map("name", "Faults", "adminEmail", email, "adminPassword", "a long passphrase 123"));
        assertThat(t.status()).as(t.toString()).isEqualTo(201);
        String key = t.text("sandboxApiKey");
        Api.Resp c = api.post("/v1/customers", key, Api.map("name", "Ana", "email", "ana-" + UUID.randomUUID()
                + "@example.com"));
        String customer = c.text("id");
        assertThat(api.post("/v1/simulate/customers/" + customer + "/kyc", key, Api.map("decision", "approved"))
                .status()).isEqualTo(200);
        BigDecimal needed = WALLET_START.add(CARD_START.add(BigDecimal.ONE).multiply(BigDecimal.valueOf(CARDS)));
        for (BigDecimal left = needed; left.signum() > 0; left = left.subtract(new BigDecimal("10000.00"))) {
            BigDecimal amount = left.min(new BigDecimal("10000.00"));
            Api.Resp d = api.post("/v1/simulate/deposits", key,
                    Api.map("customerId", customer, "currency", "USD", "amount", amount.toPlainString()));
            assertThat(d.status()).as(d.toString()).isEqualTo(201);
        }
        String product = null;
        for (JsonNode p : api.get("/v1/card-products", key).data().get("items")) {
            if ("virtual".equalsIgnoreCase(p.get("formFactor").asString())) {
                product = p.get("id").asString();
            }
        }
        List<String> cards = new ArrayList<>();
        for (int i = 0; i < CARDS; i++) {
            Api.Resp card = api.post("/v1/cards", key, Api.map("customerId", customer, "productId", product,
                    "initialBalance", CARD_START.toPlainString()));
            assertThat(card.status()).as(card.toString()).isEqualTo(201);
            cards.add(card.text("id"));
        }
        assertThat(wallet(key, customer)).isEqualByComparingTo(WALLET_START);
        return new Holder(key, customer, cards);
    }

    /** Runs the load for 2 s, then the fault, then 2 s more, and returns every request sent. */
    private static List<Sent> underLoad(Holder h, Step fault) throws Exception {
        ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int i = 0; i < CLIENTS; i++) {
            clients.submit(() -> {
                while (running.get()) {
                    sent.add(send(h));
                }
            });
        }
        Thread.sleep(2000);
        try {
            fault.run();
            Thread.sleep(2000);
        } finally {
            running.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
        return new ArrayList<>(sent);
    }

    private static Sent send(Holder h) {
        boolean topup = ThreadLocalRandom.current().nextBoolean();
        String card = h.cards().get(ThreadLocalRandom.current().nextInt(h.cards().size()));
        String key = UUID.randomUUID().toString();
        String path = topup ? "/v1/cards/" + card + "/topups" : "/v1/simulate/authorizations";
        String body = Api.JSON.writeValueAsString(topup ? Api.map("amount", TOPUP.toPlainString())
                : Api.map("cardId", card, "amount", "1.00", "currency", "USD",
                        "merchant", Api.map("name", "Shop", "mcc", "5411", "country", "US")));
        long start = System.nanoTime();
        try {
            Api.Resp r = post(h.key(), path, body, key);
            return new Sent(key, topup, card, path, body, r, null, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        } catch (RuntimeException e) {
            return new Sent(key, topup, card, path, body, null, e, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
    }

    private static Api.Resp post(String apiKey, String path, String body, String idempotencyKey) {
        return api.send("POST", path, apiKey, body, Map.of("Idempotency-Key", idempotencyKey));
    }

    private static void verify(Holder h, List<Sent> sent) throws Exception {
        verify(h, sent, true);
    }

    /** {@code mustBeFelt}: the fault must have refused some request (a 503), proof that it happened at all. */
    private static void verify(Holder h, List<Sent> sent, boolean mustBeFelt) throws Exception {
        assertThat(sent.size()).as("requests sent through the fault").isGreaterThan(20);
        long errors = 0;
        for (Sent s : sent) {
            assertThat(s.failure()).as("every request is answered (" + s.millis() + " ms)").isNull();
            assertThat(s.millis()).as("no request hangs").isLessThan(CLIENT_TIMEOUT.toMillis());
            if (s.first().status() >= 500) {
                errors++;
                assertThat(s.first().status()).as(s.first().toString()).isEqualTo(503);
                assertThat(s.first().body().get("success").asBoolean()).isFalse();
                assertThat(s.first().errorCode()).as(s.first().toString())
                        .isIn("service_unavailable", "outcome_unknown");
            } else {
                assertThat(s.first().status()).as(s.first().toString()).isEqualTo(201);
            }
        }
        if (mustBeFelt) {
            assertThat(errors).as("the fault was felt by the load").isGreaterThan(0);
        }
        Map<String, Long> codes = new java.util.TreeMap<>();
        sent.stream().filter(s -> s.first().status() >= 500).forEach(s -> codes.merge(s.first().errorCode(), 1L, Long::sum));
        System.out.printf("fault run: %d requests, %d answered 503 %s, slowest %d ms%n", sent.size(), errors, codes,
                sent.stream().mapToLong(Sent::millis).max().orElse(0));

        Map<String, Api.Resp> finals = new HashMap<>();
        for (Sent s : sent) {
            finals.put(s.key(), s.first().status() < 500 ? s.first() : retryUntilAnswered(h, s));
        }
        Map<String, Integer> approved = new HashMap<>();
        Map<String, Integer> toppedUp = new HashMap<>();
        for (Sent s : sent) {
            Api.Resp r = finals.get(s.key());
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
            if (s.topup()) {
                assertThat(r.text("status")).isEqualTo("completed");
                toppedUp.merge(s.card(), 1, Integer::sum);
            } else if (r.data().get("approved").asBoolean()) {
                approved.merge(s.card(), 1, Integer::sum);
            }
        }
        int topups = 0;
        for (String card : h.cards()) {
            int held = approved.getOrDefault(card, 0);
            int loaded = toppedUp.getOrDefault(card, 0);
            topups += loaded;
            JsonNode b = api.get("/v1/cards/" + card + "/balance", h.key()).data();
            BigDecimal posted = CARD_START.add(TOPUP.multiply(BigDecimal.valueOf(loaded)));
            assertThat(new BigDecimal(b.get("posted").asString())).as("posted of " + card).isEqualByComparingTo(posted);
            assertThat(new BigDecimal(b.get("pending").asString())).as("holds of " + card)
                    .isEqualByComparingTo(BigDecimal.valueOf(held));
            assertThat(new BigDecimal(b.get("available").asString())).as("available of " + card)
                    .isEqualByComparingTo(posted.subtract(BigDecimal.valueOf(held)));
        }
        assertThat(wallet(h.key(), h.customer())).as("wallet after " + topups + " top-ups")
                .isEqualByComparingTo(WALLET_START.subtract(TOPUP_DEBIT.multiply(BigDecimal.valueOf(topups))));

        for (Sent s : sent) {
            Api.Resp answered = finals.get(s.key());
            Api.Resp replay = post(h.key(), s.path(), s.body(), s.key());
            assertThat(replay.status()).as(replay.toString()).isEqualTo(answered.status());
            assertThat(replay.header("Idempotent-Replayed")).as(replay.toString()).isEqualTo("true");
            assertThat(replay.raw().body()).isEqualTo(answered.raw().body());
        }
        Api.Resp verification = api.get("/v1/platform/ledger/verification", PostgresSchema.ADMIN_TOKEN);
        assertThat(verification.data().get("balanced").asBoolean()).as(verification.toString()).isTrue();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), "postgres", "");
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT count(*) FROM idempotency_keys WHERE response_status IS NULL")) {
            rs.next();
            assertThat(rs.getLong(1)).as("keys left in progress").isZero();
        }
    }

    /** The client's retry with the same key, until it gets an answer that is not "try again". */
    private static Api.Resp retryUntilAnswered(Holder h, Sent s) throws InterruptedException {
        for (int attempt = 0; attempt < 100; attempt++) {
            Api.Resp r = post(h.key(), s.path(), s.body(), s.key());
            boolean again = r.status() == 503 || (r.status() == 409
                    && "idempotency_request_in_progress".equals(r.errorCode()));
            if (!again) {
                return r;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the retry of " + s.key() + " never got an answer");
    }

    private static BigDecimal wallet(String key, String customer) {
        for (JsonNode w : api.get("/v1/customers/" + customer + "/wallets", key).data().get("items")) {
            if ("USD".equals(w.get("currency").asString())) {
                return new BigDecimal(w.get("available").asString());
            }
        }
        return BigDecimal.ZERO;
    }
}
