package io.emboss.events;

import io.emboss.shared.Caller;
import io.emboss.web.ApiResponse;
import io.emboss.web.Fields;
import io.emboss.web.ListPage;
import io.emboss.web.Pagination;
import io.emboss.web.Responses;
import java.time.Instant;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/** The events API: catch up on anything a webhook missed, and ask for a redelivery. */
@RestController
@RequestMapping("/v1/events")
class EventController {
    record Redeliver(String endpointId) {
    }

    private final EventService events;
    private final JsonMapper json;

    EventController(EventService events, JsonMapper json) {
        this.events = events;
        this.json = json;
    }

    @GetMapping
    ResponseEntity<ApiResponse<ListPage<EventView>>> list(@AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) String type, @RequestParam(required = false) String createdFrom,
            @RequestParam(required = false) String createdTo, @RequestParam(required = false) String limit,
            @RequestParam(required = false) String startingAfter) {
        Fields f = new Fields();
        if (type != null && !EventCatalog.known(type)) {
            f.problem("type", "is not a known event type");
        }
        Instant from = f.instant("createdFrom", createdFrom);
        Instant to = f.instant("createdTo", createdTo);
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        return Responses.page(Pagination.parse(limit, startingAfter)
                .flatMap(p -> events.list(caller, type, from, to, p)), this::view);
    }

    @GetMapping("/{id}")
    ResponseEntity<ApiResponse<EventView>> get(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return Responses.of(events.get(caller, id), this::view);
    }

    @PostMapping("/{id}/redeliver")
    ResponseEntity<ApiResponse<EventView.EventRedeliveryView>> redeliver(@AuthenticationPrincipal Caller caller,
            @PathVariable String id,
            @RequestBody(required = false) Redeliver body) {
        String endpointId = body == null ? null : body.endpointId();
        return Responses.of(events.redeliver(caller, id, endpointId),
                list -> new EventView.EventRedeliveryView(id, list));
    }

    private EventView view(StoredEvent e) {
        return EventView.of(json.readTree(e.payload()));
    }

}
