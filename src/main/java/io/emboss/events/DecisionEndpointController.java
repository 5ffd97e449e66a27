package io.emboss.events;

import io.emboss.events.DecisionEndpointViews.DecisionEndpointView;
import io.emboss.events.DecisionEndpointViews.DeletedDecisionEndpointView;
import io.emboss.events.DecisionEndpointViews.SavedDecisionEndpointView;
import io.emboss.shared.Caller;
import io.emboss.web.ApiResponse;
import io.emboss.web.Fields;
import io.emboss.web.IdempotencyFilter;
import io.emboss.web.Responses;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The tenant's real-time authorization decision endpoint. */
@RestController
@RequestMapping("/v1/authorization-endpoint")
class DecisionEndpointController {
    record SaveEndpoint(String url, String standIn, JsonNode timeoutMs, Boolean rotateSecret) {
    }

    private final DecisionWebhooks webhooks;

    DecisionEndpointController(DecisionWebhooks webhooks) {
        this.webhooks = webhooks;
    }

    @PutMapping
    ResponseEntity<ApiResponse<SavedDecisionEndpointView>> save(@AuthenticationPrincipal Caller caller,
            @RequestBody SaveEndpoint body,
            HttpServletRequest request) {
        Fields f = new Fields();
        String url = f.text("url", body.url(), 8, 2048);
        String standIn = body.standIn() == null ? "decline" : body.standIn();
        if (!standIn.equals("approve") && !standIn.equals("decline")) {
            f.problem("standIn", "must be approve or decline");
        }
        Integer timeout = f.intRange("timeoutMs", body.timeoutMs(), 100, DecisionWebhooks.MAX_TIMEOUT_MS);
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        request.setAttribute(IdempotencyFilter.SENSITIVE_RESPONSE, Boolean.TRUE);
        return Responses.of(webhooks.save(caller, url, standIn,
                timeout == null ? DecisionWebhooks.DEFAULT_TIMEOUT_MS : timeout, Boolean.TRUE.equals(body.rotateSecret())),
                SavedDecisionEndpointView::of);
    }

    @GetMapping
    ResponseEntity<ApiResponse<DecisionEndpointView>> get(@AuthenticationPrincipal Caller caller) {
        return Responses.of(webhooks.get(caller), DecisionEndpointView::of);
    }

    @DeleteMapping
    ResponseEntity<ApiResponse<DeletedDecisionEndpointView>> delete(@AuthenticationPrincipal Caller caller) {
        return Responses.of(webhooks.delete(caller), DeletedDecisionEndpointView::new);
    }
}
