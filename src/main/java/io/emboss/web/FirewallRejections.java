package io.emboss.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;

/**
 * What Spring Security's firewall refuses (a method outside the standard ones, a path that is not
 * canonical: encoded slash or percent, {@code ;}, {@code //}, {@code ..}, a control character in a
 * header) is answered with the envelope: 405 method_not_allowed for the method, 400
 * validation_failed otherwise. The firewall's message quotes the offending value: it is neither
 * logged nor echoed.
 */
@Component
class FirewallRejections implements RequestRejectedHandler {
    private final EnvelopeWriter envelope;

    FirewallRejections(EnvelopeWriter envelope) {
        this.envelope = envelope;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
            throws IOException {
        if (!ErrorEndpoint.METHODS.contains(request.getMethod())) {
            Refusals.log(405, "method_not_allowed", "non-standard HTTP method");
            envelope.write(request, response, 405, "method_not_allowed", "This HTTP method is not allowed");
            return;
        }
        Refusals.log(400, "validation_failed", "request not in canonical form");
        Map<String, String> fields = Map.of("request", "is not in canonical form (the path may not contain encoded "
                + "slashes or percent signs, ';', '//' or '..', nor a header control characters)");
        envelope.write(request, response, 400, "validation_failed", "request " + fields.get("request"), fields);
    }
}
