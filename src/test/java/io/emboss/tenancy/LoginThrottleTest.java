package io.emboss.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import io.emboss.support.ApiTestBase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Logins are throttled per account and per client address, with the state in the database: after 5
 * failures an account backs off (1 s, 2 s, …), after 10 it is locked for 30 minutes, whatever the
 * password then; the tenant's admin or the operator unlocks it. An unknown email is throttled and
 * answered exactly like a known one. The compat logins share the counts. Each test logs in from a
 * loopback address of its own (all of 127/8 is this host), the address the server sees.
 */
class LoginThrottleTest extends ApiTestBase {
    private static final String LOGIN = "/v1/auth/login";

    @Autowired
    JdbcClient jdbc;

    /** An HTTP answer read off the socket. */
    record Answer(int status, Map<String, String> headers, JsonNode body) {
        String errorCode() {
            JsonNode code = body.get("errorCode");
            return code == null || code.isNull() ? null : code.asString();
        }

        long retryAfter() {
            return Long.parseLong(headers.get("retry-after"));
        }
    }

    @Test
    void twelve_wrong_passwords_then_the_right_one_is_refused_until_the_tenants_admin_unlocks() {
        TenantKeys t = newTenant();
        String from = loopback();
        for (int i = 0; i < 5; i++) {
            assertInvalid(login(from, t.email(), "wrong password " + i));
        }
        // the sixth at once backs off, the right password too: it is not even checked
        assertThrottled(login(from, t.email(), "wrong password 5"), 1, 1);
        assertThrottled(login(from, t.email(), t.password()), 1, 1);
        for (int i = 5; i < 10; i++) {
            ageFailures();
            assertInvalid(login(from, t.email(), "wrong password " + i));
        }
        ageFailures();
        assertThrottled(login(from, t.email(), "wrong password 10"), 1790, 1800);
        assertThrottled(login(from, t.email(), "wrong password 11"), 1790, 1800);
        assertThrottled(login(from, t.email(), t.password()), 1790, 1800);

        // the lock is audited in the tenant's log, with no password anywhere
        String userId = api.get("/v1/users", t.liveKey()).data().get("items").get(0).get("id").asString();
        JsonNode lock = lockEntry(t.sandboxKey());
        assertThat(lock.get("actorType").asString()).isEqualTo("user");
        assertThat(lock.get("actorId").asString()).isEqualTo(userId);
        assertThat(lock.get("path").asString()).isEqualTo(LOGIN);
        assertNoPasswordAudited(t.password(), "wrong password");
        assertThat(api.get("/v1/users", t.liveKey()).data().get("items").get(0).get("lockedUntil").isNull()).isFalse();

        // only an admin unlocks
        Api.Resp readOnly = api.post("/v1/api-keys", t.liveKey(), body("permissions", List.of()));
        Api.Resp refused = api.post("/v1/users/" + userId + "/unlock", readOnly.text("secret"), null);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThrottled(login(from, t.email(), t.password()), 1, 1800);
        Api.Resp unlocked = api.post("/v1/users/" + userId + "/unlock", t.liveKey(), null);
        assertThat(unlocked.status()).as(unlocked.toString()).isEqualTo(200);
        assertThat(unlocked.data().get("lockedUntil").isNull()).isTrue();
        ageFailures(); // the address's own back-off (10 failures from it) is not the account's lock
        assertThat(login(from, t.email(), t.password()).status()).isEqualTo(200);
    }

    @Test
    void a_lock_runs_out_by_time_and_its_failures_are_forgotten_with_it() {
        TenantKeys t = newTenant();
        String from = loopback();
        lockOut(from, t.email());
        assertThrottled(login(from, t.email(), t.password()), 1790, 1800);
        jdbc.sql("UPDATE login_throttle SET locked_until = now() - INTERVAL '1 second', "
                + "last_failure_at = last_failure_at - INTERVAL '31 minutes' WHERE locked_until IS NOT NULL").update();
        // the address backs off on its own (ten failures from it): let that pass each time
        ageFailures();
        assertInvalid(login(from, t.email(), "one more wrong"));
        ageFailures();
        assertThat(login(from, t.email(), t.password()).status()).isEqualTo(200);
    }

