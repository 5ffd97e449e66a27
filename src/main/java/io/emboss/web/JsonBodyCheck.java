package io.emboss.web;

import io.emboss.shared.RejectedException;
import io.emboss.shared.Rejection;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.util.Map;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.AbstractJacksonHttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every JSON body, for every endpoint and dialect, is checked here once before it is bound: it must be
 * a JSON object (an array, string, number or null is a 400 malformed_json saying so; null is taken
 * as no body where the body is optional), and
 * every string and field name in it must be text we can store (see {@link RequestText}; an unpaired
 * surrogate used to be stored as {@code ?}). The offending field is named by its JSON path; its
 * value is never repeated. A body that is not JSON at all is left to the converter (malformed_json).
 */
@ControllerAdvice
class JsonBodyCheck extends RequestBodyAdviceAdapter {
    private static final Map.Entry<String, String> NOT_AN_OBJECT = Map.entry("body", "must be a JSON object");
    private final JsonMapper json;

    JsonBodyCheck(JsonMapper json) {
        this.json = json;
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        return AbstractJacksonHttpMessageConverter.class.isAssignableFrom(converterType);
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage input, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        byte[] body = input.getBody().readAllBytes();
        Map.Entry<String, String> problem = problemOf(body);
        if (problem == NOT_AN_OBJECT && optional(parameter) && isNullLiteral(body)) {
            // an optional body sent as JSON null (what generated clients send for "no body") is no body
            problem = null;
        }
        if (problem == NOT_AN_OBJECT) {
            // valid JSON of the wrong shape: the code clients already handle for a body they cannot send
            throw new RejectedException(new Rejection(Rejection.Kind.INVALID, "malformed_json",
                    "The body must be a JSON object, not an array, string, number or null", Map.of()));
        }
        if (problem != null) {
            Fields f = new Fields();
            f.problem(problem.getKey(), problem.getValue());
            throw new RejectedException(f.rejection());
        }
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public HttpHeaders getHeaders() {
                return input.getHeaders();
            }
        };
    }

    private static boolean optional(MethodParameter parameter) {
        RequestBody annotation = parameter.getParameterAnnotation(RequestBody.class);
        return annotation != null && !annotation.required();
    }

    private boolean isNullLiteral(byte[] body) {
        try (JsonParser p = json.createParser(body)) {
            return p.nextToken() == JsonToken.VALUE_NULL && p.nextToken() == null;
        } catch (JacksonException notJson) {
            return false;
        }
    }

    /** The first offending field and its problem, or null (also when the body is not JSON: not ours to say). */
    private Map.Entry<String, String> problemOf(byte[] body) {
        try (JsonParser p = json.createParser(body)) {
            JsonToken token = p.nextToken();
            if (token == null) {
                return null;
            }
            if (token != JsonToken.START_OBJECT) {
                return NOT_AN_OBJECT;
            }
            while ((token = p.nextToken()) != null) {
                if (token == JsonToken.PROPERTY_NAME || token == JsonToken.VALUE_STRING) {
                    String problem = RequestText.jsonTextProblem(p.getString());
                    if (problem != null) {
                        // a bad field name is not repeated: the object holding it is named instead
                        TokenStreamContext at = token == JsonToken.PROPERTY_NAME
                                ? p.streamReadContext().getParent() : p.streamReadContext();
                        return Map.entry(RequestText.echoable(pathOf(at), "body"), problem);
                    }
                }
            }
            return null;
        } catch (JacksonException notJson) {
            return null;
        }
    }

    /** The JSON path of a context ({@code merchant.name}, {@code items[0].name}); empty at the root. */
    private static String pathOf(TokenStreamContext context) {
        String path = "";
        for (TokenStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            String segment = c.inArray() ? "[" + c.getCurrentIndex() + "]" : c.currentName();
            path = segment + (path.isEmpty() || path.startsWith("[") ? "" : ".") + path;
        }
        return path;
    }
}
