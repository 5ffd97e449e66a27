package io.emboss.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description at /v3/api-docs (UI at /docs), with the error-code table in it. */
@Configuration
class OpenApiConfig {

    @Bean
    OpenAPI embossOpenApi() {
        StringBuilder errors = new StringBuilder("""
                Every response is the envelope `{success, errorCode, message, data}`.
                Amounts are decimal strings in the currency's unit ("100.50"); numbers are accepted on input.
                Lists take `limit` (1-100, default 20) and `startingAfter` (an id) and return
                `data = {items, hasMore, nextCursor}`, newest first. Every POST accepts `Idempotency-Key`.

                | errorCode | HTTP | meaning |
                | --- | --- | --- |
                """);
        for (Map.Entry<String, ErrorCatalog.Entry> e : ErrorCatalog.all().entrySet()) {
            errors.append("| `").append(e.getKey()).append("` | ").append(e.getValue().status()).append(" | ")
                    .append(e.getValue().meaning()).append(" |\n");
        }
        return new OpenAPI()
                .info(new Info().title("Emboss API").version("v1")
                        .description(errors.toString())
                        .license(new License().name("Apache-2.0")))
                .components(new Components().addSecuritySchemes("bearer",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("sk_test_… / sk_live_… API key, an access token, or the platform admin token")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
