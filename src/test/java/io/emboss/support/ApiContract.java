package io.emboss.support;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The server's own OpenAPI documents as a contract every answer must keep: {@code /v3/api-docs} for
 * the native API and {@code /v3/api-docs/<dialect>} for {@code /compat/<dialect>/…}, fetched once
 * per server. An answer to an operation of a document must have a status the operation declares and
 * a body that validates against that status's schema (JSON Schema 2020-12, with every object that
 * lists its properties closed, so a field the document does not name fails too). Requests to paths
 * no document lists (deliberately unknown routes, a method the path does not have) are not checked.
 * A failure names the operation, the status and the validator's messages, never the body's values.
 */
public final class ApiContract {
    private static final Map<String, ApiContract> BY_SERVER = new ConcurrentHashMap<>();
    /** Compiled schemas by document text, so that servers with the same document share them. */
    private static final Map<String, Document> BY_TEXT = new ConcurrentHashMap<>();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<String> DIALECTS = List.of("core", "alix", "ops");

    private final String base;
    private final Map<String, Optional<Document>> documents = new ConcurrentHashMap<>();

    private ApiContract(String base) {
        this.base = base;
    }

    /** The contract of the server at this base URL (http://localhost:port). */
    public static ApiContract of(String base) {
        return BY_SERVER.computeIfAbsent(base, ApiContract::new);
    }

    /** One operation of a document: where it is and what it answers. */
    public record Operation(String method, String template, Pattern pattern, int literals, JsonNode node) {
        public String id() {
            return node.path("operationId").asString(method + " " + template);
        }
    }

    /** The operation this request addresses in its document, if the document lists it. */
    public Optional<Operation> operation(String method, String path) {
        return document(path).flatMap(d -> d.find(method, path));
    }

    /**
     * Throws an AssertionError when the answer breaks the document: a status the operation does not
     * declare, or a body its schema refuses. Answers to requests no operation describes pass.
     */
    public void check(String method, String path, int status, String contentType, JsonNode body, boolean blank) {
        Optional<Document> doc = document(path);
        Optional<Operation> op = doc.flatMap(d -> d.find(method, path));
        if (op.isEmpty()) {
            return;
        }
        List<String> problems = doc.get().problems(op.get(), status, contentType, body, blank);
        if (!problems.isEmpty()) {
            String collect = System.getProperty("contract.collect");
            if (collect != null) { // triage: gather every violation of a run in one file instead of failing
                record(collect, op.get().id() + " " + status + ": " + String.join(" | ", problems));
                return;
            }
            throw new AssertionError("answer does not conform to the OpenAPI document: " + op.get().id() + " ("
                    + method + " " + op.get().template() + ") -> " + status + ":\n  " + String.join("\n  ", problems)
                    + "\n(opt out only for a deliberate protocol break: api.unchecked())");
        }
    }

