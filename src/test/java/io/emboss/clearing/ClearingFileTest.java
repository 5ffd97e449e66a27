package io.emboss.clearing;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A network's day through the back office: a clearing file with every record type and every
 * mismatch, applied to real authorizations on PostgreSQL, sent again, and settled; each record's
 * outcome, each card's money and the settlement report checked against amounts computed here.
 */
class ClearingFileTest extends ClearingTestBase {

    @Test
    void a_days_file_applies_every_record_type_reports_every_mismatch_and_settles_against_the_ledger() {
        Holder h = newHolder();
        String card = fundedCard(h, "500.00");
        Auth a1 = approvedWithReference(h.key(), card, "10.00", "NR-A1");
        Auth a2 = approvedWithReference(h.key(), card, "20.00", "NR-A2");
        Auth a3 = approvedWithReference(h.key(), card, "30.00", null);
        Auth a4 = approvedWithReference(h.key(), card, "40.00", "NR-A4");
        Auth a5 = approvedWithReference(h.key(), card, "15.00", "NR-A5");
        Auth a6 = approvedWithReference(h.key(), card, "25.00", "NR-A6");
        assertThat(action(h.key(), a6.id(), "capture", null).status()).isEqualTo(200);
        assertBalance(h.key(), card, "360.00", "115.00", "475.00");
        String fundingBefore = fundingAvailable(h.key(), "USD");
        LocalDate day = LocalDate.of(2026, 11, 2);

        String csv = new Csv()
                .record("r-1", "visa", "presentment", card, "NR-A1", null, "10.00", "0.20")
                .record("r-2", "visa", "presentment", card, "NR-A2", null, "23.00", "0.40")
                .record("r-3", "visa", "presentment", card, null, a3.authCode(), "27.00", "0.50")
                .record("r-4", "VISA", "presentment", card, "NR-A4", null, "40.00", "0.60")
                .record("r-5", "visa", "presentment", card, "NR-A4", null, "5.00", "0.10")
                .record("r-6", "visa", "reversal", card, "NR-A5", null, "15.00", "0.00")
                .record("r-7", "visa", "reversal", card, "NR-A6", null, "10.00", "0.10")
                .record("r-8", "visa", "presentment", card, "NR-NONE", null, "7.00", "0.10")
                .record("r-1", "visa", "presentment", card, "NR-A1", null, "10.00", "0.20")
                .record("r-9", "visa", "presentment", "card_doesNotExist0000", null, null, "5.00", "0.10")
                .record("r-10", "visa", "presentment", card, null, null, "5.001", "0.10")
                .line("r-11,visa,presentment," + card + ",,,5.00,EUR,5.00,EUR,0.10,Shop,5411,DE,2026-12-01")
                .record("r-12", "mastercard", "presentment", card, null, null, "5.00", "0.10")
                .line("r-13,visa,\"broken")
                .record("r-14", "visa", "reversal", card, "NR-UNKNOWN", null, "1.00", "0.00")
                .record("r-15", "visa", "representment", card, "NR-A1", null, "10.00", "0.00")
                .toString();
        JsonNode file = ingested(csv, day);
        assertThat(outcomes(file)).containsExactlyInAnyOrderEntriesOf(Map.of("matched", 2L, "overCleared", 1L,
                "underCleared", 1L, "furtherCaptures", 1L, "forcePosted", 1L, "released", 1L, "refunded", 1L,
                "duplicates", 1L, "rejected", 7L));
        assertThat(file.get("progress").get("recordsTotal").asLong()).isEqualTo(16);

        List<JsonNode> records = records(file.get("id").asString());
        assertThat(records).extracting(r -> r.get("outcome").asString()).containsExactly("matched", "over_cleared",
                "under_cleared", "matched", "further_capture", "released", "refunded", "force_posted", "duplicate",
                "rejected", "rejected", "rejected", "rejected", "rejected", "rejected", "rejected");
        assertThat(records.get(1).get("difference").asString()).isEqualTo("3.00");
        assertThat(records.get(2).get("difference").asString()).isEqualTo("-3.00");
        assertThat(records.get(8).get("reason").asString()).contains("line 2");
        assertThat(records.get(9).get("reason").asString()).startsWith("unknown_card");
        assertThat(records.get(10).get("reason").asString()).contains("transactionAmount").contains("decimals");
        assertThat(records.get(11).get("reason").asString()).startsWith("settlement_currency_mismatch");
        assertThat(records.get(12).get("reason").asString()).startsWith("network_mismatch");
        assertThat(records.get(13).get("reason").asString()).startsWith("malformed CSV");
        assertThat(records.get(14).get("reason").asString()).startsWith("no_matching_authorization");
        assertThat(records.get(15).get("reason").asString()).contains("dispute");
        for (JsonNode r : records) {
            assertThat(r.toString()).doesNotContain("Corner Shop"); // raw fields are not echoed back
        }

        // the card paid 10 + 23 + 27 + 40 + 5 + 7 cleared, 25 captured online, 10 refunded; 15 released
        assertBalance(h.key(), card, "373.00", "0.00", "373.00");
        assertAuthorization(authorization(h.key(), a1.id()), "completed", "0.00", "10.00", "0.00");
        assertAuthorization(authorization(h.key(), a2.id()), "completed", "0.00", "23.00", "0.00");
        assertAuthorization(authorization(h.key(), a3.id()), "completed", "0.00", "27.00", "0.00");
        assertAuthorization(authorization(h.key(), a4.id()), "completed", "0.00", "45.00", "0.00");
        assertAuthorization(authorization(h.key(), a5.id()), "reversed", "0.00", "0.00", "15.00");
        assertThat(authorization(h.key(), a6.id()).get("refundedAmount").asString()).isEqualTo("10.00");
        Api.Resp forced = api.get("/v1/transactions/" + records.get(7).get("transactionId").asString(), h.key());
        assertThat(forced.text("type")).isEqualTo("force_post");
        assertThat(forced.text("amount")).isEqualTo("7.00");
        assertThat(forced.text("networkReference")).isEqualTo("NR-NONE");
        List<String> movements = allPages("/v1/cards/" + card + "/movements", h.key()).stream()
                .map(m -> m.get("description").asString() + " " + m.get("amount").asString()).toList();
        assertThat(movements).contains("Cleared for more than authorized -3.00", "Cleared for less than authorized 3.00",
                "Purchase (further clearing) -5.00", "Purchase (force-post) -7.00");

        // the settlement: 6 presentments 112.00, 2 reversals (10.00 refunded), interchange 1.80, 80 % of it per record
        JsonNode report = onlyReport(h.key(), day);
        assertReport(report, 6, "112.00", 2, "10.00", "1.80", "1.44", "100.20");
        assertThat(transfersOf(report)).containsExactlyInAnyOrderEntriesOf(Map.of("interchange", "1.80",
                "interchange_share", "1.44", "network_settlement", "100.20"));
        assertThat(new java.math.BigDecimal(fundingAvailable(h.key(), "USD")))
                .isEqualByComparingTo(new java.math.BigDecimal(fundingBefore).add(new java.math.BigDecimal("1.44")));
        assertThat(events(h.key(), "settlement_report.created")).anySatisfy(e ->
                assertThat(e.get("data").get("object").get("id").asString()).isEqualTo(report.get("id").asString()));
        JsonNode platform = platformReport(day, h.tenant().id());
        assertThat(platform.get("reportId").asString()).isEqualTo(report.get("id").asString());
        assertThat(platform.get("netOwed").asString()).isEqualTo("100.20");
        assertLedgerBalanced();

        // the same bytes again: the same file, nothing moves
        Api.Resp again = upload(csv, day);
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.text("id")).isEqualTo(file.get("id").asString());
        assertBalance(h.key(), card, "373.00", "0.00", "373.00");

