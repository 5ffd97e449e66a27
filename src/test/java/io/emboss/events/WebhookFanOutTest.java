package io.emboss.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emboss.shared.BusinessEvent;
import io.emboss.shared.BusinessEventBatch;
import io.emboss.support.Api;
import io.emboss.support.PostgresSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Fan-out (which endpoints get which event) happens after the event's transaction commits, on the
 * delivery side. The poll interval is a minute here: anything delivered within seconds was woken by
 * its commit, not found by a poll.
 */
@TestPropertySource(properties = {
        "emboss.webhooks.poll-interval-ms=60000",
        "emboss.webhooks.fan-out-batch=4",
        "emboss.webhooks.retry-schedule=200ms",
        "emboss.webhooks.timeout=3s",
        "emboss.webhooks.max-age=1h",
        "emboss.webhooks.disable-after=1h"})
class WebhookFanOutTest extends WebhookTestBase {
    private static final Pattern GAUGE = Pattern.compile("(?m)^(emboss_\\w+_backlog)(?:\\{[^}]*})? (\\S+)$");

    @Autowired
    WebhookPump pump;

    @Autowired
    ApplicationEventPublisher publisher;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    Environment environment;

    /** An event as a module publishes it; the type must be in the catalogue. */
    record Happened(String type, String tenantId, io.emboss.shared.Environment environment, Object snapshot)
            implements BusinessEvent {
    }

    @Test
    void a_delivery_starts_right_after_its_commit_not_at_the_next_poll() {
        String key = newTenant().sandboxKey();
        WebhookReceiver r = receiver(WebhookReceiver.status(200));
        Endpoint e = createEndpoint(key, r.url(), "customer.created");
        long start = System.nanoTime();
        String customer = createCustomer(key, uniqueEmail("prompt")).text("id");
        String eventId = eventAbout(key, "customer.created", customer).get("id").asString();

        // a minute's poll interval: only the wake after the commit delivers this within seconds
        Poll.until("delivered", Duration.ofSeconds(15), () -> r.withId(eventId).size() == 1, r::toString);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        r.withId(eventId).get(0).verifiedWith(e.secret());
    }

    @Test
    void a_money_transaction_writes_its_event_but_no_delivery_row() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        WebhookReceiver r = receiver(WebhookReceiver.status(200));
        Endpoint e = createEndpoint(key, r.url(), "wallet.deposit_succeeded");
        String customer = newApprovedCustomer(key);

        pump.stop();
        String eventId;
        String depositId;
        try {
            deposit(key, customer, "USD", "25.00");
            JsonNode event = events(key, "wallet.deposit_succeeded").get(0);
            eventId = event.get("id").asString();
            depositId = event.get("data").get("object").get("id").asString();

            // committed with the money it describes: the event row was written by the deposit's transaction
            List<String> transferTransactions = jdbc.sql("SELECT DISTINCT xmin::text FROM ledger_transfers "
                    + "WHERE reference = ?").param(depositId).query(String.class).list();
            assertThat(transferTransactions).hasSize(1);
            assertThat(jdbc.sql("SELECT xmin::text FROM events WHERE id = ?").param(eventId).query(String.class)
                    .single()).isEqualTo(transferTransactions.get(0));
            // ... which wrote no delivery, only the fan-out queue's row
            assertThat(deliveryCount(eventId)).isZero();
            assertThat(queued(eventId)).isTrue();
        } finally {
            pump.start();
        }

