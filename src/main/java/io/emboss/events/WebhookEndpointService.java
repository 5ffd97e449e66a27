package io.emboss.events;

import io.emboss.shared.BusinessEvent;
import io.emboss.shared.Caller;
import io.emboss.shared.Environment;
import io.emboss.shared.Ids;
import io.emboss.shared.Outcome;
import io.emboss.shared.Page;
import io.emboss.shared.PageRequest;
import io.emboss.shared.Rejection;
import io.emboss.shared.SecretBox;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A tenant's webhook endpoints: where events go, in which dialect, signed with which secret. */
@Service
public class WebhookEndpointService {
    static final int MAX_ENDPOINTS = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Changes to an endpoint; null leaves a field as it is. */
    public record Changes(String url, List<String> events, String description, Boolean enabled) {
    }

    private final WebhookEndpointRepository endpoints;
    private final DeliveryRepository deliveries;
    private final EventService events;
    private final SecretBox secrets;
    private final Clock clock;
    private final DestinationPolicy policy;

    WebhookEndpointService(WebhookEndpointRepository endpoints, DeliveryRepository deliveries, EventService events,
            WebhookSecrets secrets, Clock clock, DestinationPolicy policy) {
        this.policy = policy;
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.events = events;
        this.secrets = secrets.box();
        this.clock = clock;
    }

    @Transactional
    public Outcome<WebhookEndpoint.WithSecret> create(Caller caller, String url, List<String> types,
            String description, String format) {
        if (!caller.has(Caller.PERMISSION_ADMIN)) {
            return Outcome.rejected(Caller.NOT_ADMIN);
        }
        String env = caller.environment().wire();
        if (endpoints.countActive(caller.tenantId(), env) >= MAX_ENDPOINTS) {
            return Outcome.rejected(Rejection.Kind.CONFLICT, "invalid_state",
                    "A tenant may have at most " + MAX_ENDPOINTS + " webhook endpoints per environment");
        }
        Optional<String> problem = policy.problem(url, caller.environment().livemode());
        if (problem.isPresent()) {
            return Outcome.invalid("url", problem.get());
        }
        Instant now = clock.instant();
        String id = Ids.next("we");
        String secret = newSecret();
        WebhookEndpointRepository.Row row = new WebhookEndpointRepository.Row(id, caller.tenantId(), env, url,
                description, types, format, true, null, secrets.seal(secret, id), null, null, null, now, now);
        endpoints.insert(row);
        return Outcome.ok(new WebhookEndpoint.WithSecret(view(row), secret));
    }

    @Transactional(readOnly = true)
    public Outcome<WebhookEndpoint> get(Caller caller, String id) {
        return endpoints.find(caller.tenantId(), caller.environment().wire(), id)
                .<Outcome<WebhookEndpoint>>map(r -> Outcome.ok(view(r)))
                .orElseGet(() -> Outcome.notFound("webhook endpoint " + id));
    }

    @Transactional(readOnly = true)
    public Outcome<Page<WebhookEndpoint>> list(Caller caller, PageRequest page) {
        String env = caller.environment().wire();
        Long before = null;
        if (page.startingAfter() != null) {
            Optional<Long> seq = endpoints.seqOf(caller.tenantId(), env, page.startingAfter());
            if (seq.isEmpty()) {
                return Outcome.rejected(Rejection.Kind.INVALID, "invalid_cursor", "startingAfter names no endpoint");
            }
            before = seq.get();
        }
        return Outcome.ok(Page.of(endpoints.page(caller.tenantId(), env, page.limit(), before), page.limit(),
                WebhookEndpointRepository.Row::id).map(WebhookEndpointService::view));
    }

    @Transactional
    public Outcome<WebhookEndpoint> update(Caller caller, String id, Changes changes) {
        if (!caller.has(Caller.PERMISSION_ADMIN)) {
            return Outcome.rejected(Caller.NOT_ADMIN);
        }
        Optional<WebhookEndpointRepository.Row> found = endpoints.find(caller.tenantId(), caller.environment().wire(), id);
        if (found.isEmpty()) {
            return Outcome.notFound("webhook endpoint " + id);
        }
        if (changes.url() != null) {
            Optional<String> problem = policy.problem(changes.url(), caller.environment().livemode());
            if (problem.isPresent()) {
                return Outcome.invalid("url", problem.get());
            }
        }
        WebhookEndpointRepository.Row r = endpoints.lock(id).orElseThrow();
        boolean enabled = changes.enabled() != null ? changes.enabled() : r.enabled();
        boolean reEnabled = enabled && !r.enabled();
        Instant now = clock.instant();
        WebhookEndpointRepository.Row updated = new WebhookEndpointRepository.Row(r.id(), r.tenantId(), r.env(),
                changes.url() != null ? changes.url() : r.url(),
                changes.description() != null ? changes.description() : r.description(),
                changes.events() != null ? changes.events() : r.eventTypes(), r.format(), enabled,
                enabled ? null : (changes.enabled() != null ? "disabled by the tenant" : r.disabledReason()),
                r.secretSealed(), r.previousSecretSealed(), r.previousSecretExpiresAt(),
                reEnabled ? null : r.failingSince(), r.createdAt(), now);
        endpoints.update(updated);
        if (!enabled) {
            deliveries.cancelPendingOf(id, "endpoint disabled", now);
        }
        return Outcome.ok(view(updated));
    }

