package io.emboss.tenancy;

import io.emboss.shared.Caller;
import io.emboss.web.ApiResponse;
import io.emboss.web.Fields;
import io.emboss.web.Responses;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The platform operator's unlock of login locks: an account by email, a client address, or both. */
@RestController
class PlatformLoginLockController {
    record Unlock(String email, String address) {
    }

    private final UserService users;

    PlatformLoginLockController(UserService users) {
        this.users = users;
    }

    @PostMapping("/v1/platform/login-locks/unlock")
    ResponseEntity<ApiResponse<UserService.OperatorUnlock>> unlock(@AuthenticationPrincipal Caller caller,
            @RequestBody Unlock body) {
        Fields f = new Fields();
        String email = body.email() == null ? null : f.text("email", body.email(), 3, 254);
        String address = body.address() == null ? null : f.text("address", body.address(), 2, 45);
        if (body.email() == null && body.address() == null) {
            f.problem("email", "or address is required");
        }
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        return Responses.of(users.unlockAsOperator(caller, email, address), unlocked -> unlocked);
    }
}
