package io.emboss.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.EmbossApplication;
import io.emboss.support.Api;
import io.emboss.support.PostgresSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Delivery across processes sharing one database: a restart with deliveries pending loses
 * nothing, and two instances working the same queue send every event exactly once in the
 * normal path. Other instances are full Emboss applications started in this JVM.
 */
@TestPropertySource(properties = {
        "emboss.webhooks.retry-schedule=200ms,300ms,400ms",
        "emboss.webhooks.poll-interval-ms=50",
        "emboss.webhooks.timeout=5s",
        "emboss.webhooks.lease=60s",
        "emboss.webhooks.max-age=1h",
        "emboss.webhooks.disable-after=1h"})
class WebhookRestartAndInstancesTest extends WebhookTestBase {
    @Value("${spring.datasource.url}")
    String datasourceUrl;

    @Autowired
    ConfigurableEnvironment environment;

    /**
     * Properties of another Emboss instance on the given database: the same admin token and key
     * material as this test's context (copied from the test database initializer's settings, so new
     * required keys follow automatically), and the same fast webhook settings.
     */
    private Map<String, Object> instance(String url, boolean migrate, String schema) {
        Map<String, Object> p = new LinkedHashMap<>();
        PropertySource<?> test = environment.getPropertySources().get("emboss-test-db");
        assertThat(test).as("the PostgresSchema initializer's settings").isInstanceOf(EnumerablePropertySource.class);
        for (String name : ((EnumerablePropertySource<?>) test).getPropertyNames()) {
            if (name.startsWith("emboss.") && !name.startsWith("emboss.test.")) {
                p.put(name, test.getProperty(name));
            }
        }
        assertThat(p).containsKeys("emboss.admin-token", "emboss.secret-key");
        p.put("spring.datasource.url", url);
        p.put("spring.datasource.username", PostgresSchema.user());
        p.put("spring.datasource.password", PostgresSchema.password());
        p.put("spring.datasource.hikari.maximum-pool-size", PostgresSchema.SECOND_INSTANCE_POOL_SIZE);
        p.put("spring.flyway.enabled", Boolean.toString(migrate));
        if (schema != null) {
            p.put("spring.flyway.schemas", schema);
            p.put("spring.flyway.default-schema", schema);
        }
        p.put("server.port", "0");
        for (String name : List.of("retry-schedule", "poll-interval-ms", "timeout", "lease", "max-age",
                "disable-after", "allow-private-targets")) {
            p.put("emboss.webhooks." + name, environment.getProperty("emboss.webhooks." + name));
        }
        return p;
    }

    /**
     * Starts another instance. The settings go in as command-line arguments: default properties
     * ({@code SpringApplicationBuilder.properties}) rank below application.yml, whose datasource URL
     * would then win and start the instance on the embedded H2 default.
     */
    private static ConfigurableApplicationContext start(Map<String, Object> properties) {
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(EmbossApplication.class).run(args);
        String url = context.getEnvironment().getProperty("spring.datasource.url");
        assertThat(url).as("the other instance must share the test database").isEqualTo(properties
                .get("spring.datasource.url"));
        return context;
    }

