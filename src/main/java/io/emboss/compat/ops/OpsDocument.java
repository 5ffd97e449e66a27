package io.emboss.compat.ops;

import io.emboss.compat.DialectDocument;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Seed 003's card operations as their own OpenAPI document, at {@code /v3/api-docs/ops}. */
@Configuration(proxyBeanMethods = false)
class OpsDocument {

    @Bean
    GroupedOpenApi opsApiDocument(OpsDialect dialect) {
        Info info = new Info().title("Emboss — Card Operations (seed 003)").version("v1").description("""
                Seed 003's card operations over Emboss, at `/compat/ops`: every operation a `POST` with a JSON \
                body, users, cards, templates and transactions named by number (`user_id`, `card_id`; \
                `POST /compat/ops/ids` gives the number of an object created through `/v1`), amounts as JSON \
                numbers. Authenticate with an Emboss API key, `Authorization: Bearer sk_test_…`.

                Every error is `{"message": "…", "code": "<native errorCode>"}`, with `fields` naming the \
                offending input on a 400. Results also arrive as webhooks (`CARD_RECHARGE_RESULT`, \
                `CARD_STATUS_CHANGE`, `CARD_CLOSE_RESULT`, …) at endpoints registered with `format: "ops"`. \
                See docs/compat-ops.md.""");
        SecurityScheme bearer = new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                .description("An API key (sk_test_… / sk_live_…), or a dashboard user's access token");
        List<Tag> tags = List.of(
                new Tag().name("Card Operations").description("The seed's operations on one card or its history"),
                new Tag().name("Ids").description("Not in the seed: the numbers of native objects"));
        return new DialectDocument(dialect, info, Map.of("bearer", bearer), tags, OpsWire.OpsError.class,
                code -> "`" + code + "`").group();
    }
}
