package io.emboss.events;

import com.standardwebhooks.Webhook;
import io.emboss.shared.SecretBox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends due deliveries. Every instance runs one, in its {@link WebhookPump} rounds: it claims rows
 * with FOR UPDATE SKIP LOCKED (so instances share the work without sending one delivery twice),
 * sends at most {@code concurrency} at once, each bounded by the timeout (so a slow receiver holds
 * one slot, not the worker), and records the outcome. Sending happens outside any transaction: a crash after sending leaves the
 * delivery claimed until its lease ends, then it is sent again (at least once, never lost).
 */
@Component
class DeliveryWorker {
    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

    private final DeliveryRepository deliveries;
    private final WebhookEndpointRepository endpoints;
    private final EventRepository events;
    private final WebhookEndpointService endpointService;
    private final WebhookSender sender;
    private final WebhookProperties properties;
    private final SecretBox secrets;
    private final Map<String, WebhookRenderer> renderers;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Semaphore slots;
    private final ExecutorService pool;
    private final PumpSignal signal;
    /** The last poll took as many deliveries as it had slots: more may be due, claimed when a slot frees up. */
    private volatile boolean saturated;

    DeliveryWorker(DeliveryRepository deliveries, WebhookEndpointRepository endpoints, EventRepository events,
            WebhookEndpointService endpointService, WebhookSender sender, WebhookProperties properties,
            WebhookSecrets secrets, List<WebhookRenderer> renderers, TransactionTemplate tx, Clock clock,
            PumpSignal signal) {
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.events = events;
        this.endpointService = endpointService;
        this.sender = sender;
        this.properties = properties;
        this.secrets = secrets.box();
        this.renderers = renderers.stream().collect(Collectors.toMap(WebhookRenderer::format, Function.identity()));
        this.tx = tx;
        this.clock = clock;
        this.signal = signal;
        this.slots = new Semaphore(properties.getConcurrency());
        this.pool = Executors.newFixedThreadPool(properties.getConcurrency(), r -> {
            Thread t = new Thread(r, "webhook-delivery");
            t.setDaemon(true);
            return t;
        });
    }

    /** Claims and starts sending what is due; called by {@link WebhookPump}'s thread only. */
    void poll() {
        int free = slots.availablePermits();
        if (free == 0) {
            return;
        }
        Instant now = clock.instant();
        List<DeliveryRepository.Claimed> claimed;
        try {
            claimed = tx.execute(s -> deliveries.claimDue(now, free, now.plus(properties.getLease())));
        } catch (RuntimeException e) {
            log.warn("could not claim webhook deliveries: {}", e.getMessage());
            return;
        }
        saturated = claimed.size() == free;
        for (DeliveryRepository.Claimed c : claimed) {
            slots.acquireUninterruptibly();
            try {
                pool.execute(() -> {
                    try {
                        deliver(c);
                    } catch (RuntimeException e) {
                        log.error("webhook delivery {} failed unexpectedly; it is retried after its lease", c.id(), e);
                    } finally {
                        slots.release();
                        if (saturated) {
                            signal.wake();
                        }
                    }
                });
            } catch (RuntimeException rejected) {
                slots.release();
                throw rejected;
            }
        }
    }

    void deliver(DeliveryRepository.Claimed c) {
        Optional<WebhookEndpointRepository.Row> endpoint = endpoints.findForDelivery(c.endpointId());
        Optional<StoredEvent> event = events.find(c.eventId());
        Instant now = clock.instant();
        if (endpoint.isEmpty() || event.isEmpty()) {
            tx.executeWithoutResult(s -> deliveries.finish(c.id(), DeliveryRepository.CANCELLED, c.attempts(), null,
                    "endpoint deleted", now));
            return;
        }
        WebhookEndpointRepository.Row e = endpoint.get();
        if (!e.enabled()) {
            tx.executeWithoutResult(s -> deliveries.finish(c.id(), DeliveryRepository.CANCELLED, c.attempts(), null,
                    "endpoint disabled", now));
            return;
        }
        WebhookRenderer renderer = renderers.getOrDefault(e.format(), renderers.get(NativeRenderer.FORMAT));
        Optional<String> body = renderer.render(event.get());
        if (body.isEmpty()) {
            tx.executeWithoutResult(s -> deliveries.finish(c.id(), DeliveryRepository.CANCELLED, c.attempts(), null,
                    "event has no " + e.format() + " form", now));
            return;
        }
        int attempt = c.attempts() + 1;
        // the destination is checked again on the connection itself: DNS may have changed since it was saved
        WebhookSender.Result result = sender.send(e.url(), "live".equals(e.env()), body.get(),
                signatureHeaders(e, event.get().id(), body.get(), now));
        Instant done = clock.instant();
        tx.executeWithoutResult(s -> record(c, e, event.get(), attempt, result, done));
    }

