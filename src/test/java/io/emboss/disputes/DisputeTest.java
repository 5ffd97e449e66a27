package io.emboss.disputes;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.shared.Environment;
import io.emboss.shared.Outcome;
import io.emboss.support.Api;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Disputes over HTTP on PostgreSQL: each path with and without provisional credit (simulated outcomes and
 * clearing records applied through the service), with the card, the dispute-suspense account, the events and the
 * ledger's verification after each; the rules; evidence files; bad input.
 */
class DisputeTest extends DisputeTestBase {

    @Autowired
    DisputeService disputes;

    @Test
    void with_provisional_credit_submit_credits_the_card_won_makes_it_final_lost_and_expired_take_it_back() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00"); // the default product gives provisional credit
        String won = capturedPurchase(h.key(), card, "20.00");
        String lost = capturedPurchase(h.key(), card, "20.00");
        String expired = capturedPurchase(h.key(), card, "20.00");
        assertThat(available(h.key(), card)).isEqualTo("40.00");

        JsonNode d = dispute(h.key(), won, "evidence", "Order 1234");
        assertThat(d.get("amount").asString()).isEqualTo("20.00");
        assertThat(d.get("currency").asString()).isEqualTo("USD");
        assertThat(d.get("cardId").asString()).isEqualTo(card);
        assertThat(d.get("provisionalCredit").isNull()).isTrue();
        assertThat(d.get("livemode").asBoolean()).isFalse();
        assertThat(d.get("explanation").asString()).contains("\n");
        assertThat(available(h.key(), card)).as("nothing moves on creation").isEqualTo("40.00");
        JsonNode submitted = submit(h.key(), d.get("id").asString());
        assertThat(submitted.get("provisionalCredit").asString()).isEqualTo("20.00");
        assertThat(submitted.get("submittedAt").isNull()).isFalse();
        assertThat(available(h.key(), card)).isEqualTo("60.00");
        assertThat(suspense(h)).isEqualTo(-2000);
        JsonNode w = resolved(h.key(), d.get("id").asString(), "won");
        assertThat(w.get("recoveredAmount").asString()).isEqualTo("20.00");
        assertThat(w.get("resolvedAt").isNull()).isFalse();
        assertThat(available(h.key(), card)).as("the credit is final").isEqualTo("60.00");
        assertThat(suspense(h)).as("the network repaid the advance").isZero();
        String wonId = d.get("id").asString();
        awaitEvents(h.key(), "dispute.created", wonId, 1);
        awaitEvents(h.key(), "dispute.submitted", wonId, 1);
        awaitEvents(h.key(), "dispute.won", wonId, 1);
        awaitEvents(h.key(), "dispute.funds_reinstated", wonId, 1);
        assertLedgerBalanced();

        String lostId = dispute(h.key(), lost).get("id").asString();
        submit(h.key(), lostId);
        assertThat(available(h.key(), card)).isEqualTo("80.00");
        resolved(h.key(), lostId, "lost");
        assertThat(available(h.key(), card)).as("the advance is taken back").isEqualTo("60.00");
        assertThat(suspense(h)).isZero();
        awaitEvents(h.key(), "dispute.lost", lostId, 1);
        assertThat(events(h.key(), "dispute.funds_reinstated")).hasSize(1);
        assertLedgerBalanced();

        String expiredId = dispute(h.key(), expired).get("id").asString();
        submit(h.key(), expiredId);
        resolved(h.key(), expiredId, "expired");
        assertThat(available(h.key(), card)).isEqualTo("60.00");
        assertThat(suspense(h)).isZero();
        awaitEvents(h.key(), "dispute.expired", expiredId, 1);
        assertLedgerBalanced();

