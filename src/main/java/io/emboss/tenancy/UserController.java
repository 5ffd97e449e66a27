package io.emboss.tenancy;

import io.swagger.v3.oas.annotations.media.Schema;
import io.emboss.shared.Caller;
import io.emboss.web.ApiResponse;
import io.emboss.web.ListPage;
import io.emboss.web.Responses;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The tenant's dashboard users and their permissions; the rules are {@link UserService}'s. */
@RestController
@RequestMapping("/v1/users")
class UserController {
    record UpdateUser(List<String> permissions) {
    }

    record UserView(String id, String email, List<String> permissions, @Schema(nullable = true) Instant lockedUntil) {
        static UserView of(UserService.DashboardUser u) {
            return new UserView(u.id(), u.email(), u.permissions().stream().sorted().toList(), u.lockedUntil());
        }
    }

    private final UserService users;

    UserController(UserService users) {
        this.users = users;
    }

    @GetMapping
    ResponseEntity<ApiResponse<ListPage<UserView>>> list(@AuthenticationPrincipal Caller caller) {
        return Responses.of(users.list(caller), list -> ListPage.all(list, UserView::of));
    }

    @PatchMapping("/{id}")
    ResponseEntity<ApiResponse<UserView>> update(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            @RequestBody UpdateUser body) {
        return Responses.of(users.setPermissions(caller, id, body.permissions()), UserView::of);
    }

    /** Ends a lock of the user's login before it runs out (see docs/tenancy-and-auth.md). */
    @PostMapping("/{id}/unlock")
    ResponseEntity<ApiResponse<UserView>> unlock(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return Responses.of(users.unlock(caller, id), UserView::of);
    }
}