    @Transactional
    public Outcome<WebhookEndpoint> delete(Caller caller, String id) {
        if (!caller.has(Caller.PERMISSION_ADMIN)) {
            return Outcome.rejected(Caller.NOT_ADMIN);
        }
        Optional<WebhookEndpointRepository.Row> found = endpoints.find(caller.tenantId(), caller.environment().wire(), id);
        if (found.isEmpty()) {
            return Outcome.notFound("webhook endpoint " + id);
        }
        Instant now = clock.instant();
        endpoints.markDeleted(id, now);
        deliveries.cancelPendingOf(id, "endpoint deleted", now);
        return Outcome.ok(view(found.get()));
    }

    /**
     * A new signing secret. For the overlap, deliveries carry signatures by both the new and the
     * old secret, so receivers can switch without losing a message.
     */
    @Transactional
    public Outcome<WebhookEndpoint.WithSecret> rotateSecret(Caller caller, String id, Duration overlap) {
        if (!caller.has(Caller.PERMISSION_ADMIN)) {
            return Outcome.rejected(Caller.NOT_ADMIN);
        }
        Optional<WebhookEndpointRepository.Row> found = endpoints.find(caller.tenantId(), caller.environment().wire(), id);
        if (found.isEmpty()) {
            return Outcome.notFound("webhook endpoint " + id);
        }
        WebhookEndpointRepository.Row r = endpoints.lock(id).orElseThrow();
        Instant now = clock.instant();
        String secret = newSecret();
        WebhookEndpointRepository.Row rotated = new WebhookEndpointRepository.Row(r.id(), r.tenantId(), r.env(),
                r.url(), r.description(), r.eventTypes(), r.format(), r.enabled(), r.disabledReason(),
                secrets.seal(secret, id), overlap.isZero() ? null : r.secretSealed(),
                overlap.isZero() ? null : now.plus(overlap), r.failingSince(), r.createdAt(), now);
        endpoints.update(rotated);
        return Outcome.ok(new WebhookEndpoint.WithSecret(view(rotated), secret));
    }

    @Transactional(readOnly = true)
    public Outcome<Page<DeliveryAttemptView>> attempts(Caller caller, String endpointId, String eventId,
            PageRequest page) {
        if (endpoints.find(caller.tenantId(), caller.environment().wire(), endpointId).isEmpty()) {
            return Outcome.notFound("webhook endpoint " + endpointId);
        }
        Long before = null;
        if (page.startingAfter() != null) {
            Optional<Long> seq = deliveries.attemptSeqOf(endpointId, page.startingAfter());
            if (seq.isEmpty()) {
                return Outcome.rejected(Rejection.Kind.INVALID, "invalid_cursor", "startingAfter names no attempt");
            }
            before = seq.get();
        }
        return Outcome.ok(Page.of(deliveries.attempts(endpointId, eventId, page.limit(), before), page.limit(),
                DeliveryRepository.Attempt::id).map(DeliveryAttemptView::of));
    }

    /** Disables an endpoint that kept failing, and tells the tenant with an event. */
    void disableForFailures(WebhookEndpointRepository.Row r, Instant now) {
        String reason = "failing continuously since " + r.failingSince();
        WebhookEndpointRepository.Row disabled = new WebhookEndpointRepository.Row(r.id(), r.tenantId(), r.env(),
                r.url(), r.description(), r.eventTypes(), r.format(), false, reason, r.secretSealed(),
                r.previousSecretSealed(), r.previousSecretExpiresAt(), r.failingSince(), r.createdAt(), now);
        endpoints.update(disabled);
        deliveries.cancelPendingOf(r.id(), "endpoint disabled after continuous failures", now);
        WebhookEndpoint view = view(disabled);
        events.record(new BusinessEvent() {
            @Override
            public String type() {
                return "webhook_endpoint.disabled";
            }

            @Override
            public String tenantId() {
                return r.tenantId();
            }

            @Override
            public Environment environment() {
                return Environment.fromWire(r.env());
            }

            @Override
            public Object snapshot() {
                return view;
            }
        });
    }

    private static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    static WebhookEndpoint view(WebhookEndpointRepository.Row r) {
        return new WebhookEndpoint(r.id(), r.url(), r.description(), r.eventTypes(), r.format(), r.enabled(),
                r.disabledReason(), r.previousSecretExpiresAt(), r.createdAt(), r.updatedAt());
    }
}
