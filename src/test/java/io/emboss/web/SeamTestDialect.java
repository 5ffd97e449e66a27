package io.emboss.web;

import io.emboss.shared.Caller;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Test-only dialect at /compat/seam-test/: its own error shape, its credential in a header of its own,
 * one public path; used by {@link DialectSeamTest} to see the seam from outside.
 */
@Component
class SeamTestDialect implements ApiDialect {
    static final String PREFIX = "/compat/seam-test/";

    @Override
    public String pathPrefix() {
        return PREFIX;
    }

    @Override
    public ErrorReply error(int status, String code, String message, Map<String, String> fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ok", false);
        body.put("problem", code);
        body.put("fields", fields);
        return new ErrorReply(status == 401 ? 418 : status, body);
    }

    @Override
    public String credential(HttpServletRequest request) {
        return request.getHeader("x-seam-token");
    }

    @Override
    public boolean isPublic(String path) {
        return path.equals(PREFIX + "open");
    }

    @RestController
    static class Endpoints {
        @GetMapping(PREFIX + "whoami")
        Map<String, Object> whoami(@AuthenticationPrincipal Caller caller) {
            return Map.of("tenant", caller.tenantId());
        }

        @GetMapping(PREFIX + "open")
        Map<String, Object> open() {
            return Map.of("open", true);
        }

        @PostMapping(PREFIX + "echo")
        Map<String, Object> echo(@RequestBody Map<String, Object> body) {
            return body;
        }

        @GetMapping(PREFIX + "boom")
        Map<String, Object> boom() {
            throw new IllegalStateException("secret internals");
        }
    }
}
