package io.emboss.compat.ops;

import com.sun.net.httpserver.HttpServer;
import io.emboss.support.Api;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;

/** A real webhook receiver on a random local port that records every request and answers 200. */
final class OpsReceiver implements AutoCloseable {

    /** One request; header names lower-cased. */
    record Received(Map<String, List<String>> headers, String body) {
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        JsonNode json() {
            return Api.JSON.readTree(body);
        }

        /** Verifies the Standard Webhooks signature with the official library. */
        boolean verifies(String secret) {
            try {
                new com.standardwebhooks.Webhook(secret).verify(body, headers);
                return true;
            } catch (Exception e) {
                return false;
            }
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    OpsReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                Map<String, List<String>> headers = new LinkedHashMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
                received.add(new Received(headers, body));
                exchange.sendResponseHeaders(200, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/ops-hook";
    }

    List<Received> received() {
        return new ArrayList<>(received);
    }

    /** The requests whose body names this event_type. */
    List<Received> ofType(String eventType) {
        return received.stream().filter(r -> {
            JsonNode type = r.json().get("event_type");
            return type != null && eventType.equals(type.asString());
        }).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
