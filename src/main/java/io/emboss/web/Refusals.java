package io.emboss.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one log line of a request refused before or around the controllers (malformed request, wrong
 * method, media type, the container's own errors): status, errorCode and a fixed reason, never a
 * request value and never a stack trace. The request id is in the log context.
 */
final class Refusals {
    private static final Logger log = LoggerFactory.getLogger(Refusals.class);

    private Refusals() {
    }

    static void log(int status, String code, String reason) {
        log.info("refused {} {}: {}", status, code, reason);
    }
}
