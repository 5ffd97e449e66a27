package io.emboss.compat.alix;

import io.emboss.compat.DialectDocument;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Seeds 000/001's Alix Card API as its own OpenAPI document, at {@code /v3/api-docs/alix}. */
@Configuration(proxyBeanMethods = false)
class AlixDocument {

    @Bean
    GroupedOpenApi alixApiDocument(AlixDialect dialect) {
        Info info = new Info().title("Emboss — Alix Card API (seeds 000/001)").version("v2").description("""
                The Alix Card API over Emboss, at `/compat/alix`: every body is `{success, message, data, \
                errorCode}`, `errorCode` 0 on success and a number on failure, with the native HTTP status. \
                Get a token pair with `POST /compat/alix/api/v2/auth/access-token` (`partnerCode` is the email \
                of a tenant dashboard user, `signature` its password) and send the access token in the \
                `access-token` header (`Authorization: Bearer` works too). When it expires (errorCode 3), \
                refresh it; a refresh token works once.

                Error numbers (docs/compat.md): 1 bad input, 2 credentials, 3 token expired, 4 refresh token \
                reused, 5 forbidden, 6 not found, 7 insufficient funds, 8 invalid state, 9 below the minimum \
                top-up, 10 over the maximum balance, 11 idempotency key, 12 rate limited, 13 payload too \
                large, 99 server error.""");
        Map<String, SecurityScheme> security = new LinkedHashMap<>();
        security.put("accessToken", new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.HEADER).name("access-token")
                .description("The accessToken of POST /compat/alix/api/v2/auth/access-token"));
        security.put("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                .description("The same access token, or an API key"));
        List<Tag> tags = List.of(new Tag().name("Auth").description("Access and refresh tokens"),
                new Tag().name("Cards"));
        return new DialectDocument(dialect, info, security, tags, AlixWire.AlixError.class,
                code -> "errorCode " + errorNumber(code) + " (`" + code + "`)").group();
    }

    private static int errorNumber(String code) {
        return AlixDialect.ERROR_CODES.getOrDefault(code,
                io.emboss.web.ErrorCatalog.all().get(code).status() >= 500 ? 99 : 1);
    }
}
