package io.emboss.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dashboard form post whose body was read and checked here ({@link MalformedRequestFilter}): its
 * parameters (the query's, then the body's) come from the checked text, never from the container,
 * which would throw on a bad escape and quote the value into its log.
 */
final class FormRequest extends HttpServletRequestWrapper {
    private final Map<String, String[]> parameters;

    FormRequest(HttpServletRequest request, String checkedBody) {
        super(request);
        Map<String, List<String>> values = new LinkedHashMap<>();
        add(values, request.getQueryString());
        add(values, checkedBody);
        Map<String, String[]> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, v.toArray(String[]::new)));
        this.parameters = Collections.unmodifiableMap(out);
    }

    private static void add(Map<String, List<String>> values, String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
    }

    @Override
    public String getParameter(String name) {
        String[] v = parameters.get(name);
        return v == null ? null : v[0];
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        return parameters;
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.enumeration(parameters.keySet());
    }

    @Override
    public String[] getParameterValues(String name) {
        String[] v = parameters.get(name);
        return v == null ? null : v.clone();
    }
}