    private static synchronized void record(String file, String line) {
        try {
            java.nio.file.Files.writeString(java.nio.file.Path.of(file), line + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Optional<Document> document(String path) {
        String name = "native";
        if (path.startsWith("/compat/")) {
            String[] parts = path.split("/");
            name = parts.length > 2 && DIALECTS.contains(parts[2]) ? parts[2] : null;
        }
        if (name == null) {
            return Optional.empty();
        }
        Optional<Document> doc = documents.computeIfAbsent(name, this::fetch);
        return doc == null ? Optional.empty() : doc;
    }

    private Optional<Document> fetch(String name) {
        String url = base + "/v3/api-docs" + ("native".equals(name) ? "" : "/" + name);
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 404) {
                return Optional.empty(); // a server without documents (springdoc off): nothing to check against
            }
            if (r.statusCode() != 200) {
                return null; // not now (a test has stopped the database): ask again with the next answer
            }
            return Optional.of(BY_TEXT.computeIfAbsent(r.body(), text -> new Document(Api.JSON.readTree(text))));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One OpenAPI document: its operations, and its response schemas compiled as they are needed. */
    public static final class Document {
        private final JsonNode doc;
        private final JsonNode components;
        private final List<Operation> operations = new ArrayList<>();
        private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

        public Document(JsonNode doc) {
            this.doc = doc;
            this.components = closed(doc.path("components"));
            doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
                if (!op.getValue().isObject() || "parameters".equals(op.getKey())) {
                    return;
                }
                String regex = Pattern.quote(path.getKey()).replaceAll("\\{[^/}]+}", "\\\\E[^/]+\\\\Q");
                int literals = (int) java.util.Arrays.stream(path.getKey().split("/")).filter(s -> !s.startsWith("{"))
                        .count();
                operations.add(new Operation(op.getKey().toUpperCase(Locale.ROOT), path.getKey(),
                        Pattern.compile(regex), literals, op.getValue()));
            }));
        }

        public List<Operation> operations() {
            return operations;
        }

        /** The operation of this method whose template matches the path best (most literal segments). */
        public Optional<Operation> find(String method, String pathAndQuery) {
            String path = pathAndQuery.split("[?#]", 2)[0];
            return operations.stream().filter(o -> o.method().equals(method) && o.pattern().matcher(path).matches())
                    .max(java.util.Comparator.comparingInt(Operation::literals));
        }

        /** What is wrong with this answer to this operation (empty: nothing). */
        public List<String> problems(Operation op, int status, String contentType, JsonNode body, boolean blank) {
            JsonNode response = op.node().path("responses").path(Integer.toString(status));
            if (response.isMissingNode()) {
                response = op.node().path("responses").path("default");
            }
            if (response.isMissingNode()) {
                return List.of("the operation does not declare " + status + " (it declares "
                        + op.node().path("responses").propertyNames() + ")");
            }
            response = resolve(response);
            JsonNode schema = response.path("content").path("application/json").path("schema");
            if (schema.isMissingNode()) {
                // a file's bytes (application/octet-stream) conform when the document declares that type
                String type = contentType == null ? "" : contentType.split(";", 2)[0].trim();
                return blank || response.path("content").isMissingNode() || response.path("content").has(type)
                        ? List.of() : List.of("the document declares no JSON body for " + status);
            }
            if (body == null || contentType == null || !contentType.startsWith("application/json")) {
                return List.of("the body is not JSON (content type " + contentType + ")");
            }
            Schema validator = compiled.computeIfAbsent(op.method() + " " + op.template() + " " + status,
                    k -> compile(schema));
            return validator.validate(body).stream().map(ApiContract::describe).toList();
        }

        /** What is wrong with this request body by the operation's request schema (empty: nothing). */
        public List<String> requestProblems(Operation op, JsonNode body) {
            JsonNode schema = op.node().path("requestBody").path("content").path("application/json").path("schema");
            if (schema.isMissingNode()) {
                return List.of("the operation declares no JSON body");
            }
            Schema validator = compiled.computeIfAbsent(op.method() + " " + op.template() + " request",
                    k -> compile(schema));
            return validator.validate(body).stream().map(ApiContract::describe).toList();
        }

        private JsonNode resolve(JsonNode node) {
            JsonNode n = node;
            while (n.has("$ref")) {
                JsonNode target = doc;
                for (String part : n.get("$ref").asString().substring(2).split("/")) {
                    target = target.path(part);
                }
                n = target;
            }
            return n;
        }

        private Schema compile(JsonNode schema) {
            ObjectNode root = (ObjectNode) closed(schema);
            root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            root.set("components", components);
            return SCHEMAS.getSchema(root);
        }
    }

    /** The validator's message, without the value it refused (a card number must not reach a log). */
    private static String describe(Error e) {
        String where = e.getInstanceLocation() == null ? "$" : e.getInstanceLocation().toString();
        return where + " [" + e.getKeyword() + "] " + SECRET.matcher(e.getMessage()).replaceAll("<digits>");
    }

    private static final Pattern SECRET = Pattern.compile("\\d{6,}");

    /** A copy where every object schema with properties allows no other field. */
    public static JsonNode closed(JsonNode node) {
        JsonNode copy = node.deepCopy();
        close(copy);
        return copy;
    }

    private static void close(JsonNode node) {
        if (node instanceof ObjectNode o && o.has("properties") && o.get("properties").isObject()
                && !o.has("additionalProperties")) {
            o.put("additionalProperties", false);
        }
        node.values().forEach(ApiContract::close);
    }
}
