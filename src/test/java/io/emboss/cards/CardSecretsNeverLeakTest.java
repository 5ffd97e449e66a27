package io.emboss.cards;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import com.sun.net.httpserver.HttpServer;
import io.emboss.support.Api;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The log scan the issue asks for: issue cards, reveal their details, activate and change PINs,
 * provoke errors, then look for every number, CVV and PIN in everything Emboss wrote: the
 * application's output (captured on stdout/stderr and by an appender on the root logger), the
 * audit log, the events, the webhook deliveries and attempts (the receiver echoes each payload
 * back so the stored response holds it too), the stored idempotent responses, and every error
 * body the API returned. Emboss's own loggers run at DEBUG, so a careless debug line is caught too.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = {"logging.level.io.emboss=DEBUG", "logging.level.org.springframework.web=DEBUG", "emboss.webhooks.poll-interval-ms=100"})
class CardSecretsNeverLeakTest extends CardTestBase {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Autowired
    JdbcClient jdbc;

    private final List<String> appended = Collections.synchronizedList(new ArrayList<>());
    private AppenderBase<ILoggingEvent> appender;
    private HttpServer receiver;
    private final List<String> received = Collections.synchronizedList(new ArrayList<>());
    /** Every response the test got except the 200s of the details endpoint. */
    private final List<String> responses = new ArrayList<>();

