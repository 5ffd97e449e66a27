package io.emboss.dashboard;

import io.emboss.events.EventCatalog;
import io.emboss.events.EventService;
import io.emboss.events.StoredEvent;
import io.emboss.shared.Caller;
import io.emboss.shared.Outcome;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.json.JsonMapper;

/** Events ({@code /v1/events}): the list, an event's JSON as the API and webhooks carry it, and Redeliver. */
@Controller
class EventPagesController {
    private static final String PAGE = "/dashboard/developers/events";

    /** An event as listed. */
    public record EventRow(String id, String type, String createdAt) {
        static EventRow of(StoredEvent e) {
            return new EventRow(e.id(), e.type(), ConsoleLists.time(e.createdAt()));
        }
    }

    private final EventService events;
    private final JsonMapper json;

    EventPagesController(EventService events, JsonMapper json) {
        this.events = events;
        this.json = json;
    }

    @GetMapping(PAGE)
    String list(HttpServletRequest request, HttpServletResponse response, Model model,
            @RequestParam(required = false) String type, @RequestParam(required = false) String startingAfter) {
        String chosen = ConsoleLists.given(type);
        model.addAttribute("page", "developers");
        model.addAttribute("section", "events");
        model.addAttribute("types", List.copyOf(EventCatalog.all().keySet()));
        model.addAttribute("type", chosen);
        if (chosen != null && !EventCatalog.known(chosen)) {
            ConsoleLists.refused(io.emboss.shared.Rejection.of(io.emboss.shared.Rejection.Kind.INVALID,
                    "validation_failed", "type is not a known event type"), response, model);
            return "dashboard/events";
        }
        ConsoleLists.show(ConsoleLists.request(startingAfter).flatMap(p -> events.list(Console.caller(request), chosen,
                null, null, p)), EventRow::of, request, response, model);
        return "dashboard/events";
    }

    @GetMapping(PAGE + "/{id}")
    String event(@PathVariable String id, HttpServletRequest request, HttpServletResponse response, Model model) {
        Outcome<StoredEvent> found = events.get(Console.caller(request), id);
        if (!found.isOk()) {
            return Console.notFound(response, model, "No event " + id + ".");
        }
        model.addAttribute("page", "developers");
        model.addAttribute("section", "events");
        model.addAttribute("event", EventRow.of(found.value()));
        model.addAttribute("payload", json.writerWithDefaultPrettyPrinter()
                .writeValueAsString(json.readTree(found.value().payload())));
        return "dashboard/event";
    }

    /**
     * {@code POST /v1/events/{id}/redeliver}: a new delivery to one endpoint, or to every endpoint
     * subscribed now; back to the page the button was on (a dashboard path only).
     */
    @PostMapping(PAGE + "/{id}/redeliver")
    String redeliver(@PathVariable String id, @RequestParam(required = false) String endpointId,
            @RequestParam(required = false) String back, HttpServletRequest request, HttpServletResponse response,
            Model model, RedirectAttributes flash) {
        Caller caller = Console.caller(request);
        Outcome<List<EventService.Redelivery>> done = events.redeliver(caller, id, ConsoleLists.given(endpointId));
        String notice = done.isOk() && done.value().isEmpty() ? "No endpoint is subscribed to this event now."
                : "Redelivery scheduled for event " + id + ".";
        return Console.after(done, notice, safeBack(back, PAGE + "/" + id), flash, response, model);
    }

    /** Only a path of the dashboard: a form field must not send the browser elsewhere. */
    static String safeBack(String back, String otherwise) {
        return back != null && back.startsWith("/dashboard") && !back.contains("//") && !back.contains("\\")
                ? back : otherwise;
    }
}
