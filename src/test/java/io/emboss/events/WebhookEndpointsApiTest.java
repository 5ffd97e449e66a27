package io.emboss.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Webhook endpoints: create (secret shown once), validation, the live-mode destination policy
 * (no loopback, private or link-local targets; only literal addresses and localhost are used, so
 * nothing leaves the machine), list/get/update/delete, tenant isolation, and sealed secrets.
 */
class WebhookEndpointsApiTest extends WebhookTestBase {
    @org.springframework.beans.factory.annotation.Autowired
    DestinationPolicy policy;

    @Test
    void create_shows_the_secret_once_and_never_again() {
        String key = newTenant().sandboxKey();
        Api.Resp r = api.post("/v1/webhook-endpoints", key, body("url", "http://127.0.0.1:9/hook",
                "events", List.of("customer.created", "customer.updated", "customer.created"),
                "description", "orders service"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        String id = r.text("id");
        String secret = r.text("secret");
        assertThat(id).matches("we_[A-Za-z0-9]+");
        assertThat(secret).startsWith("whsec_");
        assertThat(java.util.Base64.getDecoder().decode(secret.substring("whsec_".length()))).hasSize(32);
        assertThat(r.text("url")).isEqualTo("http://127.0.0.1:9/hook");
        assertThat(r.text("description")).isEqualTo("orders service");
        assertThat(r.data().get("enabled").asBoolean()).isTrue();
        assertThat(r.text("format")).isEqualTo("native");
        assertThat(r.data().get("events")).extracting(JsonNode::asString)
                .containsExactly("customer.created", "customer.updated");

        Api.Resp got = api.get("/v1/webhook-endpoints/" + id, key);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.data().has("secret")).isFalse();
        assertThat(got.raw().body()).doesNotContain(secret).doesNotContain("whsec_");
        assertThat(got.text("id")).isEqualTo(id);
        Api.Resp list = api.get("/v1/webhook-endpoints", key);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.data().get("items")).hasSize(1);
        assertThat(list.data().get("items").get(0).get("id").asString()).isEqualTo(id);
        assertThat(list.data().get("items").get(0).has("secret")).isFalse();
        assertThat(list.raw().body()).doesNotContain("whsec_");

        // a second endpoint gets a different secret; "*" absorbs any other type
        Api.Resp all = api.post("/v1/webhook-endpoints", key, body("url", "https://127.0.0.1:8443/x",
                "events", List.of("customer.created", "*")));
        assertThat(all.status()).as(all.toString()).isEqualTo(201);
        assertThat(all.text("secret")).isNotEqualTo(secret);
        assertThat(all.data().get("events")).extracting(JsonNode::asString).containsExactly("*");
        // newest first
        assertThat(api.get("/v1/webhook-endpoints", key).data().get("items")).extracting(n -> n.get("id").asString())
                .containsExactly(all.text("id"), id);
    }