        // a record applied before, in another file: a duplicate naming where it was applied
        JsonNode second = ingested(new Csv()
                .record("r-1", "visa", "presentment", card, "NR-A1", null, "10.00", "0.20")
                .record("r-16", "visa", "presentment", card, null, null, "1.00", "0.00").toString(), day);
        assertThat(outcomes(second)).containsExactlyInAnyOrderEntriesOf(Map.of("duplicates", 1L, "forcePosted", 1L));
        assertThat(records(second.get("id").asString()).get(0).get("reason").asString())
                .contains(file.get("id").asString());
        assertBalance(h.key(), card, "372.00", "0.00", "372.00");
        assertReport(onlyReport(h.key(), day), 7, "113.00", 2, "10.00", "1.80", "1.44", "101.20");
        assertThat(events(h.key(), "settlement_report.updated")).isNotEmpty();
        assertLedgerBalanced();
    }

    @Test
    void a_chargeback_reversal_wins_the_submitted_dispute_and_a_representment_loses_it() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        Auth won = approvedWithReference(h.key(), card, "30.00", "NR-WON");
        Auth lost = approvedWithReference(h.key(), card, "20.00", "NR-LOST");
        LocalDate day = LocalDate.of(2026, 11, 7);
        JsonNode presented = ingested(new Csv()
                .record("d-1", "visa", "presentment", card, "NR-WON", null, "30.00", "0.00")
                .record("d-2", "visa", "presentment", card, "NR-LOST", null, "20.00", "0.00").toString(), day);
        assertThat(outcomes(presented)).containsExactlyEntriesOf(Map.of("matched", 2L));
        String wonDispute = submittedDispute(h.key(), won.transactionId());
        String lostDispute = submittedDispute(h.key(), lost.transactionId());
        // provisional credit (the default product's setting): both amounts back on the card at submission
        assertBalance(h.key(), card, "100.00", "0.00", "100.00");

        JsonNode decided = ingested(new Csv()
                .record("d-3", "visa", "chargeback_reversal", card, "NR-WON", null, "30.00", "0.00")
                .record("d-4", "visa", "representment", card, "NR-LOST", null, "20.00", "0.00")
                .record("d-5", "visa", "representment", card, "NR-LOST", null, "20.00", "0.00").toString(), day);
        List<JsonNode> records = records(decided.get("id").asString());
        assertThat(records).extracting(r -> r.get("outcome").asString())
                .containsExactly("dispute_won", "dispute_lost", "rejected");
        assertThat(records.get(0).get("disputeId").asString()).isEqualTo(wonDispute);
        assertThat(records.get(1).get("disputeId").asString()).isEqualTo(lostDispute);
        assertThat(records.get(2).get("reason").asString()).contains("no_submitted_dispute");
        assertThat(api.get("/v1/disputes/" + wonDispute, h.key()).text("status")).isEqualTo("won");
        assertThat(api.get("/v1/disputes/" + lostDispute, h.key()).text("status")).isEqualTo("lost");
        // the won credit stays, the lost one is taken back
        assertBalance(h.key(), card, "80.00", "0.00", "80.00");
        assertThat(events(h.key(), "dispute.won")).isNotEmpty();
        assertThat(events(h.key(), "dispute.lost")).isNotEmpty();
        // the network returned 30.00 on the won dispute: it is owed that much less
        assertReport(onlyReport(h.key(), day), 2, "50.00", 0, "0.00", "0.00", "0.00", "20.00");
        assertThat(onlyReport(h.key(), day).get("chargebacks").get("amount").asString()).isEqualTo("30.00");
        assertLedgerBalanced();
    }

    private String submittedDispute(String key, String transactionId) {
        Api.Resp created = api.post("/v1/disputes", key, body("transactionId", transactionId, "reason", "fraudulent",
                "explanation", "The cardholder did not make this purchase."));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        Api.Resp submitted = api.post("/v1/disputes/" + created.text("id") + "/submit", key, null);
        assertThat(submitted.status()).as(submitted.toString()).isEqualTo(200);
        return created.text("id");
    }

    @Test
    void an_exchange_rate_difference_is_its_own_transfer_named_for_it() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        Api.Resp euro = api.post("/v1/simulate/authorizations", h.key(), body("cardId", card, "amount", "10.00",
                "currency", "EUR", "merchant", shop(), "networkReference", "NR-EUR"));
        assertThat(euro.status()).as(euro.toString()).isEqualTo(201);
        JsonNode held = authorization(h.key(), euro.text("id"));
        java.math.BigDecimal heldUsd = new java.math.BigDecimal(held.get("heldAmount").asString());
        String cleared = heldUsd.add(new java.math.BigDecimal("0.50")).toPlainString();
        JsonNode file = ingested(new Csv().line(String.join(",", "fx-1", "visa", "presentment", card, "NR-EUR", "",
                "10.00", "EUR", cleared, "USD", "0.00", "Corner Shop", "5411", "FR", "2026-12-01")).toString(),
                LocalDate.of(2026, 11, 8));
        assertThat(outcomes(file)).containsExactlyEntriesOf(Map.of("overCleared", 1L));
        assertThat(records(file.get("id").asString()).get(0).get("difference").asString()).isEqualTo("0.50");
        assertThat(allPages("/v1/cards/" + card + "/movements", h.key())).anySatisfy(m -> {
            assertThat(m.get("description").asString()).isEqualTo("Exchange-rate difference at clearing");
            assertThat(m.get("amount").asString()).isEqualTo("-0.50");
        });
        assertAuthorization(authorization(h.key(), euro.text("id")), "completed", "0.00", cleared, "0.00");
        assertLedgerBalanced();
    }

    @Test
    void the_tenants_share_of_interchange_is_the_products_setting() {
        Holder h = newHolder();
        String product = defaultProduct(h.key(), "virtual");
        Api.Resp refused = api.patch("/v1/card-products/" + product, h.key(), body("interchangeSharePercent", 101));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.data().get("fields").has("interchangeSharePercent")).isTrue();
        assertThat(api.patch("/v1/card-products/" + product, h.key(), body("provisionalCredit", "yes")).status())
                .isEqualTo(400);
        Api.Resp changed = api.patch("/v1/card-products/" + product, h.key(), body("interchangeSharePercent", 50,
                "provisionalCredit", false));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.data().get("interchangeSharePercent").asInt()).isEqualTo(50);
        assertThat(changed.data().get("provisionalCredit").asBoolean()).isFalse();
        String card = fundedCard(h, "100.00");
        Auth a = approvedWithReference(h.key(), card, "60.00", "NR-SHARE");
        String fundingBefore = fundingAvailable(h.key(), "USD");
        LocalDate day = LocalDate.of(2026, 11, 3);
        ingested(new Csv().record("s-1", "visa", "presentment", card, a.reference(), null, "60.00", "1.03").toString(),
                day);
        assertReport(onlyReport(h.key(), day), 1, "60.00", 0, "0.00", "1.03", "0.51", "58.97");
        assertThat(new java.math.BigDecimal(fundingAvailable(h.key(), "USD")))
                .isEqualByComparingTo(new java.math.BigDecimal(fundingBefore).add(new java.math.BigDecimal("0.51")));
        assertLedgerBalanced();
    }

    @Test
    void a_file_of_thousands_of_records_is_applied_in_chunks_exactly() {
        Holder h = newHolder();
        String[] cards = {fundedCard(h, "100.00"), fundedCard(h, "100.00"), fundedCard(h, "100.00")};
        Csv csv = new Csv();
        int n = 3_000;
        for (int i = 0; i < n; i++) {
            csv.record("bulk-" + i, "visa", "presentment", cards[i % 3], null, null, "0.01", "0.00");
        }
        JsonNode file = ingested(csv.toString(), LocalDate.of(2026, 11, 4));
        assertThat(outcomes(file)).containsExactlyEntriesOf(Map.of("forcePosted", (long) n));
        for (String c : cards) {
            assertBalance(h.key(), c, "90.00", "0.00", "90.00");
        }
        assertReport(onlyReport(h.key(), LocalDate.of(2026, 11, 4)), n, "30.00", 0, "0.00", "0.00", "0.00", "30.00");
        assertLedgerBalanced();
    }

    private JsonNode onlyReport(String key, LocalDate day) {
        Api.Resp r = api.get("/v1/settlement-reports?date=" + day, key);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.data().get("items").size()).as(r.toString()).isEqualTo(1);
        JsonNode report = r.data().get("items").get(0);
        Api.Resp one = api.get("/v1/settlement-reports/" + report.get("id").asString(), key);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.data().get("netOwed")).isEqualTo(report.get("netOwed"));
        return report;
    }

    private static void assertReport(JsonNode r, long presentments, String gross, long reversals, String reversed,
            String interchange, String share, String net) {
        assertThat(r.get("network").asString()).isEqualTo("visa");
        assertThat(r.get("currency").asString()).isEqualTo("USD");
        assertThat(r.get("presentments").get("count").asLong()).as(r.toString()).isEqualTo(presentments);
        assertThat(r.get("presentments").get("amount").asString()).as(r.toString()).isEqualTo(gross);
        assertThat(r.get("reversals").get("count").asLong()).as(r.toString()).isEqualTo(reversals);
        assertThat(r.get("reversals").get("amount").asString()).as(r.toString()).isEqualTo(reversed);
        assertThat(r.get("interchange").asString()).as(r.toString()).isEqualTo(interchange);
        assertThat(r.get("tenantShare").asString()).as(r.toString()).isEqualTo(share);
        assertThat(r.get("netOwed").asString()).as(r.toString()).isEqualTo(net);
    }

    /** The report's transfers summed by kind (the ledger behind the report). */
    private static Map<String, String> transfersOf(JsonNode report) {
        Map<String, java.math.BigDecimal> sums = new java.util.TreeMap<>();
        report.get("transfers").forEach(t -> sums.merge(t.get("kind").asString(),
                new java.math.BigDecimal(t.get("amount").asString()), java.math.BigDecimal::add));
        Map<String, String> out = new java.util.TreeMap<>();
        sums.forEach((k, v) -> out.put(k, v.setScale(2).toPlainString()));
        return out;
    }

    private JsonNode platformReport(LocalDate day, String tenantId) {
        Api.Resp r = api.get("/v1/platform/settlement-reports?date=" + day + "&network=visa", ADMIN);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        for (JsonNode group : r.data().get("items")) {
            for (JsonNode t : group.get("tenants")) {
                if (t.get("tenantId").asString().equals(tenantId)) {
                    return t;
                }
            }
        }
        throw new AssertionError("no report of " + tenantId + " in " + r);
    }
}
