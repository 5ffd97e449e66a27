package io.emboss.compat;

import io.emboss.web.ApiDialect;
import io.emboss.web.ErrorCatalog;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.springdoc.core.customizers.GlobalOperationComponentsCustomizer;
import org.springdoc.core.models.GroupedOpenApi;
import org.springdoc.core.utils.SpringDocAnnotationsUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.method.HandlerMethod;

/**
 * The OpenAPI document of one compat dialect, served at {@code /v3/api-docs/<name>} (a springdoc
 * group over {@code /compat/<name>/**}): its own title and description, the security scheme its
 * clients authenticate with (none on its public login paths), its tags in order, the success bodies
 * its controllers declare, the request bodies they read as JSON nodes ({@link DialectBody}), and
 * every error status an operation can answer with in the dialect's own error body. Those errors are
 * the codes the operation names in {@link DialectErrors} plus the ones any operation of the dialect
 * can meet before or around its controller: bad input, an odd Accept, credentials, the rate limit,
 * idempotency keys, the body limit, failures.
 *
 * @param dialect   the dialect: its path prefix names the group, its public paths need no credentials
 * @param info      title, version and description of the document
 * @param security  the schemes a client may authenticate with (any one of them)
 * @param tags      the operations' tags, in the order the document shows them
 * @param errorBody the record every error of the dialect is written as
 * @param codeNote  how the dialect shows a native error code beside its meaning (Alix: its number)
 */
public record DialectDocument(ApiDialect dialect, Info info, Map<String, SecurityScheme> security, List<Tag> tags,
                              Class<?> errorBody, Function<String, String> codeNote) {
    private static final String JSON = org.springframework.http.MediaType.APPLICATION_JSON_VALUE;
    /** A body's size and type are checked before any endpoint runs, whether the operation reads a body or not. */
    private static final List<String> ANY_OPERATION = List.of("validation_failed", "not_acceptable",
            "payload_too_large", "unsupported_media_type", "internal_error", "service_unavailable");
    private static final List<String> WITH_BODY = List.of("malformed_json");
    private static final List<String> AUTHENTICATED = List.of("missing_credentials", "invalid_credentials",
            "token_expired", "forbidden", "tenant_suspended", "rate_limited");
    private static final List<String> AUTHENTICATED_POST = List.of("idempotency_key_in_use",
            "idempotency_request_in_progress");

    /** The dialect's name, as in its prefix {@code /compat/<name>/}. */
    public String name() {
        return dialect.pathPrefix().substring("/compat/".length(), dialect.pathPrefix().length() - 1);
    }

    public GroupedOpenApi group() {
        return GroupedOpenApi.builder().group(name()).displayName(info.getTitle())
                .pathsToMatch(dialect.pathPrefix() + "**")
                .addOperationCustomizer(new GlobalOperationComponentsCustomizer() {
                    @Override
                    public Operation customize(Operation operation, Components components, HandlerMethod handler) {
                        return describe(operation, components, handler);
                    }

                    @Override
                    public Operation customize(Operation operation, HandlerMethod handler) {
                        // springdoc calls the form with the components; this one is never used
                        return describe(operation, new Components(), handler);
                    }
                })
                .addOpenApiCustomizer(this::finish)
                .build();
    }

    /** One operation: its security, JSON as its success type, and its error answers. */
    private Operation describe(Operation operation, Components components, HandlerMethod handler) {
        boolean isPublic = dialect.isPublic(path(handler));
        DialectBody body = handler.getMethodAnnotation(DialectBody.class);
        if (body != null && operation.getRequestBody() != null) {
            operation.getRequestBody().setContent(new Content().addMediaType(JSON, new MediaType().schema(
                    SpringDocAnnotationsUtils.extractSchema(components, body.value(), null, null, SpecVersion.V31))));
        }
        if (isPublic) {
            operation.setSecurity(new ArrayList<>());
        }
        for (ApiResponse success : operation.getResponses().values()) {
            Content content = success.getContent();
            if (content != null && content.containsKey("*/*")) {
                success.setContent(new Content().addMediaType(JSON, content.get("*/*")));
            }
        }
        Set<String> codes = new LinkedHashSet<>(ANY_OPERATION);
        if (operation.getRequestBody() != null) {
            codes.addAll(WITH_BODY);
        }
        if (!isPublic) {
            codes.addAll(AUTHENTICATED);
            if (handler.hasMethodAnnotation(org.springframework.web.bind.annotation.PostMapping.class)) {
                codes.addAll(AUTHENTICATED_POST);
            }
        }
        DialectErrors own = handler.getMethodAnnotation(DialectErrors.class);
        if (own != null) {
            codes.addAll(List.of(own.value()));
        }
        Schema<?> error = SpringDocAnnotationsUtils.extractSchema(components, errorBody, null, null, SpecVersion.V31);
        Map<Integer, List<String>> byStatus = new TreeMap<>();
        for (String code : codes) {
            ErrorCatalog.Entry entry = ErrorCatalog.all().get(code);
            if (entry == null) {
                throw new IllegalStateException(handler + " names an error code the catalogue lacks: " + code);
            }
            byStatus.computeIfAbsent(entry.status(), s -> new ArrayList<>()).add(code);
        }
        ApiResponses responses = operation.getResponses();
        byStatus.forEach((status, list) -> responses.addApiResponse(Integer.toString(status), error(status, list,
                error)));
        return operation;
    }

    private ApiResponse error(int status, List<String> codes, Schema<?> schema) {
        StringBuilder text = new StringBuilder();
        for (String code : codes) {
            text.append(text.isEmpty() ? "" : "\n\n").append(codeNote.apply(code)).append(": ")
                    .append(ErrorCatalog.all().get(code).meaning());
        }
        ApiResponse response = new ApiResponse().description(text.toString())
                .content(new Content().addMediaType(JSON, new MediaType().schema(schema)));
        if (status == 429 || status == 503) {
            response.addHeaderObject("Retry-After", new Header().description("Seconds to wait before retrying")
                    .schema(new Schema<>().type("integer").types(Set.of("integer"))));
        }
        return response;
    }

    /** The whole document: its own info, security, tags; nullable fields in the 3.1 form; no unused schema. */
    private void finish(OpenAPI openApi) {
        openApi.info(info);
        Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
        components.setSecuritySchemes(new LinkedHashMap<>(security));
        openApi.components(components);
        List<SecurityRequirement> any = new ArrayList<>();
        security.keySet().forEach(name -> any.add(new SecurityRequirement().addList(name)));
        openApi.setSecurity(any);
        openApi.setTags(new ArrayList<>(tags));
        DocumentSchemas.finish(openApi);
    }

    /** The path the handler serves: its class's {@code @RequestMapping} prefix and its own. */
    private static String path(HandlerMethod handler) {
        RequestMapping type = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), RequestMapping.class);
        Method method = handler.getMethod();
        RequestMapping own = AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class);
        String prefix = type == null || type.path().length == 0 ? "" : type.path()[0];
        return prefix + (own == null || own.path().length == 0 ? "" : own.path()[0]);
    }
}