    @BeforeEach
    void captureLogsAndReceiveWebhooks() throws IOException {
        appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent e) {
                StringBuilder s = new StringBuilder(e.getLoggerName()).append(' ').append(e.getFormattedMessage());
                for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                    s.append('\n').append(t.getClassName()).append(": ").append(t.getMessage());
                    for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
                        s.append('\n').append(frame.getSTEAsString());
                    }
                }
                e.getMDCPropertyMap().forEach((k, v) -> s.append(' ').append(k).append('=').append(v));
                appended.add(s.toString());
            }
        };
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        appender.setContext(root.getLoggerContext());
        appender.start();
        root.addAppender(appender);

        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            received.add(new String(body, StandardCharsets.UTF_8));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body); // echoed, so the stored response body holds whatever was sent
            }
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(appender);
        appender.stop();
        receiver.stop(0);
    }

    private Api.Resp call(Api.Resp r) {
        responses.add(r.raw().uri() + " " + r);
        return r;
    }

    private Api.Resp put(String path, String key, Object body) {
        return call(api.send("PUT", path, key, body, Map.of()));
    }

    @Test
    void no_number_cvv_or_pin_appears_in_logs_audit_events_webhooks_or_error_bodies(CapturedOutput output) {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        Api.Resp hook = api.post("/v1/webhook-endpoints", key, body("url", "http://127.0.0.1:"
                + receiver.getAddress().getPort() + "/hooks", "events", List.of("*")));
        assertThat(hook.status()).as(hook.toString()).isEqualTo(201);

        String customer = fundedCustomer(key, "500.00");
        fundTenant(key, "USD", "100.00");
        String virtual = defaultProduct(key, "VIRTUAL");
        String physical = defaultProduct(key, "PHYSICAL");

        List<String> virtualCards = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            virtualCards.add(issue(key, "customerId", customer, "productId", virtual, "initialBalance", "1" + i + ".00",
                    "name", "Card " + i).get("id").asString());
        }
        String unassigned = issue(key, "productId", virtual, "initialBalance", "5.00").get("id").asString();
        virtualCards.add(unassigned);
        List<String> physicalCards = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            physicalCards.add(issue(key, "customerId", customer, "productId", physical, "shipping", shippingAddress())
                    .get("id").asString());
        }
        List<String> all = new ArrayList<>(virtualCards);
        all.addAll(physicalCards);

        // reveal every card, by API key and by a user granted the permission
        Set<String> numbers = new LinkedHashSet<>();
        Set<String> cvvs = new LinkedHashSet<>();
        for (String id : all) {
            JsonNode d = details(key, id);
            numbers.add(d.get("number").asString());
            cvvs.add(d.get("cvv").asString());
        }
        String token = api.post("/v1/auth/login", null, body("email", t.email(), "password", t.password()))
                .text("accessToken");
        call(api.get("/v1/cards/" + all.get(0) + "/details", token)); // 403 before the grant
        String userId = api.get("/v1/users", key).data().get("items").get(0).get("id").asString();
        assertThat(api.patch("/v1/users/" + userId, t.liveKey(), body("permissions", List.of("cards:read_sensitive")))
                .status()).isEqualTo(200);
        for (String id : all) {
            assertThat(details(token, id).get("number").asString()).isIn(numbers);
        }
        assertThat(numbers).hasSize(all.size());

        // PINs nobody has seen before this test: six digits, acceptable, absent from everything so far
        List<String> pins = new ArrayList<>();
        String before = output.getAll() + String.join("\n", appended) + databaseText();
        while (pins.size() < 8) {
            String pin = String.format("%06d", RANDOM.nextInt(1_000_000));
            if (PinPolicy.problem(pin).isEmpty() && !before.contains(pin) && !pins.contains(pin)
                    && numbers.stream().noneMatch(n -> n.contains(pin))) {
                pins.add(pin);
            }
        }

        // activation: refused PINs first, then good ones, some with an Idempotency-Key
        String p0 = physicalCards.get(0);
        for (String weak : List.of("0000", "1234", "111111", "123456")) {
            assertThat(call(api.post("/v1/cards/" + p0 + "/activation", key, body("pin", weak))).status())
                    .isEqualTo(400);
        }
        assertThat(call(api.post("/v1/cards/" + p0 + "/activation", key, body("pin", pins.get(0) + "7"))).status())
                .as("seven digits").isEqualTo(400);
        assertThat(call(api.post("/v1/cards/" + p0 + "/activation", key, body("pin", pins.get(0).substring(0, 3))))
                .status()).isEqualTo(400);
        assertThat(call(api.post("/v1/cards/" + p0 + "/activation", key, body("pin", pins.get(0) + "x"))).status())
                .isEqualTo(400);
        assertThat(call(api.raw("POST", "/v1/cards/" + p0 + "/activation", key, "application/json",
                "{\"pin\": " + pins.get(0) + "}")).status()).as("a number, not a string").isEqualTo(400);
        assertThat(call(api.raw("POST", "/v1/cards/" + p0 + "/activation", key, "application/json",
                "{\"pin\": \"" + pins.get(0) + "\"")).status()).as("truncated JSON").isEqualTo(400);
        assertThat(call(api.raw("POST", "/v1/cards/" + p0 + "/activation", key, "application/json",
                "{\"pin\": \"" + pins.get(0) + "\", \"pinConfirmation\": \"" + pins.get(0) + "\"}")).status())
                .as("an unknown field").isEqualTo(400);
        assertThat(call(api.post("/v1/cards/card_nosuchcard000000000/activation", key, body("pin", pins.get(0))))
                .status()).isEqualTo(404);
        assertThat(call(api.post("/v1/cards/" + p0 + "/activation", key, body("pin", pins.get(0)),
                Map.of("Idempotency-Key", "activate-" + p0))).status()).isEqualTo(200);
        assertThat(call(api.post("/v1/cards/" + p0 + "/activation", key, body("pin", pins.get(0)),
                Map.of("Idempotency-Key", "activate-" + p0))).header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(call(api.post("/v1/cards/" + p0 + "/activation", key, body("pin", pins.get(1)))).status())
                .as("already active").isEqualTo(409);
        assertThat(call(api.post("/v1/cards/" + physicalCards.get(1) + "/activation", token,
                body("pin", pins.get(2)))).status()).isEqualTo(200);

        // PIN changes, good and bad, on several cards, by key and by user
        assertThat(put("/v1/cards/" + p0 + "/pin", key, body("pin", pins.get(3))).status()).isEqualTo(200);
        assertThat(put("/v1/cards/" + p0 + "/pin", key, body("pin", "2222")).status()).isEqualTo(400);
        assertThat(put("/v1/cards/" + p0 + "/pin", key, body("pin", pins.get(3) + "12")).status()).isEqualTo(400);
        assertThat(put("/v1/cards/" + virtualCards.get(0) + "/pin", key, body("pin", pins.get(4))).status())
                .isEqualTo(200);
        assertThat(put("/v1/cards/" + virtualCards.get(1) + "/pin", token, body("pin", pins.get(5))).status())
                .isEqualTo(200);
        assertThat(put("/v1/cards/card_nosuchcard000000000/pin", key, body("pin", pins.get(6))).status())
                .isEqualTo(404);
        TenantKeys other = newTenant();
        assertThat(put("/v1/cards/" + virtualCards.get(2) + "/pin", other.sandboxKey(), body("pin", pins.get(7)))
                .status()).isEqualTo(404);
        assertThat(call(api.raw("PUT", "/v1/cards/" + p0 + "/pin", key, "application/json",
                "{\"pin\": \"" + pins.get(6) + "\" garbage")).status()).isEqualTo(400);

        // other errors and changes around the cards
        assertThat(call(api.get("/v1/cards/card_nosuchcard000000000/details", key)).status()).isEqualTo(404);
        assertThat(call(api.get("/v1/cards/" + all.get(0) + "/details", other.sandboxKey())).status())
                .isEqualTo(404);
        assertThat(call(api.get("/v1/cards/" + all.get(0) + "/details", t.liveKey())).status()).isEqualTo(404);
        assertThat(call(api.patch("/v1/cards/" + all.get(0), key, body("status", "frozen", "reason", "check")))
                .status()).isEqualTo(200);
        assertThat(call(api.patch("/v1/cards/" + all.get(0), key, body("status", "inactive"))).status())
                .isEqualTo(409);
        assertThat(call(api.post("/v1/cards/" + unassigned + "/assign", key, body("customerId", customer)))
                .status()).isEqualTo(200);
        assertThat(call(api.post("/v1/simulate/cards/" + physicalCards.get(2) + "/shipping", key,
                body("status", "shipped"))).status()).isEqualTo(200);
        assertThat(call(api.delete("/v1/cards/" + virtualCards.get(3), key)).status()).isEqualTo(200);
        assertThat(put("/v1/cards/" + virtualCards.get(3) + "/pin", key, body("pin", pins.get(7))).status())
                .isEqualTo(409);
        assertThat(call(api.post("/v1/cards", key, body("customerId", customer, "productId", virtual,
                "initialBalance", "100000.00"))).status()).isEqualTo(409);
        // and the details reads go on being readable
        for (String id : all) {
            assertThat(details(key, id).get("number").asString()).isIn(numbers);
        }

        awaitWebhookAttempts(t.id());

        // now look everywhere
        List<String> sources = new ArrayList<>();
        sources.add("captured output\n" + output.getAll());
        synchronized (appended) {
            sources.add("root logger\n" + String.join("\n", appended));
        }
        sources.add("error and other responses\n" + String.join("\n", responses));
        synchronized (received) {
            sources.add("webhook payloads sent\n" + String.join("\n", received));
        }
        for (String table : List.of("audit_log", "events", "webhook_attempts", "webhook_deliveries",
                "idempotency_keys", "ledger_transfers", "customers")) {
            sources.add(table + "\n" + rows(table));
        }
        assertThat(appended).as("the root-logger capture works").isNotEmpty();
        assertThat(received).as("webhooks were delivered").isNotEmpty();
        assertThat(rows("webhook_attempts")).as("attempts were recorded").contains("card.created");
        assertThat(rows("audit_log")).contains("/details").contains("/activation").contains("/pin");
        assertThat(rows("events")).contains("card.activated").contains("card.pin_changed");

        List<String> weakPins = List.of("0000", "1234", "111111", "123456", "2222");
        List<Pattern> forbidden = new ArrayList<>();
        for (String number : numbers) {
            // the number, its first 15 or last 10 digits (more than the masked form shows), or grouped
            for (String form : List.of(number, number.substring(0, 15), number.substring(6), grouped(number, " "),
                    grouped(number, "-"))) {
                forbidden.add(Pattern.compile(Pattern.quote(form)));
            }
        }
        for (String cvv : cvvs) {
            forbidden.add(Pattern.compile("(?i)(cvv|cvc|cvv2|cvc2|security.?code)\\W{0,5}" + cvv + "(?!\\d)"));
        }
        for (String pin : pins) {
            forbidden.add(Pattern.compile(Pattern.quote(pin)));
        }
        for (String pin : weakPins) {
            forbidden.add(Pattern.compile("(?i)\\bpin\\b\\W{0,5}" + pin + "(?!\\d)"));
        }
        forbidden.add(Pattern.compile("(?i)\"cvv\"|\\bcvv="));
        List<String> leaks = new ArrayList<>();
        for (String source : sources) {
            String name = source.substring(0, source.indexOf('\n'));
            for (String line : source.substring(source.indexOf('\n') + 1).split("\n")) {
                for (Pattern p : forbidden) {
                    java.util.regex.Matcher m = p.matcher(line);
                    if (m.find()) {
                        int from = Math.max(0, m.start() - 150);
                        leaks.add(name + ": /" + p.pattern() + "/ in …" + line.substring(from,
                                Math.min(line.length(), m.end() + 150)) + "…");
                    }
                }
            }
        }
        assertThat(leaks).as("card numbers, CVVs or PINs found").isEmpty();
        // events and webhook payloads are JSON: no value anywhere in them equals a CVV or a number
        for (String payload : jdbc.sql("SELECT payload FROM events WHERE tenant_id = ?").param(t.id())
                .query(String.class).list()) {
            assertNoSecretValue(Api.JSON.readTree(payload), numbers, cvvs, pins, payload);
        }
    }

    /**
     * An idempotency record must not let anyone recover a PIN: the stored request hash is an
     * unkeyed SHA-256 of method, path and body, and a 4-digit PIN has only 10^4 candidates.
     */
    @Test
    void an_idempotent_activation_leaves_no_brute_forceable_trace_of_the_pin() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String customer = fundedCustomer(key, "10.00");
        String id = issue(key, "customerId", customer, "productId", defaultProduct(key, "PHYSICAL"), "shipping",
                shippingAddress()).get("id").asString();
        String path = "/v1/cards/" + id + "/activation";
        String pin = "8264";
        Api.Resp ok = api.send("POST", path, key, "{\"pin\":\"" + pin + "\"}", Map.of("Idempotency-Key", "act-1"));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        String stored = jdbc.sql("SELECT request_hash FROM idempotency_keys WHERE idem_key = 'act-1'")
                .query(String.class).single();
        String recovered = null;
        for (int candidate = 0; candidate < 10_000 && recovered == null; candidate++) {
            String guess = String.format("%04d", candidate);
            if (io.emboss.shared.Secrets.sha256Hex("POST " + path + "\n{\"pin\":\"" + guess + "\"}").equals(stored)) {
                recovered = guess;
            }
        }
        assertThat(recovered).as("the PIN recovered from idempotency_keys.request_hash").isNull();
    }

    private static void assertNoSecretValue(JsonNode node, Set<String> numbers, Set<String> cvvs, List<String> pins,
            String where) {
        if (node.isObject()) {
            for (String name : node.propertyNames()) {
                assertThat(name.toLowerCase()).as(where).isNotIn("number", "pan", "cvv", "cvc", "pin");
                assertNoSecretValue(node.get(name), numbers, cvvs, pins, where);
            }
        } else if (node.isArray()) {
            node.forEach(n -> assertNoSecretValue(n, numbers, cvvs, pins, where));
        } else if (!node.isNull()) {
            String v = node.asString();
            assertThat(v).as(where).isNotIn(numbers).isNotIn(cvvs).isNotIn(pins);
        }
    }

    private static String grouped(String number, String sep) {
        return number.substring(0, 4) + sep + number.substring(4, 8) + sep + number.substring(8, 12) + sep
                + number.substring(12);
    }

    private String rows(String table) {
        auditWritten();
        return jdbc.sql("SELECT * FROM " + table).query().listOfRows().toString();
    }

    private String databaseText() {
        StringBuilder s = new StringBuilder();
        for (String table : List.of("audit_log", "events", "webhook_attempts", "webhook_deliveries",
                "idempotency_keys", "ledger_transfers", "customers")) {
            s.append(rows(table));
        }
        return s.toString();
    }

    /** Waits (bounded) until every scheduled webhook delivery of the tenant has had an attempt. */
    private void awaitWebhookAttempts(String tenantId) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            long deliveries = jdbc.sql("SELECT COUNT(*) FROM webhook_deliveries WHERE tenant_id = ?").param(tenantId)
                    .query(Long.class).single();
            long waiting = jdbc.sql("SELECT COUNT(*) FROM webhook_deliveries d WHERE d.tenant_id = ? AND NOT EXISTS "
                    + "(SELECT 1 FROM webhook_attempts a WHERE a.delivery_id = d.id)").param(tenantId)
                    .query(Long.class).single();
            if (deliveries > 0 && waiting == 0) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("webhook deliveries were not attempted within a minute");
    }
}
