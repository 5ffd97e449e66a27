package io.emboss.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.emboss.client.model.CreateCustomerRequest;
import io.emboss.client.model.CustomerView;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's retries and errors against a scripted local server (the end-to-end test runs the real one):
 * what is retried, with which Idempotency-Key, and what an error carries.
 */
class RetriesTest {
    private static final String CUSTOMER = "{\"success\":true,\"errorCode\":null,\"message\":null,\"data\":"
            + "{\"id\":\"cus_1\",\"name\":\"Ana\",\"email\":\"ana@example.com\",\"kycStatus\":\"pending\"}}";

    /** Each request the server got: its Idempotency-Key header (or null). */
    private final List<String> keys = new CopyOnWriteArrayList<>();
    /** The answers to give, in order: status, Retry-After (or null), body. The last one repeats. */
    private final List<Object[]> script = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private EmbossClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
        client = EmbossClient.builder().baseUrl("http://127.0.0.1:" + server.getAddress().getPort())
                .apiKey("sk_test_x").backoff(Duration.ofMillis(1), Duration.ofMillis(5)).build();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
        Object[] a = script.get(Math.min(keys.size() - 1, script.size() - 1));
        byte[] body = ((String) a[2]).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("X-Request-Id", "req_" + keys.size());
        if (a[1] != null) {
            exchange.getResponseHeaders().add("Retry-After", (String) a[1]);
        }
        exchange.sendResponseHeaders((int) a[0], body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static String error(String code) {
        return "{\"success\":false,\"errorCode\":\"" + code + "\",\"message\":\"m\",\"data\":null}";
    }

    private static CreateCustomerRequest ana() {
        return new CreateCustomerRequest().name("Ana").email("ana@example.com");
    }

    @Test
    void a_post_is_retried_after_503_and_429_with_one_generated_idempotency_key() {
        script.add(new Object[] {503, "0", error("service_unavailable")});
        script.add(new Object[] {429, "0", error("rate_limited")});
        script.add(new Object[] {201, null, CUSTOMER});
        CustomerView c = client.customers().create(ana());
        assertThat(c.getId()).isEqualTo("cus_1");
        assertThat(keys).hasSize(3).doesNotContainNull();
        assertThat(keys.stream().distinct()).as("the same key on every retry").hasSize(1);
        client.customers().create(ana());
        assertThat(keys.get(3)).as("a new call, a new key").isNotEqualTo(keys.get(0));
    }

    @Test
    void a_key_given_by_the_caller_is_sent() {
        script.add(new Object[] {201, null, CUSTOMER});
        client.customers().create(ana(), RequestOptions.idempotencyKey("order-42"));
        assertThat(keys).containsExactly("order-42");
    }

    @Test
    void retries_stop_after_the_maximum_and_the_error_is_typed() {
        script.add(new Object[] {503, "0", error("service_unavailable")});
        EmbossException e = catchThrowableOfType(EmbossException.class, () -> client.customers().create(ana()));
        assertThat(keys).as("the first try and 2 retries").hasSize(3);
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.errorCode()).isEqualTo("service_unavailable");
        assertThat(e.requestId()).isEqualTo("req_3");
    }

    @Test
    void a_client_error_is_not_retried() {
        script.add(new Object[] {409, null, error("email_already_exists")});
        EmbossException e = catchThrowableOfType(EmbossException.class, () -> client.customers().create(ana()));
        assertThat(keys).hasSize(1);
        assertThat(e.status()).isEqualTo(409);
        assertThat(e.errorCode()).isEqualTo("email_already_exists");
        assertThat(e.getMessage()).contains("409 email_already_exists").contains("req_1");
    }

    @Test
    void pages_are_read_until_has_more_is_false() {
        script.add(new Object[] {200, null, "{\"success\":true,\"data\":{\"items\":[{\"id\":\"cus_2\"}],"
                + "\"hasMore\":true,\"nextCursor\":\"cus_2\"}}"});
        script.add(new Object[] {200, null, "{\"success\":true,\"data\":{\"items\":[{\"id\":\"cus_1\"}],"
                + "\"hasMore\":false,\"nextCursor\":null}}"});
        assertThat(client.customers().list(null, null).stream().map(CustomerView::getId))
                .containsExactly("cus_2", "cus_1");
        assertThat(keys).hasSize(2).containsOnlyNulls();
    }
}
