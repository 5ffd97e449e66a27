package io.emboss.compat.core;

import io.emboss.compat.DialectDocument;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Seed 004's Core API as its own OpenAPI document, at {@code /v3/api-docs/core}. */
@Configuration(proxyBeanMethods = false)
class CoreDocument {

    @Bean
    GroupedOpenApi coreApiDocument(CoreDialect dialect) {
        Info info = new Info().title("Emboss — Core API (seed 004)").version("v1").description("""
                Seed 004's Core API over Emboss, at `/compat/core`: raw JSON bodies without an envelope, ids \
                `cus_…` / `card_…`, every success a 200. Authenticate with `POST /compat/core/auth/login` and send \
                the token as `Authorization: Bearer <token>` (an `sk_test_…` / `sk_live_…` API key works too); \
                it lasts 15 minutes, then calls answer 403 `token_expired`: log in again.

                Every error is `{"error": "<native errorCode>", "message": "…"}`, with `fields` naming the \
                offending input on a 400; the status is the native one. Every answer carries \
                `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset`. See docs/compat.md.""");
        SecurityScheme bearer = new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                .description("The token of POST /compat/core/auth/login, or an API key");
        List<Tag> tags = List.of(
                new Tag().name("Authentication").description("Log in and out"),
                new Tag().name("Customers"),
                new Tag().name("Virtual Cards").description("Issue, assign, activate, block and cancel cards"),
                new Tag().name("Balances"),
                new Tag().name("Transactions").description("A card's movements"));
        return new DialectDocument(dialect, info, Map.of("bearer", bearer), tags, CoreWire.CoreError.class,
                code -> "`" + code + "`").group();
    }
}