    @Test
    void invalid_endpoints_are_rejected() {
        String key = newTenant().sandboxKey();
        List<Map<String, Object>> bad = List.of(
                body("url", "ftp://127.0.0.1/hook", "events", List.of("*")),
                body("url", "file:///etc/passwd", "events", List.of("*")),
                body("url", "javascript:alert(1)", "events", List.of("*")),
                body("url", "127.0.0.1:8080/hook", "events", List.of("*")),
                body("url", "http://", "events", List.of("*")),
                body("url", "http://127.0.0.1/hook#frag", "events", List.of("*")),
                body("url", "not a url at all", "events", List.of("*")),
                body("events", List.of("*")),
                body("url", "http://127.0.0.1/hook", "events", List.of("customer.exploded")),
                body("url", "http://127.0.0.1/hook", "events", List.of("customer.created", "nope")),
                body("url", "http://127.0.0.1/hook", "events", List.of()),
                body("url", "http://127.0.0.1/hook"),
                body("url", "http://127.0.0.1/hook", "events", List.of("*"), "format", "xml"),
                body("url", "http://127.0.0.1/hook/" + "x".repeat(2100), "events", List.of("*")));
        for (Map<String, Object> b : bad) {
            Api.Resp r = api.post("/v1/webhook-endpoints", key, b);
            assertThat(r.status()).as(b + " -> " + r).isEqualTo(400);
            assertThat(r.errorCode()).as(b.toString()).isEqualTo("validation_failed");
        }
        Api.Resp wrongJson = api.raw("POST", "/v1/webhook-endpoints", key, "application/json",
                "{\"url\": 42, \"events\": [\"*\"]}");
        assertThat(wrongJson.status()).as(wrongJson.toString()).isEqualTo(400);
        Api.Resp notJson = api.raw("POST", "/v1/webhook-endpoints", key, "application/json", "{\"url\":");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.errorCode()).isEqualTo("malformed_json");
        Api.Resp unknownField = api.post("/v1/webhook-endpoints", key, body("url", "http://127.0.0.1/hook",
                "events", List.of("*"), "secret", "whsec_mine"));
        assertThat(unknownField.status()).as(unknownField.toString()).isEqualTo(400);
        // nothing was created by any of these
        assertThat(api.get("/v1/webhook-endpoints", key).data().get("items")).isEmpty();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM webhook_endpoints WHERE url LIKE '%hook#frag%'")
                .query(Long.class).single()).isZero();
    }

    @Test
    void live_mode_refuses_loopback_private_and_link_local_destinations() {
        TenantKeys t = newTenant();
        List<String> internal = List.of(
                "http://127.0.0.1/hook",
                "https://127.0.0.1/hook",
                "https://127.1.2.3:8443/hook",
                "https://localhost/hook",
                "https://LOCALHOST:9443/hook",
                "https://10.0.0.1/hook",
                "https://172.16.5.4/hook",
                "https://192.168.1.10/hook",
                "https://169.254.169.254/latest/meta-data",
                "https://100.64.0.1/hook",
                "https://0.0.0.0/hook",
                "https://[::1]/hook",
                "https://[::ffff:127.0.0.1]/hook",
                "https://[::ffff:10.0.0.1]/hook",
                "https://[fd00::1]/hook",
                "https://[fe80::1]/hook",
                "https://[::]/hook",
                "https://[::ffff:169.254.169.254]/hook",
                "https://[::127.0.0.1]/hook",
                "https://[64:ff9b::a00:1]/hook",
                "https://[64:ff9b:1::a00:1]/hook",
                "https://[2002:a00:1::]/hook",
                "https://[2002:7f00:1::1]/hook");
        for (String url : internal) {
            Api.Resp r = api.post("/v1/webhook-endpoints", t.liveKey(), body("url", url, "events", List.of("*")));
            assertThat(r.status()).as(url + " -> " + r).isEqualTo(400);
            assertThat(r.errorCode()).as(url).isEqualTo("validation_failed");
            assertThat(r.body().get("message").asString()).as(url).contains("url");
        }
        assertThat(api.get("/v1/webhook-endpoints", t.liveKey()).data().get("items")).isEmpty();

        // public addresses, also embedded in IPv6, are fine (checked without creating anything)
        assertThat(policy.problem("https://[64:ff9b::cb00:710a]/hook", true)).isEmpty();
        assertThat(policy.problem("https://[2002:cb00:710a::1]/hook", true)).isEmpty();
        assertThat(policy.problem("https://[2001:db8::1]/hook", true)).isEmpty();
        // a public literal address is accepted in live mode (TEST-NET-3: never routed; no event is produced
        // for this tenant's live mode, so nothing is ever sent there) ...
        Api.Resp ok = api.post("/v1/webhook-endpoints", t.liveKey(), body("url", "https://203.0.113.10/hook",
                "events", List.of("customer.kyc_updated")));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
        // ... but cannot be moved onto an internal address afterwards
        for (String url : List.of("https://127.0.0.1/hook", "https://169.254.169.254/", "https://[::1]/x")) {
            Api.Resp moved = api.patch("/v1/webhook-endpoints/" + ok.text("id"), t.liveKey(), body("url", url));
            assertThat(moved.status()).as(url + " -> " + moved).isEqualTo(400);
        }
        assertThat(api.get("/v1/webhook-endpoints/" + ok.text("id"), t.liveKey()).text("url"))
                .isEqualTo("https://203.0.113.10/hook");
        assertThat(api.delete("/v1/webhook-endpoints/" + ok.text("id"), t.liveKey()).status()).isEqualTo(200);

        // sandbox allows a local receiver, over plain http, since this suite allows private targets
        // (PostgresSchema; PrivateTargetsRefusedTest runs without)
        Api.Resp sandbox = api.post("/v1/webhook-endpoints", t.sandboxKey(), body("url", "http://127.0.0.1:8089/hook",
                "events", List.of("*")));
        assertThat(sandbox.status()).as(sandbox.toString()).isEqualTo(201);
        Api.Resp sandboxLocalhost = api.post("/v1/webhook-endpoints", t.sandboxKey(), body("url",
                "http://localhost:8089/hook", "events", List.of("*")));
        assertThat(sandboxLocalhost.status()).as(sandboxLocalhost.toString()).isEqualTo(201);
        // the sandbox endpoints are not visible with the live key
        assertThat(api.get("/v1/webhook-endpoints", t.liveKey()).data().get("items")).isEmpty();
        assertThat(api.get("/v1/webhook-endpoints/" + sandbox.text("id"), t.liveKey()).status()).isEqualTo(404);
    }

    @Test
    void endpoints_are_listed_changed_and_deleted() {
        String key = newTenant().sandboxKey();
        Endpoint e = createEndpoint(key, "http://127.0.0.1:9/a", "customer.created");

        Api.Resp url = api.patch("/v1/webhook-endpoints/" + e.id(), key, body("url", "http://127.0.0.1:9/b"));
        assertThat(url.status()).as(url.toString()).isEqualTo(200);
        assertThat(url.text("url")).isEqualTo("http://127.0.0.1:9/b");
        assertThat(url.data().get("events")).extracting(JsonNode::asString).containsExactly("customer.created");
        assertThat(url.data().has("secret")).isFalse();

        Api.Resp events = api.patch("/v1/webhook-endpoints/" + e.id(), key,
                body("events", List.of("customer.updated", "wallet.deposit_succeeded"), "description", "new"));
        assertThat(events.status()).as(events.toString()).isEqualTo(200);
        assertThat(events.data().get("events")).extracting(JsonNode::asString)
                .containsExactly("customer.updated", "wallet.deposit_succeeded");
        assertThat(events.text("description")).isEqualTo("new");
        assertThat(events.text("url")).isEqualTo("http://127.0.0.1:9/b");

        Api.Resp disabled = api.patch("/v1/webhook-endpoints/" + e.id(), key, body("enabled", false));
        assertThat(disabled.status()).isEqualTo(200);
        assertThat(disabled.data().get("enabled").asBoolean()).isFalse();
        assertThat(disabled.text("disabledReason")).isNotBlank();
        assertThat(api.get("/v1/webhook-endpoints/" + e.id(), key).data().get("enabled").asBoolean()).isFalse();
        Api.Resp enabled = api.patch("/v1/webhook-endpoints/" + e.id(), key, body("enabled", true));
        assertThat(enabled.data().get("enabled").asBoolean()).isTrue();
        assertThat(enabled.text("disabledReason")).isNull();

        for (Map<String, Object> bad : List.of(body("url", "gopher://127.0.0.1/"), body("events", List.of()),
                body("events", List.of("nope.nope")), body("enabled", "yes"))) {
            Api.Resp r = api.patch("/v1/webhook-endpoints/" + e.id(), key, bad);
            assertThat(r.status()).as(bad + " -> " + r).isEqualTo(400);
        }
        // unchanged by the rejected updates
        Api.Resp now = api.get("/v1/webhook-endpoints/" + e.id(), key);
        assertThat(now.text("url")).isEqualTo("http://127.0.0.1:9/b");
        assertThat(now.data().get("events")).extracting(JsonNode::asString)
                .containsExactly("customer.updated", "wallet.deposit_succeeded");

        // pagination of endpoints
        List<String> ids = new ArrayList<>(List.of(e.id()));
        for (int i = 0; i < 4; i++) {
            ids.add(0, createEndpoint(key, "http://127.0.0.1:9/p" + i, "*").id());
        }
        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            Api.Resp page = api.get("/v1/webhook-endpoints?limit=2" + (cursor == null ? "" : "&startingAfter="
                    + cursor), key);
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            page.data().get("items").forEach(n -> paged.add(n.get("id").asString()));
            cursor = page.data().get("hasMore").asBoolean() ? page.text("nextCursor") : null;
        } while (cursor != null);
        assertThat(paged).containsExactlyElementsOf(ids);

        Api.Resp deleted = api.delete("/v1/webhook-endpoints/" + e.id(), key);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        assertThat(deleted.text("id")).isEqualTo(e.id());
        assertThat(deleted.data().get("deleted").asBoolean()).isTrue();
        assertThat(api.get("/v1/webhook-endpoints/" + e.id(), key).status()).isEqualTo(404);
        assertThat(api.get("/v1/webhook-endpoints", key).data().get("items")).extracting(n -> n.get("id").asString())
                .doesNotContain(e.id()).hasSize(4);
        assertThat(api.delete("/v1/webhook-endpoints/" + e.id(), key).status()).isEqualTo(404);
        assertThat(api.patch("/v1/webhook-endpoints/" + e.id(), key, body("enabled", true)).status()).isEqualTo(404);
        assertThat(api.post("/v1/webhook-endpoints/" + e.id() + "/rotate-secret", key, body()).status())
                .isEqualTo(404);
        assertThat(api.get("/v1/webhook-endpoints/" + e.id() + "/deliveries", key).status()).isEqualTo(404);
    }

    @Test
    void another_tenants_endpoint_does_not_exist_for_you() {
        String mine = newTenant().sandboxKey();
        TenantKeys other = newTenant();
        Endpoint e = createEndpoint(mine, "http://127.0.0.1:9/mine", "*");
        for (String key : List.of(other.sandboxKey(), other.liveKey())) {
            List<Api.Resp> responses = List.of(
                    api.get("/v1/webhook-endpoints/" + e.id(), key),
                    api.patch("/v1/webhook-endpoints/" + e.id(), key, body("url", "http://127.0.0.1:9/stolen")),
                    api.patch("/v1/webhook-endpoints/" + e.id(), key, body("enabled", false)),
                    api.delete("/v1/webhook-endpoints/" + e.id(), key),
                    api.post("/v1/webhook-endpoints/" + e.id() + "/rotate-secret", key, body("overlapSeconds", 0)),
                    api.get("/v1/webhook-endpoints/" + e.id() + "/deliveries", key));
            for (Api.Resp r : responses) {
                assertThat(r.status()).as(r.toString()).isEqualTo(404);
                assertThat(r.errorCode()).isEqualTo("resource_not_found");
                assertThat(r.raw().body()).doesNotContain("whsec_");
            }
            assertThat(api.get("/v1/webhook-endpoints", key).data().get("items")).isEmpty();
        }
        // the owner's endpoint is untouched, with its original secret still signing
        Api.Resp mineNow = api.get("/v1/webhook-endpoints/" + e.id(), mine);
        assertThat(mineNow.status()).isEqualTo(200);
        assertThat(mineNow.text("url")).isEqualTo("http://127.0.0.1:9/mine");
        assertThat(mineNow.data().get("enabled").asBoolean()).isTrue();
        assertThat(mineNow.text("previousSecretExpiresAt")).isNull();
    }

    @Test
    void secrets_are_sealed_at_rest_and_rotation_shows_the_new_one_once() {
        String key = newTenant().sandboxKey();
        Endpoint e = createEndpoint(key, "http://127.0.0.1:9/sealed", "*");
        assertSealed(e.secret());

        Api.Resp rotated = api.post("/v1/webhook-endpoints/" + e.id() + "/rotate-secret", key,
                body("overlapSeconds", 3600));
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        String second = rotated.text("secret");
        assertThat(second).startsWith("whsec_").isNotEqualTo(e.secret());
        Instant expires = Instant.parse(rotated.text("previousSecretExpiresAt"));
        assertThat(expires).isBetween(Instant.now().plus(Duration.ofMinutes(55)),
                Instant.now().plus(Duration.ofMinutes(65)));
        assertSealed(e.secret());
        assertSealed(second);
        Api.Resp got = api.get("/v1/webhook-endpoints/" + e.id(), key);
        assertThat(got.raw().body()).doesNotContain(second).doesNotContain("whsec_");
        assertThat(got.text("previousSecretExpiresAt")).isNotNull();

        Api.Resp immediate = api.post("/v1/webhook-endpoints/" + e.id() + "/rotate-secret", key,
                body("overlapSeconds", 0));
        assertThat(immediate.status()).isEqualTo(200);
        String third = immediate.text("secret");
        assertThat(third).isNotIn(e.secret(), second);
        assertThat(immediate.text("previousSecretExpiresAt")).isNull();
        assertSealed(third);

        for (Object bad : List.of(-1, 7 * 24 * 3600 + 1, "60", 1.5, true)) {
            Api.Resp r = api.post("/v1/webhook-endpoints/" + e.id() + "/rotate-secret", key,
                    body("overlapSeconds", bad));
            assertThat(r.status()).as(bad + " -> " + r).isEqualTo(400);
        }
        // the rejected rotations changed nothing: still no previous secret
        assertThat(api.get("/v1/webhook-endpoints/" + e.id(), key).text("previousSecretExpiresAt")).isNull();
    }

    @Test
    void no_table_keeps_a_signing_secret_and_an_idempotent_replay_does_not_reveal_it() {
        String key = newTenant().sandboxKey();
        Map<String, String> idem = Map.of("Idempotency-Key", "create-endpoint-" + io.emboss.shared.Ids.random(8));
        Map<String, Object> request = body("url", "http://127.0.0.1:9/idem", "events", List.of("*"));
        Api.Resp created = api.post("/v1/webhook-endpoints", key, request, idem);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String secret = created.text("secret");
        Api.Resp replay = api.post("/v1/webhook-endpoints", key, request, idem);
        assertThat(replay.status()).as(replay.toString()).isEqualTo(409);
        assertThat(replay.raw().body()).doesNotContain(secret).doesNotContain("whsec_");
        assertThat(api.get("/v1/webhook-endpoints", key).data().get("items")).hasSize(1);

        Map<String, String> rotateKey = Map.of("Idempotency-Key", "rotate-" + io.emboss.shared.Ids.random(8));
        Api.Resp rotated = api.post("/v1/webhook-endpoints/" + created.text("id") + "/rotate-secret", key,
                body("overlapSeconds", 60), rotateKey);
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        String rotatedSecret = rotated.text("secret");
        Api.Resp rotateReplay = api.post("/v1/webhook-endpoints/" + created.text("id") + "/rotate-secret", key,
                body("overlapSeconds", 60), rotateKey);
        assertThat(rotateReplay.raw().body()).doesNotContain(rotatedSecret).doesNotContain("whsec_");
        // a replay must not rotate again: the secret shown once is still the one signing
        assertThat(rotateReplay.status()).isEqualTo(409);

        // every row of every table, as text: neither secret (nor its key bytes) is anywhere at rest
        List<String> tables = jdbc.sql("SELECT table_name FROM information_schema.tables WHERE table_schema = "
                + "current_schema() AND table_type = 'BASE TABLE'").query(String.class).list();
        assertThat(tables).contains("webhook_endpoints", "events");
        for (String table : tables) {
            for (String row : jdbc.sql("SELECT CAST(t AS TEXT) FROM \"" + table + "\" t").query(String.class).list()) {
                for (String s : List.of(secret, rotatedSecret)) {
                    assertThat(row).as(table).doesNotContain(s.substring("whsec_".length()));
                }
            }
        }
    }

    @Test
    void a_tenant_has_a_bounded_number_of_endpoints() {
        String key = newTenant().sandboxKey();
        for (int i = 0; i < WebhookEndpointService.MAX_ENDPOINTS; i++) {
            createEndpoint(key, "http://127.0.0.1:9/n" + i, "customer.created");
        }
        Api.Resp tooMany = api.post("/v1/webhook-endpoints", key, body("url", "http://127.0.0.1:9/x",
                "events", List.of("*")));
        assertThat(tooMany.status()).as(tooMany.toString()).isEqualTo(409);
        assertThat(tooMany.errorCode()).isEqualTo("invalid_state");
    }

    /** No column of any webhook_endpoints row contains the secret, or its key bytes in base64. */
    private void assertSealed(String secret) {
        String keyPart = secret.substring("whsec_".length());
        List<Map<String, Object>> rows = jdbc.sql("SELECT * FROM webhook_endpoints").query().listOfRows();
        assertThat(rows).isNotEmpty();
        for (Map<String, Object> row : rows) {
            for (Map.Entry<String, Object> column : row.entrySet()) {
                String value = String.valueOf(column.getValue());
                assertThat(value).as(column.getKey()).doesNotContain(secret).doesNotContain(keyPart)
                        .doesNotContain("whsec_");
            }
        }
        assertThat(jdbc.sql("SELECT secret_sealed FROM webhook_endpoints").query(String.class).list())
                .allSatisfy(s -> assertThat(s).isNotBlank());
    }
}
