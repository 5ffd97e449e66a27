package io.emboss.disputes;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.authorization.AuthorizationTestBase;
import io.emboss.ledger.AccountKey;
import io.emboss.ledger.LedgerService;
import io.emboss.shared.Currency;
import io.emboss.shared.Environment;
import io.emboss.support.Api;
import io.emboss.support.ApiContract;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Helpers of the dispute tests: captured purchases, disputes, evidence uploads and the suspense account. */
abstract class DisputeTestBase extends AuthorizationTestBase {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Autowired
    protected LedgerService ledger;

    /** An approved purchase captured in full; returns its transaction id. */
    protected String capturedPurchase(String key, String card, String amount) {
        Api.Resp r = authorize(key, card, amount);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.data().get("approved").asBoolean()).as(r.toString()).isTrue();
        Api.Resp c = action(key, r.text("id"), "capture", body());
        assertThat(c.status()).as(c.toString()).isEqualTo(200);
        return r.text("transactionId");
    }

    protected Api.Resp createDispute(String key, Object... kv) {
        return api.post("/v1/disputes", key, body(kv));
    }

    /** A dispute of the whole remaining amount, with an explanation, asserted created. */
    protected JsonNode dispute(String key, String transactionId, Object... more) {
        Object[] kv = new Object[4 + more.length];
        kv[0] = "transactionId";
        kv[1] = transactionId;
        kv[2] = "reason";
        kv[3] = "not_received";
        System.arraycopy(more, 0, kv, 4, more.length);
        java.util.Map<String, Object> b = body(kv);
        b.putIfAbsent("explanation", "Never delivered.\nThe merchant does not answer.");
        Api.Resp r = api.post("/v1/disputes", key, b);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.text("id")).startsWith("dp_");
        assertThat(r.text("status")).isEqualTo("unsubmitted");
        return r.data();
    }

    protected JsonNode submit(String key, String disputeId) {
        Api.Resp r = api.post("/v1/disputes/" + disputeId + "/submit", key, null);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.text("status")).isEqualTo("submitted");
        return r.data();
    }

    protected Api.Resp resolve(String key, String disputeId, String outcome) {
        return api.post("/v1/simulate/disputes/" + disputeId + "/resolve", key, body("outcome", outcome));
    }

    protected JsonNode resolved(String key, String disputeId, String outcome) {
        Api.Resp r = resolve(key, disputeId, outcome);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.text("status")).isEqualTo(outcome);
        return r.data();
    }

    /** The card's available balance as the API shows it. */
    protected String available(String key, String card) {
        return balance(key, card).get("available").asString();
    }

    /** The tenant's dispute-suspense account, posted (credits less debits) in minor units. */
    protected long suspense(Holder h) {
        return ledger.balance(AccountKey.disputeSuspense(h.tenant().id(), Environment.SANDBOX, Currency.USD))
                .posted();
    }

    /** Waits until the tenant's events of a type about this dispute number {@code count}; returns them. */
    protected List<JsonNode> awaitEvents(String key, String type, String disputeId, int count) {
        java.util.concurrent.atomic.AtomicReference<List<JsonNode>> last = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        last.set(events(key, type).stream().filter(e -> disputeId.equals(
                                e.path("data").path("object").path("id").asString(""))).toList());
                        return last.get().size() >= count;
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(type + " of " + disputeId + ": " + last.get(), e);
        }
        assertThat(last.get()).as(type + " of " + disputeId).hasSize(count);
        return last.get();
    }

    /** A virtual USD product without provisional credit and without issuance fee; a card of it holding {@code balance}. */
    protected String cardWithoutProvisionalCredit(Holder h, String balance) {
        Api.Resp p = api.post("/v1/card-products", h.key(), body("name", "No advance", "network", "VISA",
                "formFactor", "VIRTUAL", "currency", "USD", "issuanceFee", "0.00", "topupFee",
                body("fixed", "0.00", "percent", "0"), "minTopup", "1.00", "maxBalance", "1000.00", "limits",
                body("perTransaction", "500.00", "daily", "1000.00", "monthly", "3000.00"), "validityMonths", 36,
                "provisionalCredit", false));
        assertThat(p.status()).as(p.toString()).isEqualTo(201);
        assertThat(p.data().get("provisionalCredit").asBoolean()).isFalse();
        deposit(h.key(), h.customerId(), "USD", balance);
        Api.Resp c = api.post("/v1/cards", h.key(), body("customerId", h.customerId(), "productId", p.text("id"),
                "initialBalance", balance));
        assertThat(c.status()).as(c.toString()).isEqualTo(201);
        return c.text("id");
    }

    /** Uploads a file as multipart/form-data (part "file"), checked against the OpenAPI document. */
    protected Api.Resp upload(String key, String disputeId, String fileName, String claimedType, byte[] bytes) {
        String boundary = "----emboss" + System.nanoTime();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: " + claimedType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bytes);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        String path = "/v1/disputes/" + disputeId + "/files";
        HttpRequest request = HttpRequest.newBuilder(URI.create(api.base() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).build();
        HttpResponse<String> r = send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode body = r.body().isBlank() ? null : Api.JSON.readTree(r.body());
        ApiContract.of(api.base()).check("POST", path, r.statusCode(),
                r.headers().firstValue("Content-Type").orElse(null), body, r.body().isBlank());
        return new Api.Resp(r.statusCode(), r, body);
    }

    /** Downloads a file's content with this Accept header (null: none). */
    protected HttpResponse<byte[]> download(String key, String disputeId, String fileId, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base() + "/v1/disputes/" + disputeId
                + "/files/" + fileId + "/content")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key).GET();
        if (accept != null) {
            b.header("Accept", accept);
        }
        return send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return HTTP.send(request, handler);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static byte[] png() {
        byte[] b = new byte[64];
        byte[] magic = {(byte) 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A};
        System.arraycopy(magic, 0, b, 0, magic.length);
        return b;
    }

    protected static byte[] pdf() {
        return "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
                .getBytes(StandardCharsets.US_ASCII);
    }
}
