package io.emboss.clearing;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Files a network would never send, and callers who may not send them: each refused whole with a
 * reason (and nothing staged, no money moved) or record by record; the other ways in (multipart,
 * JSON, a PAN in the card column) and the sandbox's simulated network.
 */
class ClearingBadInputTest extends ClearingTestBase {

    @Test
    void files_refused_whole_stage_nothing_and_move_no_money() throws Exception {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        Auth a = approvedWithReference(h.key(), card, "10.00", "NR-BAD");
        int filesBefore = allPages("/v1/platform/clearing-files", ADMIN).size();
        String good = new Csv().record("b-1", "visa", "presentment", card, "NR-BAD", null, "10.00", "0.10").toString();

        assertRefused(api.raw("POST", "/v1/platform/clearing-files", ADMIN, "text/csv",
                good.replace("settlementCurrency", "settleCurrency")), "settlementCurrency");
        assertRefused(api.raw("POST", "/v1/platform/clearing-files", ADMIN, "text/csv", ""), "header row");
        assertRefused(api.raw("POST", "/v1/platform/clearing-files", ADMIN, "text/csv",
                good + "x".repeat(5000) + "\n"), "longer than 4096");
        assertRefused(garbage(100L * 1024 * 1024), "not");
        Api.Resp xml = api.raw("POST", "/v1/platform/clearing-files", ADMIN, "application/xml", "<file/>");
        assertThat(xml.status()).as(xml.toString()).isEqualTo(415);
        Api.Resp badDate = api.raw("POST", "/v1/platform/clearing-files?settlementDate=yesterday", ADMIN, "text/csv",
                good);
        assertFieldError(badDate, "settlementDate");
        Api.Resp tenant = api.raw("POST", "/v1/platform/clearing-files", h.key(), "text/csv", good);
        assertThat(tenant.status()).as(tenant.toString()).isEqualTo(403);
        Api.Resp noBoundary = api.raw("POST", "/v1/platform/clearing-files", ADMIN, "multipart/form-data", good);
        assertThat(noBoundary.status()).as(noBoundary.toString()).isEqualTo(400);
        Api.Resp noFilePart = api.raw("POST", "/v1/platform/clearing-files", ADMIN,
                "multipart/form-data; boundary=XyZ", multipart("other", "a.csv", good));
        assertFieldError(noFilePart, "file");
        assertFieldError(api.post("/v1/platform/clearing-files", ADMIN, body("fileName", "x")), "records");
        assertFieldError(api.post("/v1/platform/clearing-files", ADMIN, body("records", List.of(), "settlementDate",
                "2026-13-01")), "settlementDate");
        Api.Resp malformedJson = api.raw("POST", "/v1/platform/clearing-files", ADMIN, "application/json", "{\"records\":");
        assertThat(malformedJson.status()).as(malformedJson.toString()).isEqualTo(400);

        assertThat(allPages("/v1/platform/clearing-files", ADMIN)).hasSize(filesBefore);
        assertAuthorization(authorization(h.key(), a.id()), "pending", "10.00", "0.00", "0.00");
        assertBalance(h.key(), card, "90.00", "10.00", "100.00");
        assertLedgerBalanced();
    }

    @Test
    void multipart_json_and_a_pan_in_the_card_column_reach_the_same_records() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        Auth a = approvedWithReference(h.key(), card, "10.00", "NR-MP");
        Auth b = approvedWithReference(h.key(), card, "20.00", null);
        String pan = api.get("/v1/cards/" + card + "/details", h.key()).text("number");
        LocalDate day = LocalDate.of(2026, 11, 5);