    @Test
    void an_unknown_email_is_throttled_and_answered_like_a_known_one() {
        TenantKeys t = newTenant();
        String unknown = "nobody-" + ThreadLocalRandom.current().nextInt(1_000_000) + "@nowhere.test";
        List<String> known = new ArrayList<>();
        List<String> stranger = new ArrayList<>();
        List<Long> knownMillis = new ArrayList<>();
        List<Long> strangerMillis = new ArrayList<>();
        String fromKnown = loopback();
        String fromStranger = loopback();
        for (int i = 0; i < 12; i++) {
            if (i >= 5) {
                ageFailures();
            }
            long start = System.nanoTime();
            known.add(summary(login(fromKnown, t.email(), "wrong " + i)));
            knownMillis.add((System.nanoTime() - start) / 1_000_000);
            start = System.nanoTime();
            stranger.add(summary(login(fromStranger, unknown, "wrong " + i)));
            strangerMillis.add((System.nanoTime() - start) / 1_000_000);
        }
        assertThat(stranger).isEqualTo(known);
        assertThat(known.get(9)).startsWith("401");
        assertThat(known.get(10)).startsWith("429 login_throttled");
        // a wrong password costs a bcrypt comparison; an unknown email costs the same one
        assertThat(median(strangerMillis.subList(0, 5))).isGreaterThanOrEqualTo(median(knownMillis.subList(0, 5)) / 3);

        // the operator unlocks an account by its email, known to Emboss or not; the lock left no email behind
        auditWritten();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE actor_type = 'account' AND action = 'LOCK'")
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE actor_id LIKE ? OR path LIKE ?")
                .params("%nowhere%", "%nowhere%").query(Long.class).single()).isZero();
        Api.Resp released = api.post("/v1/platform/login-locks/unlock", ADMIN, body("email", unknown));
        assertThat(released.status()).as(released.toString()).isEqualTo(200);
        assertThat(released.data().get("accountReleased").asBoolean()).isTrue();
        ageFailures();
        assertInvalid(login(fromStranger, unknown, "wrong again"));
    }

    @Test
    void an_address_is_throttled_across_accounts_and_x_forwarded_for_changes_nothing() {
        TenantKeys t = newTenant();
        String from = loopback();
        for (int i = 0; i < 10; i++) {
            assertInvalid(login(from, "spray-" + i + "@nowhere.test", "guess", Map.of("X-Forwarded-For", "10.0.0." + i)));
        }
        assertThrottled(login(from, "spray-10@nowhere.test", "guess", Map.of("X-Forwarded-For", "10.0.1.1")), 1, 1);
        for (int i = 11; i <= 30; i++) {
            ageFailures();
            assertInvalid(login(from, "spray-" + i + "@nowhere.test", "guess", Map.of("X-Forwarded-For", "10.0.2." + i)));
        }
        ageFailures();
        // locked: a real user's right password from this address too; from another address it works
        assertThrottled(login(from, t.email(), t.password()), 1790, 1800);
        assertThat(login(loopback(), t.email(), t.password()).status()).isEqualTo(200);
        auditWritten();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE actor_type = 'address' AND actor_id = ? "
                + "AND action = 'LOCK' AND tenant_id IS NULL").param(from).query(Long.class).single()).isEqualTo(1);

        // only the operator unlocks an address
        Api.Resp byTenant = api.post("/v1/platform/login-locks/unlock", t.liveKey(), body("address", from));
        assertThat(byTenant.status()).as(byTenant.toString()).isEqualTo(403);
        Api.Resp bad = api.post("/v1/platform/login-locks/unlock", ADMIN, body("address", "not-an-address"));
        assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
        assertThat(bad.raw().body()).doesNotContain("not-an-address");
        Api.Resp released = api.post("/v1/platform/login-locks/unlock", ADMIN, body("address", from));
        assertThat(released.status()).as(released.toString()).isEqualTo(200);
        assertThat(released.data().get("addressReleased").asBoolean()).isTrue();
        assertThat(login(from, t.email(), t.password()).status()).isEqualTo(200);
    }

    @Test
    void the_compat_logins_share_the_throttle_and_say_so_in_their_own_shapes() {
        TenantKeys t = newTenant();
        String from = loopback();
        for (int i = 0; i < 5; i++) {
            assertThat(send(from, "/compat/core/auth/login", body("email", t.email(), "password", "wrong " + i),
                    Map.of()).status()).isEqualTo(401);
        }
        Answer alix = send(from, "/compat/alix/api/v2/auth/access-token",
                body("partnerCode", t.email(), "signature", t.password()), Map.of());
        assertThat(alix.status()).as(alix.toString()).isEqualTo(429);
        assertThat(alix.body().get("errorCode").asInt()).isEqualTo(12);
        assertThat(alix.retryAfter()).isPositive();
        assertThrottled(login(from, t.email(), t.password()), 1, 1);
        for (int i = 5; i < 10; i++) {
            ageFailures();
            assertThat(send(from, "/compat/alix/api/v2/auth/access-token",
                    body("partnerCode", t.email(), "signature", "wrong " + i), Map.of()).status()).isEqualTo(401);
        }
        Answer core = send(from, "/compat/core/auth/login", body("email", t.email(), "password", t.password()),
                Map.of());
        assertThat(core.status()).as(core.toString()).isEqualTo(429);
        assertThat(core.body().get("error").asString()).isEqualTo("login_throttled");
        assertThat(core.retryAfter()).isBetween(1790L, 1800L);
        assertThrottled(login(from, t.email(), t.password()), 1790, 1800);
    }

    // ---------------------------------------------------------------- helpers

    /** Ten failures, waiting out each back-off by moving the failures back in time. */
    private void lockOut(String from, String email) {
        for (int i = 0; i < 10; i++) {
            if (i >= 5) {
                ageFailures();
            }
            assertInvalid(login(from, email, "wrong " + i));
        }
    }

    /**
     * 31 minutes pass for every failure remembered: any back-off (at most the lock's 30 minutes) has
     * run out, no failure is forgotten (an address's are kept an hour after its last), no lock ends.
     */
    private void ageFailures() {
        jdbc.sql("UPDATE login_throttle SET last_failure_at = last_failure_at - INTERVAL '31 minutes' "
                + "WHERE last_failure_at IS NOT NULL").update();
    }

    private static void assertInvalid(Answer r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(401);
        assertThat(r.errorCode()).isEqualTo("invalid_credentials");
    }

    private static void assertThrottled(Answer r, long minSeconds, long maxSeconds) {
        assertThat(r.status()).as(r.toString()).isEqualTo(429);
        assertThat(r.errorCode()).isEqualTo("login_throttled");
        assertThat(r.retryAfter()).isBetween(minSeconds, maxSeconds);
        assertThat(r.body().get("message").asString()).matches("Too many failed logins; try again in \\d+ s");
    }

    /** The status and code of an answer, and its message with the seconds left out. */
    private static String summary(Answer r) {
        return r.status() + " " + r.errorCode() + " " + r.body().get("message").asString().replaceAll("\\d+", "N");
    }

    private JsonNode lockEntry(String key) {
        for (JsonNode e : api.get("/v1/audit-logs?limit=100", key).data().get("items")) {
            if (e.get("action").asString().equals("LOCK")) {
                return e;
            }
        }
        throw new AssertionError("no LOCK entry in the audit log");
    }

    private void assertNoPasswordAudited(String... secrets) {
        auditWritten();
        for (Map<String, Object> row : jdbc.sql("SELECT * FROM audit_log").query().listOfRows()) {
            for (Object value : row.values()) {
                for (String secret : secrets) {
                    assertThat(String.valueOf(value)).doesNotContain(secret);
                }
            }
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    /** A loopback address no other test uses. */
    private static String loopback() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "127." + (1 + r.nextInt(250)) + "." + r.nextInt(256) + "." + (2 + r.nextInt(250));
    }

    private Answer login(String from, String email, String password) {
        return login(from, email, password, Map.of());
    }

    private Answer login(String from, String email, String password, Map<String, String> headers) {
        return send(from, LOGIN, body("email", email, "password", password), headers);
    }

    /** POSTs JSON over a socket bound to {@code from}: HTTP/1.0, so the answer is the rest of the stream. */
    private Answer send(String from, String path, Map<String, Object> json, Map<String, String> headers) {
        byte[] payload = Api.JSON.writeValueAsString(json).getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.0\r\nHost: localhost:" + port
                + "\r\nContent-Type: application/json\r\nContent-Length: " + payload.length + "\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("\r\n");
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(payload);
            out.flush();
            InputStream in = socket.getInputStream();
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Answer parse(String response) {
        int end = response.indexOf("\r\n\r\n");
        String[] lines = response.substring(0, end).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, Api.JSON.readTree(response.substring(end + 4)));
    }
}
