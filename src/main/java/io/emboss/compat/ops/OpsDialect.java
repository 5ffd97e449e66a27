package io.emboss.compat.ops;

import io.emboss.web.ApiDialect;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The ops dialect on the native seam: every error under /compat/ops/, whoever answers it (the
 * authentication and rate-limit filters, idempotency, bad JSON, an unknown route, this profile's
 * controllers), is written in the {@link OpsErrors} shape. Credentials are the native Bearer ones.
 */
@Component
class OpsDialect implements ApiDialect {
    static final String PREFIX = "/compat/ops/";

    @Override
    public String pathPrefix() {
        return PREFIX;
    }

    @Override
    public ErrorReply error(int status, String code, String message, Map<String, String> fields) {
        return new ErrorReply(status, OpsErrors.body(code, message, fields));
    }
}
