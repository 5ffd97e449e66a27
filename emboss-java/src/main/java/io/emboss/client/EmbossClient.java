package io.emboss.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.emboss.client.generated.ApiClient;
import io.emboss.client.generated.ApiException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * The Emboss API from Java (docs/sdk.md):
 *
 * <pre>{@code
 * EmbossClient emboss = EmbossClient.builder().baseUrl("http://localhost:8080").apiKey("sk_test_…").build();
 * CustomerView ana = emboss.customers().create(new CreateCustomerRequest().name("Ana").email("ana@example.com"));
 * }</pre>
 *
 * Every call authenticates with the key as a bearer token, sends a fresh {@code Idempotency-Key} with each POST
 * (or the one {@link RequestOptions} names), retries what may safely be retried (429, 5xx, connection failures;
 * see {@link Builder#maxRetries}), and throws {@link EmbossException} for any answer other than 2xx. The typed
 * methods of {@link #customers()}, {@link #cards()} and the others answer the envelope's {@code data}; every
 * other operation of the API is reachable, with the same behaviour, through the generated classes:
 * {@code emboss.call(emboss.api(CardProductsApi::new)::listCardProducts ...)}.
 * Thread-safe; build one and share it.
 */
public final class EmbossClient {
    private final ApiClient apiClient;

    private EmbossClient(Builder b) {
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(b.connectTimeout);
        HttpClient retrying = new RetryingHttpClient(http.build(), b.maxRetries, b.initialBackoff, b.maxBackoff);
        apiClient = new ApiClient(new FixedClientBuilder(retrying), ApiClient.createDefaultObjectMapper(),
                b.baseUrl.replaceAll("/+$", ""));
        apiClient.setReadTimeout(b.readTimeout);
        String authorization = "Bearer " + b.apiKey;
        apiClient.setRequestInterceptor(request -> {
            request.setHeader("Authorization", authorization);
            request.setHeader("User-Agent", "emboss-java");
            HttpRequest built = request.build();
            if ("POST".equals(built.method()) && built.headers().firstValue("Idempotency-Key").isEmpty()) {
                request.setHeader("Idempotency-Key", UUID.randomUUID().toString());
            }
        });
    }

    public static Builder builder() {
        return new Builder();
    }

    public Customers customers() {
        return new Customers(this);
    }

    public Cards cards() {
        return new Cards(this);
    }

    public Transactions transactions() {
        return new Transactions(this);
    }

    public WebhookEndpoints webhookEndpoints() {
        return new WebhookEndpoints(this);
    }

    /** The sandbox's simulations: KYC decisions, deposits, card authorizations and their captures. */
    public Simulation simulation() {
        return new Simulation(this);
    }

    /** The platform operator's calls; build the client with the admin token as its key. */
    public Platform platform() {
        return new Platform(this);
    }

    /**
     * A generated API class on this client's connection (key, idempotency, retries), for operations the typed
     * layer does not wrap: {@code emboss.api(CardProductsApi::new)}. Pass its calls through {@link #call}.
     */
    public <T> T api(Function<ApiClient, T> constructor) {
        return constructor.apply(apiClient);
    }

    /** A call of a generated API class, with its {@code ApiException} turned into an {@link EmbossException}. */
    public <T> T call(ApiCall<T> call) {
        try {
            return call.run();
        } catch (ApiException e) {
            throw EmbossException.from(e, objectMapper());
        }
    }

    /** A call of a generated API method, which declares its checked {@code ApiException}. */
    @FunctionalInterface
    public interface ApiCall<T> {
        T run() throws ApiException;
    }

    ObjectMapper objectMapper() {
        return apiClient.getObjectMapper();
    }

    public static final class Builder {
        private String baseUrl;
        private String apiKey;
        private int maxRetries = 2;
        private Duration initialBackoff = Duration.ofMillis(500);
        private Duration maxBackoff = Duration.ofSeconds(8);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(30);

        private Builder() {
        }

        /** Where Emboss listens, e.g. {@code http://localhost:8080} (no {@code /v1}). */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        /** An API key ({@code sk_test_…}, {@code sk_live_…}), an access token, or the platform admin token. */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** How often a retryable failure is repeated (2; 0 turns retries off). */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must not be negative");
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /** The first back-off (500 ms), doubled on each retry up to the maximum (8 s), which also caps Retry-After. */
        public Builder backoff(Duration initial, Duration max) {
            this.initialBackoff = Objects.requireNonNull(initial);
            this.maxBackoff = Objects.requireNonNull(max);
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout);
            return this;
        }

        /** How long one attempt waits for its answer (30 s). */
        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = Objects.requireNonNull(readTimeout);
            return this;
        }

        public EmbossClient build() {
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(apiKey, "apiKey");
            return new EmbossClient(this);
        }
    }
}
