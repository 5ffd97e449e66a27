package io.emboss.clearing;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.authorization.AuthorizationTestBase;
import io.emboss.support.Api;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;

/** Helpers of the clearing tests: files written as a network would, uploads, and their records. */
abstract class ClearingTestBase extends AuthorizationTestBase {
    static final String HEADER = "recordId,network,recordType,cardId,networkReference,authCode,transactionAmount,"
            + "transactionCurrency,settlementAmount,settlementCurrency,interchangeFee,merchantName,mcc,"
            + "merchantCountry,transactionDate";

    /** A file being written: records appended in order. */
    static final class Csv {
        private final StringBuilder text = new StringBuilder(HEADER).append('\n');

        Csv record(String recordId, String network, String type, String card, String reference, String authCode,
                String amount, String interchange) {
            return line(String.join(",", recordId, network, type, card, reference == null ? "" : reference,
                    authCode == null ? "" : authCode, amount, "USD", amount, "USD", interchange, "Corner Shop",
                    "5411", "US", "2026-12-01"));
        }

        Csv line(String raw) {
            text.append(raw).append('\n');
            return this;
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    /** An approved authorization: its ids, auth code and reference. */
    record Auth(String id, String transactionId, String authCode, String reference) {
    }

    Auth approvedWithReference(String key, String card, String amount, String reference) {
        Map<String, Object> body = new LinkedHashMap<>(body("cardId", card, "amount", amount, "currency", "USD",
                "merchant", shop()));
        if (reference != null) {
            body.put("networkReference", reference);
        }
        Api.Resp r = api.post("/v1/simulate/authorizations", key, body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.data().get("approved").asBoolean()).as(r.toString()).isTrue();
        return new Auth(r.text("id"), r.text("transactionId"), r.text("authCode"), reference);
    }

    Api.Resp upload(String csv, LocalDate settlementDate) {
        return api.raw("POST", "/v1/platform/clearing-files?settlementDate=" + settlementDate, ADMIN, "text/csv", csv);
    }

    /** Uploads a new file, asserts 202, waits until its records are applied; the file as completed. */
    JsonNode ingested(String csv, LocalDate settlementDate) {
        Api.Resp r = upload(csv, settlementDate);
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        assertThat(r.text("id")).startsWith("cf_");
        return completed("/v1/platform/clearing-files/" + r.text("id"), ADMIN);
    }

    JsonNode completed(String path, String token) {
        JsonNode[] last = new JsonNode[1];
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Api.Resp f = api.get(path, token);
            assertThat(f.status()).as(f.toString()).isEqualTo(200);
            last[0] = f.data();
            return "completed".equals(f.text("status"));
        });
        JsonNode p = last[0].get("progress");
        assertThat(p.get("recordsProcessed").asLong()).isEqualTo(p.get("recordsTotal").asLong());
        assertThat(p.get("percent").asString()).isEqualTo("100.0");
        return last[0];
    }

    /** Every record of a file in line order. */
    List<JsonNode> records(String fileId) {
        List<JsonNode> out = new ArrayList<>();
        String cursor = null;
        do {
            Api.Resp r = api.get("/v1/platform/clearing-files/" + fileId + "/records?limit=100"
                    + (cursor == null ? "" : "&startingAfter=" + cursor), ADMIN);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            r.data().get("items").forEach(out::add);
            cursor = r.data().get("hasMore").asBoolean() ? r.data().get("nextCursor").asString() : null;
        } while (cursor != null);
        return out;
    }

    static Map<String, Long> outcomes(JsonNode file) {
        Map<String, Long> out = new LinkedHashMap<>();
        file.get("outcomes").properties().forEach(e -> {
            if (e.getValue().asLong() > 0) {
                out.put(e.getKey(), e.getValue().asLong());
            }
        });
        return out;
    }

    String available(String key, String card) {
        return balance(key, card).get("available").asString();
    }
}