    private static Api apiOf(ConfigurableApplicationContext context) {
        return new Api(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
    }

    @Test
    void a_restart_with_deliveries_pending_loses_nothing() {
        String schema = PostgresSchema.createSchema();
        String url = PostgresSchema.urlFor(schema);
        int receiverPort = WebhookReceiver.closedPort();
        ConfigurableApplicationContext first = null;
        ConfigurableApplicationContext second = null;
        WebhookReceiver r = null;
        try {
            // a delivery claimed by the stopping instance but never recorded waits out its lease: keep it short
            Map<String, Object> restartable = instance(url, true, schema);
            restartable.put("emboss.webhooks.lease", "15s");
            first = start(restartable);
            Api one = apiOf(first);
            Api.Resp tenant = one.post("/v1/platform/tenants", ADMIN, Api.map("name", "Restart tenant",
                    "adminEmail", uniqueEmail("owner"), "adminPassword", "correct horse battery staple"));
            assertThat(tenant.status()).as(tenant.toString()).isEqualTo(201);
            String key = tenant.text("sandboxApiKey");
            Api.Resp endpoint = one.post("/v1/webhook-endpoints", key, Api.map("url",
                    "http://127.0.0.1:" + receiverPort + "/hook", "events", List.of("*")));
            assertThat(endpoint.status()).as(endpoint.toString()).isEqualTo(201);
            String endpointId = endpoint.text("id");
            String secret = endpoint.text("secret");

            // the receiver is down while events are produced: every delivery fails and waits to be retried
            int events = 12;
            for (int i = 0; i < events; i++) {
                Api.Resp c = one.post("/v1/customers", key, Api.map("name", "Pending " + i, "email",
                        uniqueEmail("pending" + i)));
                assertThat(c.status()).as(c.toString()).isEqualTo(201);
            }
            List<String> eventIds = ids(one, key);
            assertThat(eventIds).hasSize(events);
            Poll.until("every delivery tried and failed at least once", () -> {
                JsonNode items = one.get("/v1/webhook-endpoints/" + endpointId + "/deliveries?limit=100", key).data()
                        .get("items");
                java.util.Set<String> tried = new java.util.HashSet<>();
                items.forEach(a -> tried.add(a.get("eventId").asString()));
                return tried.containsAll(eventIds);
            });
            JsonNode failedAttempts = one.get("/v1/webhook-endpoints/" + endpointId + "/deliveries?limit=100", key)
                    .data().get("items");
            failedAttempts.forEach(a -> assertThat(a.get("status").asString()).isEqualTo("failed"));

            first.close();
            first = null;
            assertThat(pendingCount(url, endpointId)).as("deliveries left pending by the stopped instance")
                    .isEqualTo(events);

            // the receiver comes up, and a fresh instance on the same database picks the work up
            r = WebhookReceiver.http(receiverPort, WebhookReceiver.status(200));
            Map<String, Object> fresh = instance(url, false, null);
            fresh.put("emboss.webhooks.lease", "15s");
            second = start(fresh);
            Api two = apiOf(second);
            WebhookReceiver receiver = r;
            Poll.until("every pending event delivered by the new instance", Duration.ofSeconds(120),
                    () -> receiver.hasAll(eventIds), receiver::toString);
            Poll.until("all recorded as succeeded", Duration.ofSeconds(120), () -> pendingCount(url, endpointId) == 0,
                    null);
            // at least once each (a delivery the stopped instance had claimed may legitimately come twice)
            assertThat(receiver.ids()).containsExactlyInAnyOrderElementsOf(eventIds);
            assertThat(receiver.count()).isGreaterThanOrEqualTo(events);
            for (WebhookReceiver.Received got : receiver.received()) {
                JsonNode body = got.verifiedWith(secret);
                assertThat(body.get("id").asString()).isEqualTo(got.webhookId());
                assertThat(body).isEqualTo(two.get("/v1/events/" + got.webhookId(), key).data());
            }
            JsonNode attempts = two.get("/v1/webhook-endpoints/" + endpointId + "/deliveries?limit=100", key).data()
                    .get("items");
            java.util.Set<String> succeeded = new java.util.HashSet<>();
            for (JsonNode a : attempts) {
                if ("succeeded".equals(a.get("status").asString())) {
                    succeeded.add(a.get("eventId").asString());
                }
            }
            assertThat(succeeded).containsExactlyInAnyOrderElementsOf(eventIds);
        } finally {
            if (first != null) {
                first.close();
            }
            if (second != null) {
                second.close();
            }
            if (r != null) {
                r.close();
            }
            PostgresSchema.dropSchema(schema);
        }
    }

    @Test
    void two_instances_share_the_work_and_send_every_event_exactly_once() throws Exception {
        ConfigurableApplicationContext other = start(instance(datasourceUrl, false, null));
        try {
            Api otherApi = apiOf(other);
            TenantKeys t = newTenant();
            String key = t.sandboxKey();
            WebhookReceiver r = receiver((ex, i) -> {
                Thread.sleep(5);
                WebhookReceiver.reply(ex, 200, "ok");
            });
            Endpoint e = createEndpoint(key, r.url(), "customer.created");

            int events = 100;
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<Api.Resp>> futures = new ArrayList<>();
            for (int i = 0; i < events; i++) {
                Api via = i % 2 == 0 ? api : otherApi;
                String email = uniqueEmail("twin" + i);
                futures.add(pool.submit(() -> via.post("/v1/customers", key, Api.map("name", "Twin", "email", email))));
            }
            for (Future<Api.Resp> f : futures) {
                Api.Resp resp = f.get();
                assertThat(resp.status()).as(resp.toString()).isEqualTo(201);
            }
            pool.shutdown();

            List<String> eventIds = eventIds(key, "type=customer.created");
            assertThat(eventIds).hasSize(events);
            Poll.until("every event received", () -> r.hasAll(eventIds), () -> r.ids().size() + " of " + events);
            Poll.until("every delivery recorded as succeeded", () -> deliveryRows(e.id()).stream()
                    .allMatch(row -> "succeeded".equals(row.get("status"))));

            // exactly once: one request per webhook-id, one attempt per delivery
            Map<String, Integer> perId = new HashMap<>();
            for (WebhookReceiver.Received got : r.received()) {
                perId.merge(got.webhookId(), 1, Integer::sum);
                assertThat(got.verifiedWith(e.secret()).get("id").asString()).isEqualTo(got.webhookId());
            }
            assertThat(perId.keySet()).containsExactlyInAnyOrderElementsOf(eventIds);
            List<String> duplicated = perId.entrySet().stream().filter(x -> x.getValue() > 1).map(Map.Entry::getKey)
                    .toList();
            assertThat(duplicated).as(() -> "sent more than once: " + duplicated.stream().map(id -> id + " "
                    + r.withId(id) + " attempts " + jdbc.sql("SELECT delivery_id, attempt, outcome, duration_ms, "
                    + "created_at FROM webhook_attempts WHERE event_id = ? ORDER BY seq").param(id).query()
                    .listOfRows() + " deliveries " + jdbc.sql("SELECT * FROM webhook_deliveries WHERE event_id = ?")
                    .param(id).query().listOfRows()).toList()).isEmpty();
            assertThat(r.count()).isEqualTo(events);
            assertThat(deliveryRows(e.id())).hasSize(events)
                    .allSatisfy(row -> assertThat(((Number) row.get("attempts")).intValue()).isEqualTo(1));
            assertThat(jdbc.sql("SELECT COUNT(*) FROM webhook_attempts WHERE endpoint_id = ?").param(e.id())
                    .query(Long.class).single()).isEqualTo(events);
            // both instances serve the same events API
            assertThat(otherApi.get("/v1/events/" + eventIds.get(0), key).data())
                    .isEqualTo(api.get("/v1/events/" + eventIds.get(0), key).data());
        } finally {
            other.close();
        }
    }

    private static List<String> ids(Api api, String key) {
        Api.Resp r = api.get("/v1/events?limit=100", key);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        r.data().get("items").forEach(e -> ids.add(e.get("id").asString()));
        return ids;
    }

    /** Pending deliveries of an endpoint, read through a plain JDBC connection (the instance may be down). */
    private static long pendingCount(String url, String endpointId) {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, PostgresSchema.user(),
                PostgresSchema.password());
             java.sql.PreparedStatement s = c.prepareStatement(
                     "SELECT COUNT(*) FROM webhook_deliveries WHERE endpoint_id = ? AND status = 'pending'")) {
            s.setString(1, endpointId);
            try (java.sql.ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