        Api.Resp uploaded = api.raw("POST", "/v1/platform/clearing-files?settlementDate=" + day, ADMIN,
                "multipart/form-data; boundary=XyZ", multipart("file", "../../etc/visa-1201.csv",
                        new Csv().record("mp-1", "visa", "presentment", pan, "NR-MP", null, "10.00", "0.10").toString()));
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(202);
        assertThat(uploaded.text("fileName")).isEqualTo("visa-1201.csv");
        JsonNode file = completed("/v1/platform/clearing-files/" + uploaded.text("id"), ADMIN);
        assertThat(outcomes(file)).containsExactlyEntriesOf(Map.of("matched", 1L));
        JsonNode record = records(file.get("id").asString()).get(0);
        assertThat(record.get("cardId").asString()).isEqualTo(card);
        assertThat(record.toString()).doesNotContain(pan);

        Api.Resp json = api.post("/v1/platform/clearing-files", ADMIN, body("settlementDate", day.toString(), "records",
                List.of(body("recordId", "js-1", "network", "visa", "recordType", "presentment", "cardId", card,
                        "authCode", b.authCode(), "transactionAmount", 20, "transactionCurrency", "USD",
                        "settlementAmount", "20.00", "settlementCurrency", "USD", "interchangeFee", 0.3,
                        "transactionDate", "2026-12-01T10:15:30Z"),
                        body("recordId", "js-2", "network", "visa", "recordType", "presentment", "cardId", card,
                        "transactionAmount", "1.234", "transactionCurrency", "USD", "settlementAmount", "1.23",
                        "settlementCurrency", "USD", "transactionDate", "2026-12-01"))));
        assertThat(json.status()).as(json.toString()).isEqualTo(202);
        JsonNode jsonFile = completed("/v1/platform/clearing-files/" + json.text("id"), ADMIN);
        assertThat(outcomes(jsonFile)).containsExactlyInAnyOrderEntriesOf(Map.of("matched", 1L, "rejected", 1L));
        Api.Resp rejected = api.get("/v1/platform/clearing-files/" + json.text("id") + "/records?outcome=rejected",
                ADMIN);
        assertThat(rejected.data().get("items").get(0).get("reason").asString()).contains("transactionAmount");
        assertFieldError(api.get("/v1/platform/clearing-files/" + json.text("id") + "/records?outcome=lost", ADMIN),
                "outcome");
        assertThat(api.get("/v1/platform/clearing-files/" + json.text("id") + "/records?startingAfter=x", ADMIN)
                .errorCode()).isEqualTo("invalid_cursor");
        assertThat(api.get("/v1/platform/clearing-files/cf_nope", ADMIN).status()).isEqualTo(404);
        assertBalance(h.key(), card, "70.00", "0.00", "70.00");
        assertAuthorization(authorization(h.key(), a.id()), "completed", "0.00", "10.00", "0.00");
        assertLedgerBalanced();
    }

    @Test
    void the_sandbox_simulates_the_networks_file_for_its_own_pending_authorizations_only() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        Auth a = approvedWithReference(h.key(), card, "10.00", null);
        Auth b = approvedWithReference(h.key(), card, "20.00", null);
        Holder other = newHolder();
        String otherCard = fundedCard(other, "100.00");
        Auth strangers = approvedWithReference(other.key(), otherCard, "5.00", null);

        Api.Resp live = api.post("/v1/simulate/clearing", h.tenant().liveKey(), body());
        assertThat(live.status()).as(live.toString()).isEqualTo(403);
        assertThat(live.errorCode()).isEqualTo("sandbox_only");
        Api.Resp notMine = api.post("/v1/simulate/clearing", h.key(), body("authorizations",
                List.of(body("authorizationId", strangers.id()))));
        assertThat(notMine.status()).as(notMine.toString()).isEqualTo(409);
        assertFieldError(api.post("/v1/simulate/clearing", h.key(), body("authorizations",
                List.of(body("authorizationId", a.id(), "amount", "1.001")))), "authorizations[0].amount");
        assertFieldError(api.post("/v1/simulate/clearing", h.key(), body("interchangePercent", "abc")),
                "interchangePercent");
        assertBalance(h.key(), card, "70.00", "30.00", "100.00");

        Api.Resp one = api.post("/v1/simulate/clearing", h.key(), body("authorizations",
                List.of(body("authorizationId", a.id(), "amount", "11.00")), "settlementDate", "2026-11-06"));
        assertThat(one.status()).as(one.toString()).isEqualTo(202);
        JsonNode file = completed("/v1/clearing-files/" + one.text("id"), h.key());
        assertThat(outcomes(file)).containsExactlyEntriesOf(Map.of("overCleared", 1L));
        assertThat(file.get("livemode").asBoolean()).isFalse();
        assertThat(api.get("/v1/clearing-files/" + one.text("id"), other.key()).status()).isEqualTo(404);
        assertThat(api.get("/v1/clearing-files/" + one.text("id"), ADMIN).status()).isEqualTo(403);
        assertThat(api.get("/v1/platform/clearing-files/" + one.text("id"), ADMIN).status()).isEqualTo(200);

        Api.Resp rest = api.post("/v1/simulate/clearing", h.key(), body("settlementDate", "2026-11-06"));
        JsonNode restFile = completed("/v1/clearing-files/" + rest.text("id"), h.key());
        assertThat(outcomes(restFile)).containsExactlyEntriesOf(Map.of("matched", 1L));
        assertAuthorization(authorization(h.key(), b.id()), "completed", "0.00", "20.00", "0.00");
        assertAuthorization(authorization(other.key(), strangers.id()), "pending", "5.00", "0.00", "0.00");
        assertBalance(h.key(), card, "69.00", "0.00", "69.00");
        JsonNode report = api.get("/v1/settlement-reports?date=2026-11-06", h.key()).data().get("items").get(0);
        assertThat(report.get("presentments").get("amount").asString()).isEqualTo("31.00");
        assertThat(report.get("interchange").asString()).isEqualTo("0.47"); // 1.5 % of 11.00 and of 20.00
        assertThat(api.get("/v1/settlement-reports?date=2026-11-06", other.key()).data().get("items").size())
                .isZero();
        assertFieldError(api.get("/v1/settlement-reports?date=06-11-2026", h.key()), "date");
        assertFieldError(api.get("/v1/platform/settlement-reports", ADMIN), "date");
        assertFieldError(api.get("/v1/platform/settlement-reports?date=2026-11-06&network=amex", ADMIN), "network");
        assertThat(api.get("/v1/platform/settlement-reports?date=2026-11-06", h.key()).status()).isEqualTo(403);
        assertThat(api.get("/v1/settlement-reports/" + report.get("id").asString(), other.key()).status())
                .isEqualTo(404);
        assertLedgerBalanced();
    }

    private static String multipart(String part, String fileName, String content) {
        return "--XyZ\r\nContent-Disposition: form-data; name=\"" + part + "\"; filename=\"" + fileName
                + "\"\r\nContent-Type: text/csv\r\n\r\n" + content + "\r\n--XyZ--\r\n";
    }

    private static void assertRefused(Api.Resp r, String reasonPart) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.errorCode()).as(r.toString()).isEqualTo("invalid_clearing_file");
        assertThat(r.body().get("message").asString()).as(r.toString()).contains(reasonPart);
    }

    private static void assertFieldError(Api.Resp r, String field) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.data().get("fields").has(field)).as(field + " named in " + r).isTrue();
    }

    /** {@code bytes} of random garbage streamed as a CSV upload (never held in memory here either). */
    private Api.Resp garbage(long bytes) throws Exception {
        Random random = new Random(17);
        InputStream body = new InputStream() {
            private long left = bytes;

            @Override
            public int read() {
                return left-- > 0 ? random.nextInt(256) : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                byte[] chunk = new byte[n];
                random.nextBytes(chunk);
                System.arraycopy(chunk, 0, b, off, n);
                left -= n;
                return n;
            }
        };
        HttpRequest request = HttpRequest.newBuilder(URI.create(api.base() + "/v1/platform/clearing-files"))
                .timeout(Duration.ofSeconds(120)).header("Authorization", "Bearer " + ADMIN)
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> body),
                        bytes))
                .build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Api.Resp(r.statusCode(), r, Api.JSON.readTree(r.body()));
    }
}
