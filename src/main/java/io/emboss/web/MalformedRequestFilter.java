package io.emboss.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before anything reads them, requests whose query string or path the container would
 * choke on or that carry text we refuse everywhere: a parameter without a name, a bad percent
 * escape, bytes that are not UTF-8, control characters (400 validation_failed, naming the
 * parameter when its name is safe to repeat); and a body we would not read as JSON: declared in a
 * charset other than UTF-8, compressed, a form or multipart (415). Tomcat would otherwise throw on the first {@code getParameter} call, a 500 whose message
 * quoted the raw value into the log.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class MalformedRequestFilter extends OncePerRequestFilter {
    static final String NOT_ENCODED = "must be percent-encoded UTF-8 without control characters";
    private final EnvelopeWriter envelope;

    MalformedRequestFilter(EnvelopeWriter envelope) {
        this.envelope = envelope;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Map<String, String> problems = problems(request.getRequestURI(), request.getQueryString());
        if (!problems.isEmpty()) {
            Refusals.log(400, "validation_failed", "malformed path or query string");
            Map.Entry<String, String> first = problems.entrySet().iterator().next();
            envelope.write(request, response, 400, "validation_failed", first.getKey() + " " + first.getValue(),
                    problems);
            return;
        }
        if (dashboardForm(request)) {
            byte[] body = request.getInputStream().readNBytes(FORM_BYTES + 1);
            String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
            Map<String, String> formProblems = body.length > FORM_BYTES ? Map.of("body", "is too large")
                    : problems(null, text);
            if (!formProblems.isEmpty()) {
                Refusals.log(400, "validation_failed", "malformed dashboard form");
                envelope.write(request, response, 400, "validation_failed", "The form is malformed", Map.of());
                return;
            }
            chain.doFilter(new FormRequest(request, text), response);
            return;
        }
        String unsupported = unsupportedBody(request, Uploads.isUpload(request));
        if (unsupported != null) {
            Refusals.log(415, "unsupported_media_type", unsupported);
            envelope.write(request, response, 415, "unsupported_media_type", "Send the body as application/json "
                    + "in UTF-8, uncompressed");
            return;
        }
        chain.doFilter(request, response);
    }

    /** The largest dashboard form read; the console's forms are a few fields. */
    private static final int FORM_BYTES = 64 * 1024;

    /** A dashboard page's form post (URL-encoded, UTF-8): read and checked here, not by the container. */
    private static boolean dashboardForm(HttpServletRequest request) {
        String contentType = request.getContentType();
        if (contentType == null || !RequestPaths.of(request).startsWith("/dashboard/")
                || request.getHeader("Content-Encoding") != null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            String charset = type.getParameter("charset");
            return MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(type)
                    && (charset == null || charset.replace("\"", "").equalsIgnoreCase("utf-8"));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    /**
     * Why a body cannot be JSON we read, or null. A charset other than UTF-8 would be decoded into
     * other text; a compressed body would be parsed as it is; a form or multipart body would be parsed
     * by the container (a 500 on a bad escape or a missing boundary, quoting the value) before MVC could
     * answer 415 for it.
     */
    private static String unsupportedBody(HttpServletRequest request, boolean upload) {
        String encoding = request.getHeader("Content-Encoding");
        if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
            return "compressed body";
        }
        String contentType = request.getContentType();
        if (contentType == null) {
            return null;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            String charset = type.getParameter("charset");
            if (charset != null && !charset.replace("\"", "").equalsIgnoreCase("utf-8")) {
                return "body charset is not UTF-8";
            }
            boolean hasBody = request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
            boolean form = MediaType.APPLICATION_FORM_URLENCODED.includes(type)
                    || ("multipart".equals(type.getType()) && !(upload && MediaType.MULTIPART_FORM_DATA.includes(type)));
            return hasBody && form ? "form or multipart body" : null;
        } catch (InvalidMediaTypeException e) {
            return null; // not a media type at all: MVC answers 415 unsupported_media_type itself
        }
    }

    /** What is wrong with a raw (still percent-encoded) path and query string: field to problem. */
    static Map<String, String> problems(String rawPath, String rawQuery) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (rawPath != null && RequestText.decode(rawPath, false) == null) {
            problems.put("path", NOT_ENCODED);
        }
        if (rawQuery == null) {
            return problems;
        }
        for (String chunk : rawQuery.split("&", -1)) {
            if (chunk.isEmpty()) {
                continue;
            }
            int eq = chunk.indexOf('=');
            String name = RequestText.decode(eq < 0 ? chunk : chunk.substring(0, eq), true);
            if (name == null) {
                problems.put("query", "has a parameter whose name " + NOT_ENCODED);
            } else if (name.isEmpty()) {
                problems.put("query", "has a parameter without a name");
            } else if (eq >= 0 && RequestText.decode(chunk.substring(eq + 1), true) == null) {
                problems.put(RequestText.echoable(name, "query"), NOT_ENCODED);
            }
        }
        return problems;
    }
}
