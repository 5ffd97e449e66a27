package io.emboss.events;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * One webhook POST to a receiver, through {@link OutboundHttp}: redirects are not followed (a 3xx
 * is a failure), the whole exchange must finish within the timeout, at most a bounded prefix of the
 * response is read, and only an address the destination policy allows for the endpoint's
 * environment is connected to, checked on the connection itself.
 */
@Component
class WebhookSender {
    record Result(Integer statusCode, long durationMs, String body, String error) {
        boolean success() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }
    }

    private static final int RECORDED_BODY_CHARS = 2048;

    private final OutboundHttp http;
    private final DestinationPolicy policy;
    private final WebhookProperties properties;

    WebhookSender(OutboundHttp http, DestinationPolicy policy, WebhookProperties properties) {
        this.http = http;
        this.policy = policy;
        this.properties = properties;
    }

    Result send(String url, boolean livemode, String body, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("User-Agent", "Emboss-Webhooks/1");
        OutboundHttp.Reply reply = http.post(url, body, all, policy.strict(livemode), properties.getTimeout(),
                properties.getMaxResponseBytes());
        String text = reply.bodyText();
        if (text != null) {
            // a NUL, which a PostgreSQL text column refuses, would make the attempt unstorable
            text = text.replace('\u0000', '\ufffd');
            text = text.length() > RECORDED_BODY_CHARS ? text.substring(0, RECORDED_BODY_CHARS) : text;
        }
        if (reply.status() != null) {
            // the status came in time: that is the answer, whether or not the body ended by the deadline
            return new Result(reply.status(), reply.durationMs(), text, null);
        }
        return new Result(null, reply.durationMs(), text, reply.error());
    }
}
