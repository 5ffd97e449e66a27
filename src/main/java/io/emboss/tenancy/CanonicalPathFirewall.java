package io.emboss.tenancy;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's strict firewall (no {@code //}, {@code /./}, {@code ;}, encoded {@code /}, {@code .}
 * or {@code %}), and also no percent-encoded letter, digit, {@code -}, {@code _} or {@code ~} in the
 * path: RFC 3986 (2.3) says they are never to be encoded, so a request that does is spelling a path
 * in a second way, which is how {@code /v1/%73imulate/deposits} once passed a prefix check. Decisions
 * are made on the canonical path anyway ({@link io.emboss.web.RequestPaths}); this refuses the odd
 * spellings outright (400), so no check anywhere has to get them right.
 */
class CanonicalPathFirewall extends StrictHttpFirewall {

    @Override
    public FirewalledRequest getFirewalledRequest(HttpServletRequest request) throws RequestRejectedException {
        String uri = request.getRequestURI();
        if (uri != null && encodesUnreserved(uri)) {
            // the rejection's message is logged by the framework: never the path (it may carry anything)
            throw new RequestRejectedException("The request path percent-encodes an unreserved character");
        }
        return super.getFirewalledRequest(request);
    }

    static boolean encodesUnreserved(String uri) {
        for (int i = uri.indexOf('%'); i >= 0 && i + 2 < uri.length(); i = uri.indexOf('%', i + 1)) {
            int high = Character.digit(uri.charAt(i + 1), 16);
            int low = Character.digit(uri.charAt(i + 2), 16);
            if (high < 0 || low < 0) {
                continue;
            }
            char c = (char) (high * 16 + low);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                return true;
            }
        }
        return false;
    }
}
