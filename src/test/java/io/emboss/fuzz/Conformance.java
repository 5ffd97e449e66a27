package io.emboss.fuzz;

import io.emboss.support.Api;
import io.emboss.support.ApiContract;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Whether an answer keeps the document: when the request still addresses its operation (the same
 * method, a path its template matches; a damaged path or another method addresses something else),
 * the status must be one the operation declares and the body must validate against that status's
 * schema ({@link ApiContract}, the same check every HTTP test's answers get).
 */
final class Conformance {
    static final String KIND = "not as documented";

    private final Map<String, ApiContract.Document> documents;

    /** The documents by dialect: native, core, alix, ops. */
    Conformance(Map<String, JsonNode> documents) {
        this.documents = new java.util.HashMap<>();
        documents.forEach((dialect, doc) -> this.documents.put(dialect, new ApiContract.Document(doc)));
    }

    /** The problem with the answer, or null when it conforms or the request addresses no operation of it. */
    String problem(FuzzCase c, RawHttp.Response r) {
        if (!readable(c.target)) {
            return null;
        }
        ApiContract.Document doc = documents.get(c.operation.dialect());
        Optional<ApiContract.Operation> op = doc == null ? Optional.empty() : doc.find(c.method, c.target);
        if (op.isEmpty() || !op.get().template().equals(c.operation.path())
                || !op.get().method().equals(c.operation.method())) {
            return null;
        }
        JsonNode body;
        try {
            body = r.body().isBlank() ? null : Api.JSON.readTree(r.body());
        } catch (RuntimeException notJson) {
            body = null;
        }
        List<String> problems = doc.problems(op.get(), r.status(), r.header("content-type"), body, r.body().isBlank());
        return problems.isEmpty() ? null : KIND + ": " + String.join("; ", problems);
    }

    /** The longest request line with headers the server reads (Tomcat's max-http-request-header-size). */
    private static final int HEADER_BYTES = 8 * 1024;
    /** What RFC 3986 lets a request target hold: unreserved, sub-delims, ":@/?" and percent escapes. */
    private static final java.util.regex.Pattern TARGET = java.util.regex.Pattern.compile(
            "[A-Za-z0-9\\-._~!$&'()*+,;=:@/?%]*");

    /**
     * Whether HTTP can carry the target at all. One it cannot (a fragment, a raw backslash, a request
     * line longer than the server reads) is refused while the request line is read, before there is a
     * path, so before anyone knows the operation or its dialect: it names no operation, and the answer
     * is the native envelope (docs/compat.md), which {@link Oracle} still checks.
     */
    static boolean readable(String target) {
        return target.length() < HEADER_BYTES - 512 && TARGET.matcher(target).matches();
    }
}
