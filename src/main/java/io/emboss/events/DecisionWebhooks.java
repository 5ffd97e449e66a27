package io.emboss.events;

import com.standardwebhooks.Webhook;
import io.emboss.shared.Caller;
import io.emboss.shared.Outcome;
import io.emboss.shared.SecretBox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real-time decision webhook (Stripe's issuing_authorization.request, Lithic's ASA): after
 * Emboss's own checks pass, the tenant's endpoint is asked, signed like every webhook, and has
 * until a deadline (default 1500 ms, at most 2000 ms) to answer {@code {"approved": true|false,
 * "amount"?}}. Called outside any database transaction, so a slow endpoint holds no lock.
 */
@Service
public class DecisionWebhooks {
    public static final int DEFAULT_TIMEOUT_MS = 1500;
    public static final int MAX_TIMEOUT_MS = 2000;
    /** A longer answer is not read past this (and is an error): an answer is one small JSON object. */
    private static final int MAX_ANSWER_BYTES = 64 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The configured endpoint as the API shows it (never its secret). */
    public record Endpoint(String url, String standIn, int timeoutMs, Instant createdAt, Instant updatedAt) {
    }

    /** The endpoint just saved; the secret appears when it is first set or rotated. */
    public record Saved(Endpoint endpoint, String secret) {
    }

    /** What the tenant answered, or why it did not. */
    public record Answer(Kind kind, String approvedAmount, boolean standInApproves) {
        public enum Kind {
            NO_ENDPOINT,
            APPROVED,
            DECLINED,
            TIMEOUT,
            ERROR
        }
    }

    private record Row(String url, String secretSealed, String standIn, int timeoutMs, Instant createdAt,
                       Instant updatedAt) {
    }

    /** A tenant's decision endpoint, looked up ahead of asking it (its secret stays inside). */
    public static final class Target {
        private final String tenantId;
        private final String env;
        private final Row row;

        private Target(String tenantId, String env, Row row) {
            this.tenantId = tenantId;
            this.env = env;
            this.row = row;
        }

        @Override
        public String toString() {
            return "DecisionWebhooks.Target[" + tenantId + "/" + env + "]";
        }
    }

