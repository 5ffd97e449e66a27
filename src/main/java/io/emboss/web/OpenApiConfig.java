package io.emboss.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The base of every OpenAPI document (title, the server, the two bearer schemes); the error-code
 * table is the description of the last tag, "Errors" ({@link #errorsTag()}), so that Swagger UI
 * shows it after the operations. The native
 * API's document at /v3/api-docs (UI at /docs) is shaped by {@link NativeApiDocument}.
 */
@Configuration
class OpenApiConfig {

    @Bean
    OpenAPI embossOpenApi() {
        String about = """
                Every response is the envelope `{success, errorCode, message, data}`.
                Amounts are decimal strings in the currency's unit ("100.50"); numbers are accepted on input.
                Lists take `limit` (1-100, default 20) and `startingAfter` (an id) and return
                `data = {items, hasMore, nextCursor}`, newest first. Every POST accepts `Idempotency-Key`.
                Every `errorCode` is listed under **Errors**, after the operations.
                """;
        return new OpenAPI()
                .info(new Info().title("Emboss API").version("v1")
                        .description(about)
                        .license(new License().name("Apache-2.0").identifier("Apache-2.0")))
                .servers(List.of(new Server().url("/").description("This Emboss server")))
                .components(new Components()
                        .addSecuritySchemes(NativeApiDocument.API_KEY, new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("A tenant's API key (sk_test_… for the sandbox, sk_live_… for live "
                                        + "data) or a dashboard user's access token (at_…, from login)"))
                        .addSecuritySchemes(NativeApiDocument.ADMIN_TOKEN, new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("The platform operator's admin token (EMBOSS_ADMIN_TOKEN), accepted "
                                        + "only under /v1/platform/")));
    }

    /**
     * The tag "Errors", listed last and used by no operation: its description is the table of every
     * {@code errorCode}, which Swagger UI renders below the operations (an info description would be above).
     */
    static Tag errorsTag() {
        StringBuilder table = new StringBuilder("""
                Every error answers the envelope with `success: false` and one of these `errorCode` values.

                | errorCode | HTTP | meaning |
                | --- | --- | --- |
                """);
        for (Map.Entry<String, ErrorCatalog.Entry> e : ErrorCatalog.all().entrySet()) {
            table.append("| `").append(e.getKey()).append("` | ").append(e.getValue().status()).append(" | ")
                    .append(e.getValue().meaning()).append(" |\n");
        }
        return new Tag().name(ERRORS_TAG).description(table.toString());
    }

    static final String ERRORS_TAG = "Errors";
}
