package io.emboss.tenancy;

import io.swagger.v3.oas.annotations.media.Schema;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.emboss.shared.Caller;
import io.emboss.web.ApiResponse;
import io.emboss.web.Fields;
import io.emboss.web.IdempotencyFilter;
import io.emboss.web.ListPage;
import io.emboss.web.Pagination;
import io.emboss.web.Responses;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import java.util.Set;
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

/**
 * A tenant's own API keys, in the environment of the credentials used. Every operation needs the
 * {@code admin} permission, and a new key holds at most the permissions of the credential creating it
 * (both enforced by {@link ApiKeyService}).
 */
@RestController
@RequestMapping("/v1/api-keys")
class ApiKeyController {
    record CreateKey(String name, List<String> permissions) {
    }

    /** A key as listed: never its secret. */
    record KeyView(String id, String name, String environment, String redacted, List<String> permissions,
                   Instant createdAt, @Schema(nullable = true) Instant revokedAt) {
        static KeyView of(ApiKey k) {
            return new KeyView(k.id(), k.name(), k.environment(), k.prefix() + "…" + k.last4(),
                    k.permissions().stream().sorted().toList(), k.createdAt(), k.revokedAt());
        }
    }

    /** A key just created, with its secret: the only answer that ever shows it. */
    record CreatedKeyView(@JsonUnwrapped KeyView key, String secret) {
    }

    private final ApiKeyService keys;

    ApiKeyController(ApiKeyService keys) {
        this.keys = keys;
    }

    @PostMapping
    ResponseEntity<ApiResponse<CreatedKeyView>> create(@AuthenticationPrincipal Caller caller,
            @RequestBody(required = false) CreateKey body, HttpServletRequest request) {
        Fields f = new Fields();
        String name = body == null || body.name() == null ? "API key" : f.text("name", body.name(), 1, 100);
        if (body != null && body.permissions() != null && body.permissions().contains(null)) {
            f.problem("permissions", "must be a list of permission names");
        }
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        Set<String> permissions = body == null || body.permissions() == null ? null : Set.copyOf(body.permissions());
        request.setAttribute(IdempotencyFilter.SENSITIVE_RESPONSE, Boolean.TRUE);
        return Responses.created(keys.create(caller, name, permissions),
                created -> new CreatedKeyView(KeyView.of(created.key()), created.secret()));
    }

    @GetMapping
    ResponseEntity<ApiResponse<ListPage<KeyView>>> list(@AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) String limit, @RequestParam(required = false) String startingAfter) {
        return Responses.page(Pagination.parse(limit, startingAfter).flatMap(p -> keys.list(caller, p)),
                KeyView::of);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<ApiResponse<KeyView>> revoke(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return Responses.of(keys.revoke(caller, id), KeyView::of);
    }
}
