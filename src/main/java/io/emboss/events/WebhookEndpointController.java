package io.emboss.events;

import io.emboss.shared.Caller;
import io.emboss.web.ApiResponse;
import io.emboss.web.Fields;
import io.emboss.events.WebhookEndpointViews.DeletedWebhookEndpointView;
import io.emboss.events.WebhookEndpointViews.WebhookEndpointWithSecretView;
import io.emboss.web.IdempotencyFilter;
import io.emboss.web.ListPage;
import io.emboss.web.Pagination;
import io.emboss.web.Responses;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Webhook endpoints: register, list, change, delete, rotate the secret, read delivery attempts. */
@RestController
@RequestMapping("/v1/webhook-endpoints")
@EnableConfigurationProperties(WebhookProperties.class)
class WebhookEndpointController {
    record CreateEndpoint(String url, List<String> events, String description, String format) {
    }

    record UpdateEndpoint(String url, List<String> events, String description, Boolean enabled) {
    }

    record Rotate(JsonNode overlapSeconds) {
    }

    private static final int MAX_OVERLAP_SECONDS = 7 * 24 * 3600;

    private final WebhookEndpointService endpoints;
    private final Set<String> formats;
    private final WebhookProperties properties;

    WebhookEndpointController(WebhookEndpointService endpoints, List<WebhookRenderer> renderers,
            WebhookProperties properties) {
        this.endpoints = endpoints;
        this.formats = renderers.stream().map(WebhookRenderer::format).collect(Collectors.toCollection(LinkedHashSet::new));
        this.properties = properties;
    }

    @PostMapping
    ResponseEntity<ApiResponse<WebhookEndpointWithSecretView>> create(@AuthenticationPrincipal Caller caller,
            @RequestBody CreateEndpoint body,
            HttpServletRequest request) {
        Fields f = new Fields();
        String url = f.text("url", body.url(), 8, 2048);
        List<String> types = eventTypes(f, body.events(), true);
        String description = f.optionalText("description", body.description(), 500);
        String format = body.format() == null ? NativeRenderer.FORMAT : body.format();
        if (!formats.contains(format)) {
            f.problem("format", "must be one of " + String.join(", ", formats));
        }
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        request.setAttribute(IdempotencyFilter.SENSITIVE_RESPONSE, Boolean.TRUE);
        return Responses.created(endpoints.create(caller, url, types, description, format),
                WebhookEndpointWithSecretView::of);
    }

    @GetMapping
    ResponseEntity<ApiResponse<ListPage<WebhookEndpoint>>> list(@AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) String limit, @RequestParam(required = false) String startingAfter) {
        return Responses.page(Pagination.parse(limit, startingAfter).flatMap(p -> endpoints.list(caller, p)));
    }

    @GetMapping("/{id}")
    ResponseEntity<ApiResponse<WebhookEndpoint>> get(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return Responses.of(endpoints.get(caller, id), e -> e);
    }

    @PatchMapping("/{id}")
    ResponseEntity<ApiResponse<WebhookEndpoint>> update(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            @RequestBody UpdateEndpoint body) {
        Fields f = new Fields();
        String url = body.url() == null ? null : f.text("url", body.url(), 8, 2048);
        List<String> types = body.events() == null ? null : eventTypes(f, body.events(), true);
        String description = f.optionalText("description", body.description(), 500);
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        return Responses.of(endpoints.update(caller, id, new WebhookEndpointService.Changes(url, types, description,
                body.enabled())), e -> e);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<ApiResponse<DeletedWebhookEndpointView>> delete(@AuthenticationPrincipal Caller caller,
            @PathVariable String id) {
        return Responses.of(endpoints.delete(caller, id), e -> new DeletedWebhookEndpointView(e.id(), true));
    }

    @PostMapping("/{id}/rotate-secret")
    ResponseEntity<ApiResponse<WebhookEndpointWithSecretView>> rotate(@AuthenticationPrincipal Caller caller,
            @PathVariable String id,
            @RequestBody(required = false) Rotate body, HttpServletRequest request) {
        Fields f = new Fields();
        Integer seconds = body == null ? null : f.intRange("overlapSeconds", body.overlapSeconds(), 0,
                MAX_OVERLAP_SECONDS);
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        Duration overlap = seconds == null ? properties.getRotationOverlap() : Duration.ofSeconds(seconds);
        request.setAttribute(IdempotencyFilter.SENSITIVE_RESPONSE, Boolean.TRUE);
        return Responses.of(endpoints.rotateSecret(caller, id, overlap), WebhookEndpointWithSecretView::of);
    }

    @GetMapping("/{id}/deliveries")
    ResponseEntity<ApiResponse<ListPage<DeliveryAttemptView>>> deliveries(@AuthenticationPrincipal Caller caller,
            @PathVariable String id,
            @RequestParam(required = false) String eventId, @RequestParam(required = false) String limit,
            @RequestParam(required = false) String startingAfter) {
        return Responses.page(Pagination.parse(limit, startingAfter)
                .flatMap(p -> endpoints.attempts(caller, id, eventId, p)));
    }

    static List<String> eventTypes(Fields f, List<String> requested, boolean required) {
        if (requested == null || requested.isEmpty()) {
            if (required) {
                f.problem("events", "must list event types, or [\"*\"] for all");
            }
            return null;
        }
        if (requested.size() > 100) {
            f.problem("events", "must list at most 100 types");
            return null;
        }
        Set<String> types = new LinkedHashSet<>();
        for (String type : requested) {
            if (type == null || !("*".equals(type) || EventCatalog.known(type))) {
                f.problem("events", "names an unknown event type: " + (type == null ? "null"
                        : type.length() > 80 ? type.substring(0, 80) : type));
                return null;
            }
            types.add(type);
        }
        return types.contains("*") ? List.of("*") : List.copyOf(types);
    }
}
