package io.emboss.dashboard;

import io.emboss.events.DeliveryAttemptView;
import io.emboss.events.EventCatalog;
import io.emboss.events.WebhookEndpoint;
import io.emboss.events.WebhookEndpointService;
import io.emboss.events.WebhookProperties;
import io.emboss.shared.Caller;
import io.emboss.shared.Outcome;
import io.emboss.web.Fields;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Webhook endpoints ({@code /v1/webhook-endpoints}): list, create, and an endpoint's page with its
 * delivery attempts, rotate secret, disable or enable, delete. A signing secret is on the answer to
 * the creation or rotation only.
 */
@Controller
class WebhookPagesController {
    private static final String PAGE = "/dashboard/developers/webhooks";

    /** An endpoint as listed. */
    public record EndpointRow(String id, String url, String description, String events, boolean enabled,
                              String disabledReason, String createdAt) {
        static EndpointRow of(WebhookEndpoint e) {
            return new EndpointRow(e.id(), e.url(), e.description(), String.join(", ", e.events()), e.enabled(),
                    e.disabledReason(), ConsoleLists.time(e.createdAt()));
        }
    }

    /** One delivery attempt: its outcome and what the endpoint answered. */
    public record AttemptRow(String id, String eventId, String eventType, int attempt, String status,
                             Integer responseCode, String error, long durationMs, String at) {
        static AttemptRow of(DeliveryAttemptView a) {
            return new AttemptRow(a.id(), a.eventId(), a.eventType(), a.attempt(), a.status(), a.responseCode(),
                    a.error(), a.durationMs(), ConsoleLists.time(a.createdAt()));
        }
    }

    private final WebhookEndpointService endpoints;
    private final WebhookProperties properties;

    WebhookPagesController(WebhookEndpointService endpoints, WebhookProperties properties) {
        this.endpoints = endpoints;
        this.properties = properties;
    }

    @GetMapping(PAGE)
    String list(HttpServletRequest request, HttpServletResponse response, Model model,
            @RequestParam(required = false) String startingAfter) {
        model.addAttribute("page", "developers");
        model.addAttribute("section", "webhooks");
        model.addAttribute("eventTypes", EventCatalog.all());
        ConsoleLists.show(ConsoleLists.request(startingAfter).flatMap(p -> endpoints.list(Console.caller(request), p)),
                EndpointRow::of, request, response, model);
        return "dashboard/webhooks";
    }

    /** Creates an endpoint as {@code POST /v1/webhook-endpoints} does (the native format). */
    @PostMapping(PAGE)
    String create(HttpServletRequest request, HttpServletResponse response, Model model, RedirectAttributes flash,
            @RequestParam(required = false) String url, @RequestParam(required = false) List<String> events,
            @RequestParam(required = false) String description) {
        Fields f = new Fields();
        String target = f.text("url", url == null ? null : url.trim(), 8, 2048);
        List<String> types = eventTypes(f, events);
        String text = f.optionalText("description", ConsoleLists.given(description), 500);
        if (!f.ok()) {
            return Console.rejected(f.rejection(), PAGE, flash, response, model);
        }
        Outcome<WebhookEndpoint.WithSecret> created = endpoints.create(Console.caller(request), target, types, text,
                "native");
        if (!created.isOk()) {
            return Console.rejected(created.rejection(), PAGE, flash, response, model);
        }
        response.setStatus(201);
        return endpoint(created.value().endpoint().id(), null, created.value().secret(), request, response, model);
    }

    /** The API's rule: known event types, or {@code *} for all. */
    private static List<String> eventTypes(Fields f, List<String> requested) {
        Set<String> types = new LinkedHashSet<>(requested == null ? List.of() : requested);
        if (types.isEmpty()) {
            f.problem("events", "must list event types, or all of them");
        } else if (!types.stream().allMatch(t -> "*".equals(t) || EventCatalog.known(t))) {
            f.problem("events", "names an unknown event type");
        }
        return types.contains("*") ? List.of("*") : List.copyOf(types);
    }

    @GetMapping(PAGE + "/{id}")
    String endpoint(@PathVariable String id, @RequestParam(required = false) String startingAfter,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        return endpoint(id, startingAfter, null, request, response, model);
    }

    private String endpoint(String id, String startingAfter, String secret, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        Caller caller = Console.caller(request);
        Outcome<WebhookEndpoint> found = endpoints.get(caller, id);
        if (!found.isOk()) {
            return Console.notFound(response, model, "No webhook endpoint " + id + ".");
        }
        model.addAttribute("page", "developers");
        model.addAttribute("section", "webhooks");
        model.addAttribute("endpoint", EndpointRow.of(found.value()));
        model.addAttribute("secret", secret);
        ConsoleLists.show(ConsoleLists.request(startingAfter).flatMap(p -> endpoints.attempts(caller, id, null, p)),
                AttemptRow::of, request, response, model);
        return "dashboard/webhook";
    }

    @PostMapping(PAGE + "/{id}/rotate-secret")
    String rotate(@PathVariable String id, HttpServletRequest request, HttpServletResponse response, Model model,
            RedirectAttributes flash) {
        Outcome<WebhookEndpoint.WithSecret> rotated = endpoints.rotateSecret(Console.caller(request), id,
                properties.getRotationOverlap());
        if (!rotated.isOk()) {
            return Console.rejected(rotated.rejection(), PAGE + "/" + id, flash, response, model);
        }
        return endpoint(id, null, rotated.value().secret(), request, response, model);
    }

    @PostMapping(PAGE + "/{id}/enabled")
    String enable(@PathVariable String id, @RequestParam(required = false) String enabled, HttpServletRequest request,
            HttpServletResponse response, Model model, RedirectAttributes flash) {
        boolean on = "true".equals(enabled);
        return Console.after(endpoints.update(Console.caller(request), id,
                new WebhookEndpointService.Changes(null, null, null, on)),
                on ? "Endpoint enabled." : "Endpoint disabled: its pending deliveries were cancelled.", PAGE + "/" + id,
                flash, response, model);
    }

    @PostMapping(PAGE + "/{id}/delete")
    String delete(@PathVariable String id, HttpServletRequest request, HttpServletResponse response, Model model,
            RedirectAttributes flash) {
        return Console.after(endpoints.delete(Console.caller(request), id), "Endpoint " + id + " deleted.", PAGE,
                flash, response, model);
    }
}
