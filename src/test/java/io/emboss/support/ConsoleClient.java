package io.emboss.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser without a browser, for the dashboard's HTTP tests: it keeps the cookies, follows no
 * redirect by itself (tests see the 302), and fills every form post's CSRF token from the last
 * page it got. Signing in is a GET of the sign-in page and a POST of the form, as a person does.
 */
public final class ConsoleClient {
    /** An answer: status, the Location of a redirect, the page's HTML. */
    public record Page(int status, String location, String html, HttpResponse<String> raw) {
        /** The text of the page's first {@code <h1>}, or null. */
        public String heading() {
            Matcher m = Pattern.compile("<h1[^>]*>(.*?)</h1>", Pattern.DOTALL).matcher(html);
            return m.find() ? m.group(1).replaceAll("<[^>]+>", "").trim() : null;
        }

        @Override
        public String toString() {
            return status + (location == null ? "" : " -> " + location) + " "
                    + (html.length() > 600 ? html.substring(0, 600) + "…" : html);
        }
    }

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private int port;
    private final HttpClient http;
    private String csrf;

    public ConsoleClient(int port) {
        this.port = port;
        CookieManager cookies = new CookieManager();
        cookies.setCookiePolicy(CookiePolicy.ACCEPT_ALL);
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * The same browser (its cookies, its form token) talking to another instance from now on, as a
     * load balancer may send the next page anywhere. Cookies name no port: both instances get them.
     */
    public ConsoleClient at(int otherPort) {
        this.port = otherPort;
        return this;
    }

    /** Signs in as a tenant's user; asserts it worked (a redirect to the overview). */
    public ConsoleClient signIn(String email, String password) {
        get("/dashboard/login");
        Page in = post("/dashboard/login", Map.of("email", email, "password", password));
        assertThat(in.status()).as(in.toString()).isEqualTo(302);
        assertThat(in.location()).as(in.toString()).endsWith("/dashboard");
        return this;
    }

    /** Signs in as the platform operator with the admin token. */
    public ConsoleClient signInOperator(String adminToken) {
        get("/dashboard/login");
        Page in = post("/dashboard/operator-login", Map.of("adminToken", adminToken));
        assertThat(in.status()).as(in.toString()).isEqualTo(302);
        assertThat(in.location()).as(in.toString()).endsWith("/dashboard");
        return this;
    }

    public Page get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    /** A form post with the CSRF token of the last page fetched (unless the form names its own {@code _csrf}). */
    public Page post(String path, Map<String, String> form) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (csrf != null) {
            fields.put("_csrf", csrf);
        }
        fields.putAll(form);
        return postRaw(path, encode(fields));
    }

    /** A form post exactly as given: no token added. */
    public Page postRaw(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Follows a redirect answer (a GET of its Location). */
    public Page follow(Page redirect) {
        assertThat(redirect.status()).as(redirect.toString()).isBetween(301, 303);
        String location = redirect.location();
        return get(location.startsWith("http") ? URI.create(location).getRawPath()
                + (URI.create(location).getRawQuery() == null ? "" : "?" + URI.create(location).getRawQuery())
                : location);
    }

    public String csrf() {
        return csrf;
    }

    private Page send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> r = http.send(builder.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            Matcher m = CSRF.matcher(r.body());
            if (m.find()) {
                csrf = m.group(1);
            }
            return new Page(r.statusCode(), r.headers().firstValue("Location").orElse(null), r.body(), r);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static String encode(Map<String, String> fields) {
        StringBuilder s = new StringBuilder();
        fields.forEach((k, v) -> s.append(s.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return s.toString();
    }
}
