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
 * {@code ./mvnw -q -o test -Dtest=OpenApiSnapshotTest -Dopenapi.snapshot.update=true}.
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
        assertThat(copy)
                .as("%s differs from /v3/api-docs: the SDK would be generated from a stale document. If the API "
                        + "change is intended, run ./mvnw -q -o test -Dtest=OpenApiSnapshotTest "
                        + "-Dopenapi.snapshot.update=true and commit the file", SNAPSHOT)
                .isEqualTo(served);
    }
}
