package io.emboss.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The API answers JSON only. A request whose Accept admits no JSON ({@code text/html},
 * {@code image/png}, {@code *}{@code /*;q=0}, or an unparseable header) is answered 406
 * not_acceptable, in JSON, once routing has found its endpoint and before that endpoint runs (so a
 * POST changes nothing); errors found earlier or instead (401, 404, 405, 400) are answered as such.
 * Past this filter the API sees {@code Accept: application/json}, so no answer, success or error,
 * can fail content negotiation afterwards (which used to give an empty 406 and two stack traces).
 * One exception: downloading a dispute's evidence file answers its bytes (application/octet-stream), so that GET
 * also accepts an Accept that admits application/octet-stream, and sees both types (its errors stay JSON).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 3)
class JsonOnlyFilter extends OncePerRequestFilter {
    private static final String NOT_ACCEPTABLE = JsonOnlyFilter.class.getName() + ".notAcceptable";
    private static final java.util.regex.Pattern DOWNLOAD =
            java.util.regex.Pattern.compile("/v1/disputes/[^/]+/files/[^/]+/content");
    private static final String DOWNLOAD_ACCEPT = MediaType.APPLICATION_OCTET_STREAM_VALUE + ", "
            + MediaType.APPLICATION_JSON_VALUE;

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !(path.startsWith("/v1/") || path.startsWith("/compat/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        List<String> accept = Collections.list(request.getHeaders(HttpHeaders.ACCEPT));
        boolean download = "GET".equals(request.getMethod()) && DOWNLOAD.matcher(request.getRequestURI()).matches();
        if (!acceptsJson(accept) && !(download && accepts(accept, MediaType.APPLICATION_OCTET_STREAM))) {
            request.setAttribute(NOT_ACCEPTABLE, Boolean.TRUE);
        }
        String seen = download ? DOWNLOAD_ACCEPT : MediaType.APPLICATION_JSON_VALUE;
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public String getHeader(String name) {
                return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? seen : super.getHeader(name);
            }

            @Override
            public Enumeration<String> getHeaders(String name) {
                return HttpHeaders.ACCEPT.equalsIgnoreCase(name)
                        ? Collections.enumeration(List.of(seen)) : super.getHeaders(name);
            }
        }, response);
    }

    /** True when no Accept is sent or one of its ranges with a non-zero quality includes application/json. */
    static boolean acceptsJson(List<String> accept) {
        return accepts(accept, MediaType.APPLICATION_JSON);
    }

    /** True when no Accept is sent or one of its ranges with a non-zero quality includes {@code type}. */
    static boolean accepts(List<String> accept, MediaType type) {
        if (accept.isEmpty()) {
            return true;
        }
        try {
            for (String header : accept) {
                for (MediaType range : MediaType.parseMediaTypes(header)) {
                    if (range.includes(type) && range.getQualityValue() > 0) {
                        return true;
                    }
                }
            }
            return false;
        } catch (IllegalArgumentException e) { // InvalidMediaTypeException among others: not a media range
            return false;
        }
    }

    /** Refuses with 406 once the endpoint is known, before it runs. */
    @Configuration(proxyBeanMethods = false)
    static class Refuse implements WebMvcConfigurer {
        @Override
        public void addInterceptors(InterceptorRegistry registry) {
            registry.addInterceptor(new HandlerInterceptor() {
                @Override
                public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
                        throws HttpMediaTypeNotAcceptableException {
                    if (handler instanceof HandlerMethod && request.getDispatcherType() == DispatcherType.REQUEST
                            && request.getAttribute(NOT_ACCEPTABLE) != null) {
                        throw new HttpMediaTypeNotAcceptableException(List.of(MediaType.APPLICATION_JSON));
                    }
                    return true;
                }
            });
        }
    }
}
