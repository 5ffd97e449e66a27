package io.emboss.client;

import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/** Hands the generated ApiClient the one client EmbossClient configured; it is not to be reconfigured. */
final class FixedClientBuilder implements HttpClient.Builder {
    private final HttpClient client;

    FixedClientBuilder(HttpClient client) {
        this.client = client;
    }

    @Override
    public HttpClient build() {
        return client;
    }

    private static UnsupportedOperationException configured() {
        return new UnsupportedOperationException("configure the connection through EmbossClient.builder()");
    }

    @Override
    public HttpClient.Builder cookieHandler(CookieHandler cookieHandler) {
        throw configured();
    }

    @Override
    public HttpClient.Builder connectTimeout(Duration duration) {
        throw configured();
    }

    @Override
    public HttpClient.Builder sslContext(SSLContext sslContext) {
        throw configured();
    }

    @Override
    public HttpClient.Builder sslParameters(SSLParameters sslParameters) {
        throw configured();
    }

    @Override
    public HttpClient.Builder executor(Executor executor) {
        throw configured();
    }

    @Override
    public HttpClient.Builder followRedirects(HttpClient.Redirect policy) {
        throw configured();
    }

    @Override
    public HttpClient.Builder version(HttpClient.Version version) {
        throw configured();
    }

    @Override
    public HttpClient.Builder priority(int priority) {
        throw configured();
    }

    @Override
    public HttpClient.Builder proxy(ProxySelector proxySelector) {
        throw configured();
    }

    @Override
    public HttpClient.Builder authenticator(Authenticator authenticator) {
        throw configured();
    }
}