    private final JdbcClient jdbc;
    private final SecretBox secrets;
    private final JsonMapper json;
    private final Clock clock;
    /**
     * Every authorization asks whether its tenant has an endpoint; other instances see a change
     * within this time (the instance that made it at once).
     */
    private static final java.time.Duration CONFIG_TTL = java.time.Duration.ofSeconds(2);
    private final io.emboss.shared.ExpiringCache<String, Optional<Row>> endpoints;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofMillis(MAX_TIMEOUT_MS)).build();

    DecisionWebhooks(JdbcClient jdbc, WebhookSecrets secrets, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.secrets = secrets.box();
        this.json = json;
        this.clock = clock;
        this.endpoints = new io.emboss.shared.ExpiringCache<>(clock, CONFIG_TTL, 10_000);
    }

    @Transactional
    public Outcome<Saved> save(Caller caller, String url, String standIn, int timeoutMs, boolean rotateSecret) {
        Optional<String> problem = DestinationPolicy.problem(url, caller.environment().livemode());
        if (problem.isPresent()) {
            return Outcome.invalid("url", problem.get());
        }
        String env = caller.environment().wire();
        Optional<Row> existing = find(caller.tenantId(), env);
        Instant now = clock.instant();
        String secret = null;
        String sealed;
        String aad = caller.tenantId() + "|" + env + "|decision";
        if (existing.isEmpty() || rotateSecret) {
            byte[] key = new byte[32];
            RANDOM.nextBytes(key);
            secret = "whsec_" + Base64.getEncoder().encodeToString(key);
            sealed = secrets.seal(secret, aad);
        } else {
            sealed = existing.get().secretSealed();
        }
        if (existing.isEmpty()) {
            jdbc.sql("INSERT INTO decision_endpoints (tenant_id, env, url, secret_sealed, stand_in, timeout_ms, "
                            + "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(caller.tenantId(), env, url, sealed, standIn, timeoutMs, Timestamp.from(now),
                            Timestamp.from(now)).update();
        } else {
            jdbc.sql("UPDATE decision_endpoints SET url = ?, secret_sealed = ?, stand_in = ?, timeout_ms = ?, "
                            + "updated_at = ? WHERE tenant_id = ? AND env = ?")
                    .params(url, sealed, standIn, timeoutMs, Timestamp.from(now), caller.tenantId(), env).update();
        }
        endpoints.invalidate(caller.tenantId() + "|" + env);
        Row row = find(caller.tenantId(), env).orElseThrow();
        return Outcome.ok(new Saved(view(row), secret));
    }

    @Transactional(readOnly = true)
    public Outcome<Endpoint> get(Caller caller) {
        return find(caller.tenantId(), caller.environment().wire()).map(DecisionWebhooks::view)
                .<Outcome<Endpoint>>map(Outcome::ok).orElseGet(() -> Outcome.notFound("authorization endpoint"));
    }

    @Transactional
    public boolean delete(Caller caller) {
        endpoints.invalidate(caller.tenantId() + "|" + caller.environment().wire());
        return jdbc.sql("DELETE FROM decision_endpoints WHERE tenant_id = ? AND env = ?")
                .params(caller.tenantId(), caller.environment().wire()).update() == 1;
    }

    /**
     * Asks the tenant. Never inside a transaction: the caller must not hold database locks while
     * this waits. {@code request} is the authorization as the tenant sees it.
     */
    public Answer ask(String tenantId, String env, String authorizationId, Map<String, Object> request) {
        Optional<Target> target = target(tenantId, env);
        return target.isEmpty() ? new Answer(Answer.Kind.NO_ENDPOINT, null, false)
                : ask(target.get(), authorizationId, request);
    }

    /** The tenant's endpoint, when it has one: a caller may then run its own checks before {@link #ask}. */
    public Optional<Target> target(String tenantId, String env) {
        return endpoints.get(tenantId + "|" + env, k -> find(tenantId, env)).map(row -> new Target(tenantId, env, row));
    }

    /** Asks an endpoint found by {@link #target}. Never inside a transaction. */
    public Answer ask(Target target, String authorizationId, Map<String, Object> request) {
        String tenantId = target.tenantId;
        String env = target.env;
        Row row = target.row;
        boolean standInApproves = "approve".equals(row.standIn());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", authorizationId);
        body.put("type", "authorization.request");
        body.put("createdAt", clock.instant());
        body.put("livemode", "live".equals(env));
        body.put("data", Map.of("object", request));
        String payload = json.writeValueAsString(body);
        long timestamp = clock.instant().getEpochSecond();
        String signature;
        try {
            signature = new Webhook(secrets.open(row.secretSealed(), tenantId + "|" + env + "|decision"))
                    .sign(authorizationId, timestamp, payload);
        } catch (Exception e) {
            throw new IllegalStateException("could not sign a decision request", e);
        }
        Duration deadline = Duration.ofMillis(Math.min(row.timeoutMs(), MAX_TIMEOUT_MS));
        HttpRequest httpRequest = HttpRequest.newBuilder(URI.create(row.url()))
                .timeout(deadline)
                .header("Content-Type", "application/json")
                .header("webhook-id", authorizationId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8)).build();
        try {
            return answer(BoundedExchange.send(http, httpRequest, MAX_ANSWER_BYTES, deadline), standInApproves);
        } catch (java.net.http.HttpTimeoutException e) {
            return new Answer(Answer.Kind.TIMEOUT, null, standInApproves);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(Answer.Kind.TIMEOUT, null, standInApproves);
        } catch (Exception e) {
            return new Answer(Answer.Kind.ERROR, null, standInApproves);
        }
    }

    /** The tenant's answer: a 2xx with {@code {"approved": true|false, "amount"?}}, whole and in time. */
    private Answer answer(BoundedExchange.Reply reply, boolean standInApproves) {
        if (reply.ending() == BoundedExchange.Ending.TIMED_OUT) {
            return new Answer(Answer.Kind.TIMEOUT, null, standInApproves);
        }
        if (reply.status() < 200 || reply.status() >= 300 || reply.ending() == BoundedExchange.Ending.TRUNCATED) {
            return new Answer(Answer.Kind.ERROR, null, standInApproves);
        }
        JsonNode answer = json.readTree(reply.body());
        JsonNode approved = answer.get("approved");
        if (approved == null || !approved.isBoolean()) {
            return new Answer(Answer.Kind.ERROR, null, standInApproves);
        }
        String amount = null;
        JsonNode a = answer.get("amount");
        if (a != null && (a.isString() || a.isNumber())) {
            amount = a.isString() ? a.asString() : a.decimalValue().toPlainString();
        }
        return new Answer(approved.booleanValue() ? Answer.Kind.APPROVED : Answer.Kind.DECLINED, amount,
                standInApproves);
    }

    private Optional<Row> find(String tenantId, String env) {
        return jdbc.sql("SELECT url, secret_sealed, stand_in, timeout_ms, created_at, updated_at "
                        + "FROM decision_endpoints WHERE tenant_id = ? AND env = ?")
                .params(tenantId, env)
                .query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant())).optional();
    }

    private static Endpoint view(Row r) {
        return new Endpoint(r.url(), r.standIn(), r.timeoutMs(), r.createdAt(), r.updatedAt());
    }
}