    private void record(DeliveryRepository.Claimed c, WebhookEndpointRepository.Row e, StoredEvent event, int attempt,
            WebhookSender.Result result, Instant now) {
        deliveries.recordAttempt(c, event.type(), attempt, result.success() ? "succeeded" : "failed",
                result.statusCode(), result.durationMs(), result.body(), result.error(), now);
        if (result.success()) {
            deliveries.succeeded(c.id(), attempt, result.statusCode(), now);
            // only an endpoint that was failing needs its row: healthy deliveries never queue on it
            if (e.failingSince() != null) {
                endpoints.lock(e.id()).filter(l -> l.failingSince() != null)
                        .ifPresent(l -> endpoints.update(withFailingSince(l, null, now)));
            }
            return;
        }
        WebhookEndpointRepository.Row locked = endpoints.lock(e.id()).orElse(null);
        String error = result.error() != null ? result.error() : "HTTP " + result.statusCode();
        // max-age counts from when this delivery was scheduled: the event's time for the first delivery,
        // the request's time for a redelivery (which is usually of an event older than max-age)
        if (!now.isBefore(c.createdAt().plus(properties.getMaxAge()))) {
            deliveries.finish(c.id(), DeliveryRepository.FAILED, attempt, result.statusCode(), error, now);
        } else {
            deliveries.retryLater(c.id(), attempt, result.statusCode(), error, now.plus(withJitter(attempt)), now);
        }
        if (locked == null) {
            return;
        }
        Instant failingSince = locked.failingSince() != null ? locked.failingSince() : now;
        if (locked.enabled() && !now.isBefore(failingSince.plus(properties.getDisableAfter()))) {
            endpointService.disableForFailures(withFailingSince(locked, failingSince, now), now);
        } else if (locked.failingSince() == null) {
            endpoints.update(withFailingSince(locked, now, now));
        }
    }

    private Duration withJitter(int failedAttempts) {
        Duration base = properties.backoff(failedAttempts);
        double factor = 1 + (ThreadLocalRandom.current().nextDouble() * 2 - 1) * properties.getJitter();
        return Duration.ofMillis(Math.max(1, (long) (base.toMillis() * factor)));
    }

    /** Standard Webhooks headers; during a rotation's overlap, signed by the new and the old secret. */
    Map<String, String> signatureHeaders(WebhookEndpointRepository.Row e, String messageId, String body, Instant now) {
        long timestamp = now.getEpochSecond();
        StringBuilder signatures = new StringBuilder(sign(secrets.open(e.secretSealed(), e.id()), messageId, timestamp,
                body));
        if (e.previousSecretSealed() != null && e.previousSecretExpiresAt() != null
                && now.isBefore(e.previousSecretExpiresAt())) {
            signatures.append(' ').append(sign(secrets.open(e.previousSecretSealed(), e.id()), messageId, timestamp,
                    body));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", messageId);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", signatures.toString());
        return headers;
    }

    private static String sign(String secret, String messageId, long timestamp, String body) {
        try {
            return new Webhook(secret).sign(messageId, timestamp, body);
        } catch (Exception e) {
            throw new IllegalStateException("could not sign a webhook", e);
        }
    }

    private static WebhookEndpointRepository.Row withFailingSince(WebhookEndpointRepository.Row r, Instant failingSince,
            Instant now) {
        return new WebhookEndpointRepository.Row(r.id(), r.tenantId(), r.env(), r.url(), r.description(),
                r.eventTypes(), r.format(), r.enabled(), r.disabledReason(), r.secretSealed(), r.previousSecretSealed(),
                r.previousSecretExpiresAt(), failingSince, r.createdAt(), now);
    }

    /** Stops taking work and lets in-flight sends finish (bounded by the timeout). */
    @jakarta.annotation.PreDestroy
    void shutdown() throws InterruptedException {
        pool.shutdown();
        pool.awaitTermination(properties.getTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
    }
}
