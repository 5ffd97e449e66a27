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
}
