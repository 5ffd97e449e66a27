package io.emboss.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;

/**
 * The few operations that take a file instead of a JSON body: a network's clearing file (CSV, as the
 * raw body or a multipart part) and a dispute's evidence (multipart). Only these may send multipart
 * or a body over the API's JSON limit; each has its own limit, and none is buffered in memory to
 * fingerprint an Idempotency-Key (a clearing file is idempotent by its content instead).
 */
public final class Uploads {
    static final Pattern CLEARING_FILES = Pattern.compile("/v1/platform/clearing-files");
    static final Pattern EVIDENCE_FILES = Pattern.compile("/v1/disputes/[^/]+/files");

    private Uploads() {
    }

    /** Whether this request is a POST to an upload operation. */
    public static boolean isUpload(HttpServletRequest request) {
        if (!"POST".equals(request.getMethod())) {
            return false;
        }
        String path = RequestPaths.of(request);
        return CLEARING_FILES.matcher(path).matches() || EVIDENCE_FILES.matcher(path).matches();
    }

    /** The body limit of this request: an upload's own, or the API's. */
    static long limitOf(HttpServletRequest request, long apiMaxBytes, long clearingMaxBytes, long evidenceMaxBytes) {
        if (!"POST".equals(request.getMethod())) {
            return apiMaxBytes;
        }
        String path = RequestPaths.of(request);
        if (CLEARING_FILES.matcher(path).matches()) {
            // a file as JSON is parsed in memory: it keeps the API's limit; a CSV upload streams
            String type = request.getContentType();
            boolean json = type != null && type.toLowerCase(java.util.Locale.ROOT).contains("json");
            return json ? apiMaxBytes : clearingMaxBytes;
        }
        return EVIDENCE_FILES.matcher(path).matches() ? evidenceMaxBytes : apiMaxBytes;
    }
}
