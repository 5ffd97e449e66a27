package io.emboss.tenancy;

import io.emboss.shared.Caller;
import io.emboss.web.ApiResponse;
import io.emboss.web.Responses;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tenant's dashboard users and their permissions. Permissions are granted with an API key
 * (the tenant's own machine credential), never by a user to themselves.
 */
@RestController
@RequestMapping("/v1/users")
class UserController {
    static final Set<String> KNOWN_PERMISSIONS = Set.of(Caller.PERMISSION_READ_SENSITIVE);

    record UpdateUser(List<String> permissions) {
    }

    private final UserRepository users;

    UserController(UserRepository users) {
        this.users = users;
    }

    @GetMapping
    ResponseEntity<ApiResponse> list(@AuthenticationPrincipal Caller caller) {
        return Responses.ok(Map.of("items", users.ofTenant(caller.tenantId()).stream().map(UserController::view)
                .toList(), "hasMore", false));
    }

    @PatchMapping("/{id}")
    @Transactional
    public ResponseEntity<ApiResponse> update(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            @RequestBody UpdateUser body) {
        if (caller.type() != Caller.Type.API_KEY) {
            return ResponseEntity.status(403).body(ApiResponse.error("forbidden",
                    "Permissions are granted with an API key", null));
        }
        var user = users.find(caller.tenantId(), id);
        if (user.isEmpty()) {
            return Responses.rejected(io.emboss.shared.Rejection.of(io.emboss.shared.Rejection.Kind.NOT_FOUND,
                    "resource_not_found", "No such user " + id));
        }
        if (body.permissions() == null || !KNOWN_PERMISSIONS.containsAll(body.permissions())) {
            return Responses.rejected(new io.emboss.shared.Rejection(io.emboss.shared.Rejection.Kind.INVALID,
                    "validation_failed", "permissions must be a list of: " + String.join(", ", KNOWN_PERMISSIONS),
                    Map.of("permissions", "must be a list of: " + String.join(", ", KNOWN_PERMISSIONS))));
        }
        users.setPermissions(id, new TreeSet<>(body.permissions()));
        return Responses.ok(view(users.find(caller.tenantId(), id).orElseThrow()));
    }

    static Map<String, Object> view(UserRepository.User u) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", u.id());
        view.put("email", u.email());
        view.put("permissions", new TreeSet<>(u.permissions()));
        return view;
    }
}
