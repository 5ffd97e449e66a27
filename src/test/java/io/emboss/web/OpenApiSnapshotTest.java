package io.emboss.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import io.emboss.support.ApiTestBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 14 item 4: the Java SDK (emboss-java) is generated from a checked-in copy of the native
 * document, so the copy must be the document the server serves, or the SDK drifts from the API.
 * When the API changes on purpose, rewrite the copy and commit it with the change:
 * {@code ./mvnw -q -o -pl server test -Dtest=OpenApiSnapshotTest -Dopenapi.snapshot.update=true}.
 * {@code servers} is left out of the copy: it names the address the request came to (a random port
 * here), and an SDK user gives the base URL to the client anyway.
 */
class OpenApiSnapshotTest extends ApiTestBase {
    /** Relative to the repository root, the tests' working directory. */
    static final Path SNAPSHOT = Path.of("emboss-java", "src", "main", "openapi", "emboss-api.json");

    @Test
    void theSdksCopyOfTheDocumentIsTheServedDocument() throws IOException {
        Api.Resp r = api.get("/v3/api-docs", null);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        ObjectNode served = (ObjectNode) r.body();
        served.remove("servers");
        if (Boolean.getBoolean("openapi.snapshot.update")) {
            String pretty = Api.JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(served);
            Files.writeString(SNAPSHOT, pretty + "\n", StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(SNAPSHOT)).as(SNAPSHOT.toAbsolutePath() + " is missing").isTrue();
        JsonNode copy = Api.JSON.readTree(Files.readString(SNAPSHOT, StandardCharsets.UTF_8));
        assertThat(firstDifference(copy, served, ""))
                .as("%s differs from /v3/api-docs: the SDK would be generated from a stale document. If the API "
                        + "change is intended, run ./mvnw -q -o -pl server test -Dtest=OpenApiSnapshotTest "
                        + "-Dopenapi.snapshot.update=true and commit the file", SNAPSHOT)
                .isNull();
    }

    /** Where the two documents first differ ("/paths/~1v1~1cards/post: ..."), or null when they are equal. */
    private static String firstDifference(JsonNode copy, JsonNode served, String at) {
        if (copy.isObject() && served.isObject()) {
            java.util.Set<String> names = new java.util.TreeSet<>(copy.propertyNames());
            names.addAll(served.propertyNames());
            for (String name : names) {
                String where = at + "/" + name.replace("~", "~0").replace("/", "~1");
                if (!copy.has(name) || !served.has(name)) {
                    return where + ": only in " + (copy.has(name) ? "the copy" : "the served document");
                }
                String inside = firstDifference(copy.get(name), served.get(name), where);
                if (inside != null) {
                    return inside;
                }
            }
            return null;
        }
        if (copy.isArray() && served.isArray() && copy.size() == served.size()) {
            for (int i = 0; i < copy.size(); i++) {
                String inside = firstDifference(copy.get(i), served.get(i), at + "/" + i);
                if (inside != null) {
                    return inside;
                }
            }
            return null;
        }
        return copy.equals(served) ? null : at + ": the copy has " + abbreviate(copy) + ", the server " + abbreviate(served);
    }

    private static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
