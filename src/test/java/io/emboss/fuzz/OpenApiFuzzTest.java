package io.emboss.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import io.emboss.support.ApiTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A fuzzer driven by our own OpenAPI document. It boots the server on PostgreSQL, creates a tenant,
 * customers, cards, an authorization, a top-up, a webhook endpoint and so on so that ids exist,
 * reads {@code /v3/api-docs}, and then, for every operation in turn (shuffled, each at least once),
 * sends requests made from the document's parameters and body schemas: plausible values, boundary
 * values, wrong types, missing and unknown fields, huge strings, awkward Unicode (lone surrogates,
 * NUL), odd percent-encodings in the path and the query, wrong content types, malformed JSON, other
 * methods, odd Accept and Idempotency-Key headers; with the sandbox key, the live key, the admin
 * token under {@code /v1/platform/}, and now and then no or a bad credential. It asserts that no
 * answer is a 5xx, every answer is JSON in the envelope (or the dialect's own shape under
 * {@code /compat/}), and that the ledger verification balances after the run. It prints a table of
 * the operations, the requests and the statuses seen, and each distinct finding with a shrunk
 * request that reproduces it (also written to {@code target/openapi-fuzz-report.txt}).
 *
 * <p>Run it (the seed is printed; pass it back to repeat a run's choices):
 * <pre>
 * ./mvnw -q -o test -Dtest=OpenApiFuzzTest                                   # 5 s, as in the suite
 * ./mvnw -q -o test -Dtest=OpenApiFuzzTest -Dfuzz.seconds=300                # a real session
 * ./mvnw -q -o test -Dtest=OpenApiFuzzTest -Dfuzz.seconds=300 -Dfuzz.strict=true -Dfuzz.seed=42
 * </pre>
 * Findings of defects already filed and owned elsewhere ({@link KnownDefects}) are reported but
 * do not fail the test unless {@code -Dfuzz.strict=true}; once their fixes are merged, run it
 * strict and empty that list. See docs/testing.md.
 */
@TestPropertySource(properties = {"emboss.rate-limit.per-hour=1000000000", "emboss.cards.details-per-hour=1000000"})
class OpenApiFuzzTest extends ApiTestBase {
    private Conformance conformance;

    @Test
    void every_operation_answers_without_5xx_and_in_its_envelope_and_the_ledger_balances() throws IOException {
        long seed = Long.getLong("fuzz.seed", new SecureRandom().nextLong());
        Duration budget = Duration.ofSeconds(Long.getLong("fuzz.seconds", 5));
        boolean strict = Boolean.getBoolean("fuzz.strict");
        System.out.println("OpenAPI fuzz: seed " + seed + " (-Dfuzz.seed=" + seed + "), " + budget.toSeconds() + " s");
        Random random = new Random(seed);
        Fixtures fixtures = new FuzzFixtures(this, api).create();
        RawHttp http = new RawHttp(port);
        // springdoc builds each document on its first request: tens of seconds on a busy machine
        Map<String, JsonNode> documents = new LinkedHashMap<>();
        for (String dialect : List.of("native", "core", "alix", "ops")) {
            String path = "/v3/api-docs" + ("native".equals(dialect) ? "" : "/" + dialect);
            documents.put(dialect, Api.JSON.readTree(http.send(new RawHttp.Request("GET", path, Map.of(), null)).body()));
        }
        ApiDocument doc = new ApiDocument(List.copyOf(documents.values()));
        assertThat(doc.operations).as("operations in the documents").hasSizeGreaterThan(90);
        conformance = new Conformance(documents);
        fixtureBodiesKeepTheDocument(documents.get("native"));
        RequestGenerator generator = new RequestGenerator(doc, fixtures, random);
        FuzzReport report = new FuzzReport();
        report.operations(doc.operations);
        validPass(http, generator, doc, report);
        long started = System.nanoTime();
        int cycles = 0;
        do {
            List<ApiDocument.Operation> order = new ArrayList<>(doc.operations);
            Collections.shuffle(order, random);
            for (ApiDocument.Operation op : order) {
                probe(http, generator.next(op), report);
            }
            if (++cycles % 10 == 0) {
                new FuzzFixtures(this, api).more(fixtures); // cards get closed, keys revoked: make fresh ones
                new FuzzFixtures(this, api).dialectTokens(fixtures);
            }
        } while (System.nanoTime() - started < budget.toNanos());
        Api.Resp ledger = api.get("/v1/platform/ledger/verification", ADMIN);
        String text = report.text(String.format("OpenAPI fuzz: seed %d, %d s, %d operations, %d requests, %d cycles; "
                + "ledger verification after the run: %s%n", seed, Duration.ofNanos(System.nanoTime() - started).toSeconds(),
                doc.operations.size(), report.requests(), cycles, ledger.status() + " " + ledger.raw().body()));
        System.out.println(text);
        Files.writeString(Path.of("target", "openapi-fuzz-report.txt"), text);

        assertLedgerBalanced();
        List<FuzzReport.Finding> failing = strict ? report.findings() : report.unknown();
        assertThat(failing).as(() -> failing.size() + " findings (target/openapi-fuzz-report.txt):\n"
                + String.join("\n", failing.stream().map(f -> "[" + f.kind + "] " + f.operation + " -> " + f.status
                        + "\n  repro: " + f.repro).toList())).isEmpty();
    }

    /**
     * Valid requests first, operation by operation, until each answers a 2xx (a few tries: the body's
     * optional fields and the ids vary); the ones that log out or revoke go last, so that the others
     * still have their credentials, and so do the ones that may freeze or close a card, so that the
     * others still find it active.
     */
    private void validPass(RawHttp http, RequestGenerator generator, ApiDocument doc, FuzzReport report) {
        List<ApiDocument.Operation> order = new ArrayList<>(doc.operations);
        order.sort(java.util.Comparator.comparing((ApiDocument.Operation op) -> op.path().matches(
                ".*(logout|revoke|rotate|refresh|reverse|expire).*") || "DELETE".equals(op.method()) ? 2
                : op.path().endsWith("status") || "PATCH /v1/cards/{id}".equals(op.key()) ? 1 : 0)
                .thenComparing(op -> !List.of("POST", "PUT").contains(op.method())));
        for (ApiDocument.Operation op : order) {
            String last = null;
            for (int attempt = 0; attempt < VALID_TRIES && !report.reached(op.key()); attempt++) {
                Shrinker.Answer answer = probe(http, generator.valid(op), report);
                last = FuzzCase.printable(answer.text().getBytes(java.nio.charset.StandardCharsets.UTF_8), 240);
            }
            if (!report.reached(op.key())) {
                report.refusedValid(op.key(), last);
            }
        }
    }

    private static final int VALID_TRIES = 8;

    /** The bodies the valid pass is given ({@link Fixtures#VALID_BODIES}) are valid by the document too. */
    private static void fixtureBodiesKeepTheDocument(JsonNode nativeDocument) {
        io.emboss.support.ApiContract.Document doc = new io.emboss.support.ApiContract.Document(nativeDocument);
        Fixtures.VALID_BODIES.forEach((key, bodies) -> {
            String[] methodAndPath = key.split(" ", 2);
            var op = doc.operations().stream().filter(o -> o.method().equals(methodAndPath[0])
                    && o.template().equals(methodAndPath[1])).findFirst();
            assertThat(op).as("an operation " + key + " in the document").isPresent();
            for (Map<String, Object> body : bodies) {
                assertThat(doc.requestProblems(op.get(), Api.JSON.valueToTree(body)))
                        .as(key + " " + body + " by the document's request schema").isEmpty();
            }
        });
    }

    private Shrinker.Answer probe(RawHttp http, FuzzCase c, FuzzReport report) {
        Shrinker.Answer answer = send(http, c);
        FuzzReport.Finding first = report.record(c, answer.status(), answer.problem(),
                answer.problem() == null ? null : KnownDefects.match(c, answer));
        if (first != null) {
            FuzzCase small = Shrinker.shrink(c, answer, x -> send(http, x));
            first.repro = small.repro();
            first.answer = FuzzCase.printable(answer.text().getBytes(java.nio.charset.StandardCharsets.UTF_8), 400);
        }
        return answer;
    }

    private Shrinker.Answer send(RawHttp http, FuzzCase c) {
        try {
            RawHttp.Response r = http.send(c.request());
            String problem = Oracle.problem(c, r);
            return new Shrinker.Answer(r.status(), problem != null ? problem : conformance.problem(c, r), r.status()
                    + " " + r.headers()
                    .getOrDefault("content-type", "(no content type)") + " " + r.body());
        } catch (IOException | RuntimeException e) {
            return new Shrinker.Answer(-1, "no answer", e.toString());
        }
    }

    /** ApiTestBase's helpers for {@link FuzzFixtures}, which lives outside the class hierarchy. */
    TenantKeys tenant() {
        return newTenant();
    }

    String customer(String key) {
        return newCustomer(key);
    }

    String approvedCustomer(String key) {
        return newApprovedCustomer(key);
    }
}
