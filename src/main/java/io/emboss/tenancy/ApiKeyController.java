package io.emboss.tenancy;

import io.emboss.shared.Caller;
import io.emboss.web.ApiResponse;
import io.emboss.web.Fields;
import io.emboss.web.IdempotencyFilter;
import io.emboss.web.Pagination;
import io.emboss.web.Responses;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A tenant's own API keys, in the environment of the credentials used. */
@RestController
@RequestMapping("/v1/api-keys")
class ApiKeyController {
    record CreateKey(String name) {
    }

    private final ApiKeyService keys;

    ApiKeyController(ApiKeyService keys) {
        this.keys = keys;
    }

    @PostMapping
    ResponseEntity<ApiResponse> create(@AuthenticationPrincipal Caller caller,
            @RequestBody(required = false) CreateKey body, HttpServletRequest request) {
        Fields f = new Fields();
        String name = body == null || body.name() == null ? "API key" : f.text("name", body.name(), 1, 100);
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        ApiKeyService.CreatedKey created = keys.create(caller, name);
        request.setAttribute(IdempotencyFilter.SENSITIVE_RESPONSE, Boolean.TRUE);
        Map<String, Object> view = new LinkedHashMap<>(view(created.key()));
        view.put("secret", created.secret());
        return Responses.created(view);
    }

    @GetMapping
    ResponseEntity<ApiResponse> list(@AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) String limit, @RequestParam(required = false) String startingAfter) {
        return Responses.of(Pagination.parse(limit, startingAfter).flatMap(p -> keys.list(caller, p)),
                page -> page.map(ApiKeyController::view));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<ApiResponse> revoke(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return Responses.of(keys.revoke(caller, id), ApiKeyController::view);
    }

    static Map<String, Object> view(ApiKey k) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", k.id());
        view.put("name", k.name());
        view.put("environment", k.environment());
        view.put("redacted", k.prefix() + "…" + k.last4());
        view.put("createdAt", k.createdAt());
        view.put("revokedAt", k.revokedAt());
        return view;
    }
}