        // resolved once: a second outcome, a change, a second submission are each refused and move nothing
        assertStatus(resolve(h.key(), wonId, "lost"), 409, "invalid_state");
        assertStatus(api.patch("/v1/disputes/" + wonId, h.key(), body("explanation", "more")), 409, "invalid_state");
        assertStatus(api.post("/v1/disputes/" + lostId + "/submit", h.key(), null), 409, "invalid_state");
        assertThat(available(h.key(), card)).isEqualTo("60.00");
        assertLedgerBalanced();
    }

    @Test
    void a_lost_dispute_takes_back_a_credit_already_spent_within_the_overdraft_allowance() {
        Holder h = newHolder();
        String card = fundedCard(h, "30.00");
        String t = capturedPurchase(h.key(), card, "30.00");
        String id = dispute(h.key(), t).get("id").asString();
        submit(h.key(), id);
        capturedPurchase(h.key(), card, "30.00"); // the cardholder spends the credit
        assertThat(available(h.key(), card)).isEqualTo("0.00");
        resolved(h.key(), id, "lost");
        assertThat(available(h.key(), card)).isEqualTo("-30.00");
        assertThat(suspense(h)).isZero();
        assertLedgerBalanced();
    }

    @Test
    void without_provisional_credit_nothing_moves_until_won_and_won_credits_the_card_from_the_network() {
        Holder h = newHolder();
        String card = cardWithoutProvisionalCredit(h, "100.00");
        String[] t = {capturedPurchase(h.key(), card, "10.00"), capturedPurchase(h.key(), card, "10.00"),
                capturedPurchase(h.key(), card, "10.00")};
        assertThat(available(h.key(), card)).isEqualTo("70.00");
        String[] ids = Arrays.stream(t).map(x -> dispute(h.key(), x).get("id").asString()).toArray(String[]::new);
        for (String id : ids) {
            assertThat(submit(h.key(), id).get("provisionalCredit").isNull()).isTrue();
        }
        assertThat(available(h.key(), card)).as("no advance").isEqualTo("70.00");
        assertThat(suspense(h)).isZero();
        resolved(h.key(), ids[0], "won");
        assertThat(available(h.key(), card)).as("the chargeback is credited").isEqualTo("80.00");
        assertThat(suspense(h)).isZero();
        awaitEvents(h.key(), "dispute.funds_reinstated", ids[0], 1);
        resolved(h.key(), ids[1], "lost");
        resolved(h.key(), ids[2], "expired");
        assertThat(available(h.key(), card)).isEqualTo("80.00");
        awaitEvents(h.key(), "dispute.lost", ids[1], 1);
        awaitEvents(h.key(), "dispute.expired", ids[2], 1);
        assertLedgerBalanced();
    }

    @Test
    void clearing_records_resolve_the_submitted_dispute_once() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        String won = capturedPurchase(h.key(), card, "20.00");
        String lost = capturedPurchase(h.key(), card, "20.00");
        String partial = capturedPurchase(h.key(), card, "20.00");
        String tenant = h.tenant().id();
        String unsubmitted = dispute(h.key(), won).get("id").asString();
        Outcome<String> none = disputes.applyNetworkRecord(tenant, Environment.SANDBOX, won,
                DisputeService.NetworkRecord.CHARGEBACK_REVERSAL, 2000);
        assertThat(none.rejection().code()).isEqualTo("no_submitted_dispute");
        submit(h.key(), unsubmitted);
        assertThat(available(h.key(), card)).isEqualTo("60.00");
        assertThat(disputes.applyNetworkRecord(tenant, Environment.SANDBOX, won,
                DisputeService.NetworkRecord.CHARGEBACK_REVERSAL, 2001).rejection().code()).isEqualTo("amount_mismatch");
        assertThat(disputes.applyNetworkRecord(tenant, Environment.LIVE, won,
                DisputeService.NetworkRecord.CHARGEBACK_REVERSAL, 2000).rejection().code())
                .as("another environment's transaction").isEqualTo("no_submitted_dispute");
        Outcome<String> applied = disputes.applyNetworkRecord(tenant, Environment.SANDBOX, won,
                DisputeService.NetworkRecord.CHARGEBACK_REVERSAL, 2000);
        assertThat(applied.value()).isEqualTo(unsubmitted);
        assertThat(api.get("/v1/disputes/" + unsubmitted, h.key()).text("status")).isEqualTo("won");
        assertThat(available(h.key(), card)).isEqualTo("60.00");
        assertThat(suspense(h)).isZero();
        awaitEvents(h.key(), "dispute.won", unsubmitted, 1);
        // resolved once: neither a second record nor a simulated outcome applies again
        assertThat(disputes.applyNetworkRecord(tenant, Environment.SANDBOX, won,
                DisputeService.NetworkRecord.REPRESENTMENT, 2000).rejection().code()).isEqualTo("no_submitted_dispute");
        assertStatus(resolve(h.key(), unsubmitted, "lost"), 409, "invalid_state");
        assertLedgerBalanced();

        String lostId = dispute(h.key(), lost).get("id").asString();
        submit(h.key(), lostId);
        assertThat(disputes.applyNetworkRecord(tenant, Environment.SANDBOX, lost,
                DisputeService.NetworkRecord.REPRESENTMENT, 2000).value()).isEqualTo(lostId);
        assertThat(available(h.key(), card)).isEqualTo("60.00");
        assertThat(suspense(h)).isZero();
        awaitEvents(h.key(), "dispute.lost", lostId, 1);

        // the network pays back 15.00 of 20.00 advanced: the rest comes back from the card
        String partialId = dispute(h.key(), partial).get("id").asString();
        submit(h.key(), partialId);
        assertThat(available(h.key(), card)).isEqualTo("80.00");
        disputes.applyNetworkRecord(tenant, Environment.SANDBOX, partial,
                DisputeService.NetworkRecord.CHARGEBACK_REVERSAL, 1500).value();
        assertThat(available(h.key(), card)).isEqualTo("75.00");
        assertThat(suspense(h)).isZero();
        assertThat(api.get("/v1/disputes/" + partialId, h.key()).text("recoveredAmount")).isEqualTo("15.00");
        assertLedgerBalanced();

        // without provisional credit the chargeback goes to the card
        String plain = cardWithoutProvisionalCredit(h, "50.00");
        String t = capturedPurchase(h.key(), plain, "12.34");
        String plainId = dispute(h.key(), t).get("id").asString();
        submit(h.key(), plainId);
        assertThat(available(h.key(), plain)).isEqualTo("37.66");
        disputes.applyNetworkRecord(tenant, Environment.SANDBOX, t, DisputeService.NetworkRecord.CHARGEBACK_REVERSAL,
                1234).value();
        assertThat(available(h.key(), plain)).isEqualTo("50.00");
        assertLedgerBalanced();
    }

    @Test
    void only_captured_purchases_of_the_caller_within_the_window_for_what_remains() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        Api.Resp pending = authorize(h.key(), card, "10.00");
        assertStatus(createDispute(h.key(), "transactionId", pending.text("transactionId"), "reason", "fraudulent",
                "explanation", "x"), 409, "transaction_not_disputable");
        Api.Resp declined = authorize(h.key(), card, "999.00");
        assertThat(declined.data().get("approved").asBoolean()).isFalse();
        assertStatus(createDispute(h.key(), "transactionId", declined.text("transactionId"), "reason", "fraudulent",
                "explanation", "x"), 409, "transaction_not_disputable");
        Holder other = newHolder();
        String othersTxn = capturedPurchase(other.key(), fundedCard(other, "10.00"), "5.00");
        assertStatus(createDispute(h.key(), "transactionId", othersTxn, "reason", "fraudulent", "explanation", "x"),
                404, "resource_not_found");
        assertStatus(createDispute(h.tenant().liveKey(), "transactionId", othersTxn, "reason", "fraudulent",
                "explanation", "x"), 404, "resource_not_found");

        String old = capturedPurchase(h.key(), card, "10.00");
        sql("UPDATE transactions SET created_at = ? WHERE id = ?",
                Timestamp.from(Instant.now().minus(121, ChronoUnit.DAYS)), old);
        assertStatus(createDispute(h.key(), "transactionId", old, "reason", "fraudulent", "explanation", "x"), 409,
                "dispute_window_closed");

        String t = capturedPurchase(h.key(), card, "20.00");
        assertStatus(createDispute(h.key(), "transactionId", t, "reason", "fraudulent", "explanation", "x",
                "amount", "20.01"), 409, "amount_exceeds_disputable");
        String first = dispute(h.key(), t, "amount", "15.00").get("id").asString();
        JsonNode second = dispute(h.key(), t);
        assertThat(second.get("amount").asString()).as("what remains").isEqualTo("5.00");
        assertStatus(createDispute(h.key(), "transactionId", t, "reason", "duplicate", "explanation", "x"), 409,
                "amount_exceeds_disputable");
        assertStatus(api.patch("/v1/disputes/" + first, h.key(), body("amount", "15.01")), 409,
                "amount_exceeds_disputable");
        Api.Resp patched = api.patch("/v1/disputes/" + first, h.key(), body("amount", "14.00", "reason",
                "duplicate"));
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.text("reason")).isEqualTo("duplicate");
        submit(h.key(), first);
        resolved(h.key(), first, "lost");
        assertThat(dispute(h.key(), t).get("amount").asString()).as("a lost dispute frees its amount")
                .isEqualTo("15.00");
        assertThat(allPages("/v1/disputes?transactionId=" + t, h.key())).hasSize(3);
        assertThat(allPages("/v1/disputes?status=lost", h.key())).hasSize(1);
        assertThat(allPages("/v1/disputes?reason=duplicate&cardId=" + card, h.key())).hasSize(1);
        assertThat(allPages("/v1/disputes", other.key())).isEmpty();
        Api.Resp page = api.get("/v1/disputes?limit=1", h.key());
        assertThat(page.data().get("hasMore").asBoolean()).isTrue();
        assertThat(api.get("/v1/disputes?limit=2&startingAfter=" + page.data().get("nextCursor").asString(),
                h.key()).data().get("items").size()).isEqualTo(2);
        assertStatus(api.get("/v1/disputes?startingAfter=dp_nope", h.key()), 400, "invalid_cursor");
        assertStatus(api.get("/v1/disputes/" + first, other.key()), 404, "resource_not_found");
        assertLedgerBalanced();
    }

    @Test
    void evidence_files_are_typed_by_their_bytes_limited_and_only_ever_downloaded_as_attachments() {
        Holder h = newHolder();
        String card = fundedCard(h, "50.00");
        String id = dispute(h.key(), capturedPurchase(h.key(), card, "10.00")).get("id").asString();

        Api.Resp png = upload(h.key(), id, "../../etc/receipt <1>.png", "image/png", png());
        assertThat(png.status()).as(png.toString()).isEqualTo(201);
        assertThat(png.text("id")).startsWith("dpf_");
        assertThat(png.text("contentType")).isEqualTo("image/png");
        assertThat(png.text("fileName")).isEqualTo("receipt _1_.png");
        Api.Resp retried = upload(h.key(), id, "receipt.png", "image/png", png()); // the answer was lost: sent again
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        assertThat(retried.text("id")).isEqualTo(png.text("id"));
        Api.Resp pdf = upload(h.key(), id, "letter.txt", "text/plain", pdf());
        assertThat(pdf.status()).as(pdf.toString()).isEqualTo(201);
        assertThat(pdf.text("contentType")).isEqualTo("application/pdf");
        assertThat(pdf.text("fileName")).isEqualTo("letter.txt.pdf");
        assertThat(pdf.data().get("size").asLong()).isEqualTo(pdf().length);

        byte[] exe = new byte[128];
        exe[0] = 'M';
        exe[1] = 'Z';
        assertStatus(upload(h.key(), id, "invoice.pdf", "application/pdf", exe), 400, "unsupported_file_type");
        byte[] html = "<!DOCTYPE html><script>alert(1)</script>".getBytes(StandardCharsets.UTF_8);
        assertStatus(upload(h.key(), id, "photo.png", "image/png", html), 400, "unsupported_file_type");
        byte[] big = new byte[5 * 1024 * 1024 + 1];
        System.arraycopy(pdf(), 0, big, 0, pdf().length);
        Api.Resp tooBig = upload(h.key(), id, "big.pdf", "application/pdf", big);
        assertThat(tooBig.status()).as(tooBig.toString()).isEqualTo(413);

        JsonNode files = api.get("/v1/disputes/" + id + "/files", h.key()).data().get("items");
        assertThat(files.size()).isEqualTo(2);
        assertThat(files.get(0).get("sha256").asString()).hasSize(64);

        for (String accept : new String[] {"*/*", "application/octet-stream", null}) {
            HttpResponse<byte[]> r = download(h.key(), id, pdf.text("id"), accept);
            assertThat(r.statusCode()).as("Accept " + accept).isEqualTo(200);
            assertThat(r.body()).isEqualTo(pdf());
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/octet-stream");
            assertThat(r.headers().firstValue("Content-Disposition").orElse(""))
                    .startsWith("attachment").contains("letter.txt.pdf");
            assertThat(r.headers().firstValue("X-Content-Type-Options").orElse("")).isEqualTo("nosniff");
            assertThat(r.headers().allValues("Content-Security-Policy")).contains("sandbox");
        }
        assertThat(download(h.key(), id, pdf.text("id"), "text/html").statusCode()).isEqualTo(406);
        assertThat(download(h.key(), id, "dpf_nope", null).statusCode()).isEqualTo(404);

        Holder other = newHolder();
        assertThat(download(other.key(), id, pdf.text("id"), null).statusCode()).isEqualTo(404);
        assertStatus(api.get("/v1/disputes/" + id + "/files", other.key()), 404, "resource_not_found");
        assertStatus(upload(other.key(), id, "a.png", "image/png", png()), 404, "resource_not_found");

        for (int i = 2; i < 10; i++) {
            Api.Resp r = upload(h.key(), id, "note" + i + ".txt", "text/plain",
                    ("Note " + i + ": tracking shows no delivery.\n").getBytes(StandardCharsets.UTF_8));
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
            assertThat(r.text("contentType")).isEqualTo("text/plain");
        }
        assertStatus(upload(h.key(), id, "eleventh.png", "image/png", java.util.Arrays.copyOf(png(), png().length + 1)),
                409, "too_many_files");
        assertThat(api.get("/v1/disputes/" + id + "/files", h.key()).data().get("items").size()).isEqualTo(10);
        submit(h.key(), id);
        String another = dispute(h.key(), capturedPurchase(h.key(), card, "5.00")).get("id").asString();
        submit(h.key(), another);
        assertStatus(upload(h.key(), another, "late.png", "image/png", png()), 409, "invalid_state");
        assertLedgerBalanced();
    }

    @Test
    void bad_input_is_400_naming_the_field_and_moves_nothing_and_live_credentials_cannot_simulate() {
        Holder h = newHolder();
        String card = fundedCard(h, "50.00");
        String t = capturedPurchase(h.key(), card, "10.00");
        Object[][] cases = {
                {body("transactionId", t, "reason", "bored", "explanation", "x"), "reason"},
                {body("transactionId", t, "reason", "fraudulent", "explanation", "x", "amount", "1.234"), "amount"},
                {body("transactionId", t, "reason", "fraudulent", "explanation", "x", "amount", "0"), "amount"},
                {body("reason", "fraudulent", "explanation", "x"), "transactionId"},
                {body("transactionId", t, "reason", "fraudulent"), "explanation"},
                {body("transactionId", t, "reason", "fraudulent", "explanation", "x".repeat(10_001)), "explanation"},
        };
        for (Object[] c : cases) {
            Api.Resp r = api.post("/v1/disputes", h.key(), c[0]);
            assertThat(r.status()).as(r.toString()).isEqualTo(400);
            assertThat(r.data().get("fields").has((String) c[1])).as(c[1] + " named in " + r).isTrue();
            assertThat(available(h.key(), card)).isEqualTo("40.00");
        }
        Api.Resp malformed = api.raw("POST", "/v1/disputes", h.key(), "application/json", "{\"transactionId\": ");
        assertStatus(malformed, 400, "malformed_json");
        assertStatus(api.post("/v1/disputes", h.key(), body("transactionId", t, "reason", "other",
                "explanation", "x", "colour", "red")), 400, "validation_failed");
        assertThat(allPages("/v1/disputes", h.key())).isEmpty();
        assertThat(events(h.key(), "dispute.created")).isEmpty();

        String id = dispute(h.key(), t).get("id").asString();
        assertStatus(api.patch("/v1/disputes/" + id, h.key(), body()), 400, "validation_failed");
        assertStatus(resolve(h.key(), id, "won"), 409, "invalid_state");
        submit(h.key(), id);
        assertThat(available(h.key(), card)).isEqualTo("50.00");
        Api.Resp live = resolve(h.tenant().liveKey(), id, "won");
        assertThat(live.status()).as(live.toString()).isEqualTo(403);
        assertStatus(resolve(h.key(), id, "maybe"), 400, "validation_failed");
        assertThat(api.get("/v1/disputes/" + id, h.key()).text("status")).isEqualTo("submitted");
        assertThat(available(h.key(), card)).isEqualTo("50.00");
        assertLedgerBalanced();
    }

    private static void assertStatus(Api.Resp r, int status, String errorCode) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.errorCode()).as(r.toString()).isEqualTo(errorCode);
    }
}