        Poll.until("delivered once fanned out", () -> r.withId(eventId).size() == 1
                && "succeeded".equals(deliveryStatus(e.id(), eventId)), () -> deliveryRows(e.id()));
        assertThat(deliveryCount(eventId)).isEqualTo(1);
        assertThat(queued(eventId)).isFalse();
        assertThat(r.withId(eventId).get(0).verifiedWith(e.secret()).get("data").get("object").get("id")
                .asString()).isEqualTo(depositId);
        assertThat(r.count()).isEqualTo(1);
    }

    @Test
    void two_nodes_fanning_out_the_same_queue_at_once_deliver_every_event_exactly_once() throws Exception {
        ConfigurableApplicationContext other = PostgresSchema.secondInstance(environment,
                "--emboss.webhooks.poll-interval-ms=60000", "--emboss.webhooks.fan-out-batch=4");
        WebhookPump otherPump = other.getBean(WebhookPump.class);
        try {
            Api otherApi = new Api(Integer.parseInt(other.getEnvironment().getProperty("local.server.port")));
            String key = newTenant().sandboxKey();
            WebhookReceiver r = receiver(WebhookReceiver.status(200));
            Endpoint e = createEndpoint(key, r.url(), "customer.created");

            // both nodes stopped while the events are recorded, so both find the whole queue when they start
            pump.stop();
            otherPump.stop();
            int events = 60;
            ExecutorService clients = Executors.newFixedThreadPool(8);
            List<Future<Api.Resp>> created = new ArrayList<>();
            for (int i = 0; i < events; i++) {
                Api via = i % 2 == 0 ? api : otherApi;
                String email = uniqueEmail("fan" + i);
                created.add(clients.submit(() -> via.post("/v1/customers", key, Api.map("name", "Fan", "email",
                        email))));
            }
            for (Future<Api.Resp> f : created) {
                assertThat(f.get().status()).as(f.get().toString()).isEqualTo(201);
            }
            List<String> eventIds = eventIds(key, "type=customer.created");
            assertThat(eventIds).hasSize(events);
            assertThat(eventIds).allSatisfy(id -> assertThat(queued(id)).isTrue());
            assertThat(deliveryRows(e.id())).isEmpty();

            CountDownLatch go = new CountDownLatch(1);
            Future<?> one = clients.submit(() -> {
                go.await();
                pump.start();
                return null;
            });
            Future<?> two = clients.submit(() -> {
                go.await();
                otherPump.start();
                return null;
            });
            go.countDown();
            one.get();
            two.get();
            clients.shutdown();

            Poll.until("every event received", () -> r.hasAll(eventIds), () -> r.ids().size() + " of " + events);
            Poll.until("every delivery recorded as succeeded", () -> deliveryRows(e.id()).stream()
                    .allMatch(row -> "succeeded".equals(row.get("status"))));
            Map<String, Integer> rowsPerEvent = new HashMap<>();
            deliveryRows(e.id()).forEach(row -> rowsPerEvent.merge((String) row.get("event_id"), 1, Integer::sum));
            assertThat(rowsPerEvent.keySet()).containsExactlyInAnyOrderElementsOf(eventIds);
            assertThat(rowsPerEvent.values()).as("delivery rows per event").containsOnly(1);
            Map<String, Integer> requestsPerEvent = new HashMap<>();
            r.received().forEach(got -> requestsPerEvent.merge(got.webhookId(), 1, Integer::sum));
            assertThat(requestsPerEvent.values()).as("requests per event").containsOnly(1);
            assertThat(r.count()).isEqualTo(events);
            assertThat(eventIds).noneMatch(this::queued);
        } finally {
            if (!pump.isRunning()) {
                pump.start();
            }
            other.close();
        }
    }

    @Test
    void record_all_writes_a_batch_of_events_with_one_statement_in_the_callers_transaction() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        WebhookReceiver r = receiver(WebhookReceiver.status(200));
        Endpoint e = createEndpoint(key, r.url(), "customer.created");
        int n = 25;
        List<BusinessEvent> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(new Happened("customer.created", t.id(), io.emboss.shared.Environment.SANDBOX,
                    Map.of("id", "cus_batch" + i, "position", i)));
        }

        tx.executeWithoutResult(s -> publisher.publishEvent(new BusinessEventBatch(batch)));

        // every row of one statement carries its command id: N statements would leave N of them
        Map<String, Object> written = jdbc.sql("SELECT COUNT(*) AS n, COUNT(DISTINCT cmin::text) AS statements, "
                + "COUNT(DISTINCT xmin::text) AS transactions FROM events WHERE tenant_id = ? AND type = ?")
                .params(t.id(), "customer.created").query().singleRow();
        assertThat(((Number) written.get("n")).intValue()).isEqualTo(n);
        assertThat(((Number) written.get("statements")).intValue()).as("INSERT statements").isEqualTo(1);
        assertThat(((Number) written.get("transactions")).intValue()).isEqualTo(1);

        // in the given order, each an event like any other: listed newest first, delivered signed
        List<JsonNode> listed = allEvents(key, "type=customer.created");
        assertThat(listed).extracting(ev -> ev.get("data").get("object").get("position").asInt())
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, n).map(i -> n - 1 - i).boxed()
                        .toList());
        List<String> ids = listed.stream().map(ev -> ev.get("id").asString()).toList();
        Poll.until("the batch delivered", () -> r.hasAll(ids), r::toString);
        for (JsonNode event : listed) {
            assertThat(r.withId(event.get("id").asString())).hasSize(1);
            assertThat(r.withId(event.get("id").asString()).get(0).verifiedWith(e.secret())).isEqualTo(event);
        }
    }

    @Test
    void record_all_keeps_the_outbox_guarantee() {
        TenantKeys t = newTenant();
        List<BusinessEvent> batch = List.of(
                new Happened("customer.created", t.id(), io.emboss.shared.Environment.SANDBOX, Map.of("id", "a")),
                new Happened("customer.updated", t.id(), io.emboss.shared.Environment.SANDBOX, Map.of("id", "a")));

        assertThatThrownBy(() -> publisher.publishEvent(new BusinessEventBatch(batch)))
                .as("outside a transaction").isInstanceOf(IllegalTransactionStateException.class);
        tx.executeWithoutResult(s -> {
            publisher.publishEvent(new BusinessEventBatch(batch));
            s.setRollbackOnly();
        });
        List<BusinessEvent> withUnknown = new ArrayList<>(batch);
        withUnknown.add(new Happened("customer.vanished", t.id(), io.emboss.shared.Environment.SANDBOX, Map.of()));
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> publisher.publishEvent(
                new BusinessEventBatch(withUnknown)))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("customer.vanished");
        assertThat(allEvents(t.sandboxKey(), null)).as("no event of a batch that did not commit").isEmpty();

        tx.executeWithoutResult(s -> publisher.publishEvent(new BusinessEventBatch(List.of())));
        tx.executeWithoutResult(s -> publisher.publishEvent(new BusinessEventBatch(batch)));
        assertThat(allEvents(t.sandboxKey(), null)).extracting(ev -> ev.get("type").asString())
                .containsExactly("customer.updated", "customer.created");
    }

    @Test
    void the_outbox_and_webhook_backlogs_are_gauges() {
        String key = newTenant().sandboxKey();
        // nobody listens: every delivery fails and waits for a retry
        createEndpoint(key, "http://127.0.0.1:" + WebhookReceiver.closedPort() + "/hook", "customer.created");
        int events = 3;
        pump.stop();
        List<String> eventIds = new ArrayList<>();
        try {
            for (int i = 0; i < events; i++) {
                String customer = createCustomer(key, uniqueEmail("backlog" + i)).text("id");
                eventIds.add(eventAbout(key, "customer.created", customer).get("id").asString());
            }
            Poll.until("the outbox backlog shown", Duration.ofSeconds(20), () -> gauge("emboss_outbox_backlog")
                    >= events, this::gauges);
        } finally {
            pump.start();
        }
        Poll.until("every delivery tried", () -> eventIds.stream().allMatch(id -> jdbc.sql(
                "SELECT COUNT(*) FROM webhook_attempts WHERE event_id = ?").param(id).query(Long.class).single() > 0));
        Poll.until("the fanned-out events shown as pending deliveries", Duration.ofSeconds(20),
                () -> gauge("emboss_outbox_backlog") == 0 && gauge("emboss_webhooks_backlog") >= events,
                this::gauges);
        assertThat(gauges()).contains("# HELP emboss_outbox_backlog").contains("# HELP emboss_webhooks_backlog");
    }

    private String gauges() {
        Api.Resp r = api.get("/actuator/prometheus", null);
        assertThat(r.status()).isEqualTo(200);
        return r.raw().body();
    }

    private double gauge(String name) {
        Matcher m = GAUGE.matcher(gauges());
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return Double.parseDouble(m.group(2));
            }
        }
        throw new AssertionError(name + " is not at /actuator/prometheus");
    }

    private long deliveryCount(String eventId) {
        return jdbc.sql("SELECT COUNT(*) FROM webhook_deliveries WHERE event_id = ?").param(eventId)
                .query(Long.class).single();
    }

    private boolean queued(String eventId) {
        return jdbc.sql("SELECT COUNT(*) FROM event_fan_out q JOIN events e ON e.seq = q.event_seq WHERE e.id = ?")
                .param(eventId).query(Long.class).single() > 0;
    }
}
