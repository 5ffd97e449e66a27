package io.emboss.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import io.emboss.support.ApiTest;
import io.emboss.support.ApiTestBase;
import io.emboss.support.ConsoleClient;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The Transactions pages over real HTTP: what they show is what the API says. */
@ApiTest
class TransactionPagesTest extends ApiTestBase {

    @Test
    void a_declined_purchase_shows_its_reason_in_words_filters_narrow_the_list_and_a_capture_joins_the_timeline() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String customer = newApprovedCustomer(key);
        deposit(key, customer, "USD", "100.00");
        String card = issueCard(key, customer, "20.00");
        Api.Resp declined = purchase(key, card, "500.00", "Grand Hotel");
        assertThat(declined.data().get("approved").asBoolean()).isFalse();
        assertThat(declined.text("declineReason")).isEqualTo("insufficient_funds");
        Api.Resp approved = purchase(key, card, "12.00", "Corner Bakery");
        assertThat(approved.data().get("approved").asBoolean()).as(approved.toString()).isTrue();
        String declinedTxn = declined.text("transactionId");
        String approvedTxn = approved.text("transactionId");

        ConsoleClient browser = new ConsoleClient(port).signIn(t.email(), t.password());
        ConsoleClient.Page list = browser.get("/dashboard/transactions");
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        assertThat(list.heading()).isEqualTo("Transactions");
        assertThat(list.html()).contains("/dashboard/transactions/" + declinedTxn)
                .contains("/dashboard/transactions/" + approvedTxn)
                .contains("Insufficient funds").contains("<code>insufficient_funds</code>");
        assertThat(list.html().indexOf(approvedTxn)).as("newest first").isLessThan(list.html().indexOf(declinedTxn));

        String declinedOnly = browser.get("/dashboard/transactions?status=declined&cardId=" + card).html();
        assertThat(declinedOnly).contains(declinedTxn).doesNotContain(approvedTxn);
        String bakery = browser.get("/dashboard/transactions?search=bakery").html();
        assertThat(bakery).contains(approvedTxn).doesNotContain(declinedTxn);
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        assertThat(browser.get("/dashboard/transactions?from=" + today + "&to=" + today).html())
                .contains(approvedTxn).contains(declinedTxn);
        assertThat(browser.get("/dashboard/transactions?to=2001-01-01").html()).contains("No transactions.")
                .doesNotContain(approvedTxn);
        assertThat(browser.get("/dashboard/transactions?customerId=" + newCustomer(key)).html())
                .doesNotContain(approvedTxn).doesNotContain(declinedTxn);
        ConsoleClient.Page wrongType = browser.get("/dashboard/transactions?type=bogus");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.html()).contains("type must be authorization");

        ConsoleClient.Page declinedPage = browser.get("/dashboard/transactions/" + declinedTxn);
        assertThat(declinedPage.status()).isEqualTo(200);
        assertThat(declinedPage.html()).contains("Declined: Insufficient funds").contains("Grand Hotel")
                .contains("/dashboard/cards/" + card).contains("/dashboard/customers/" + customer);

        String authorization = approved.text("id");
        Api.Resp capture = api.post("/v1/simulate/authorizations/" + authorization + "/capture", key,
                body("amount", "7.50"));
        assertThat(capture.status()).as(capture.toString()).isEqualTo(200);
        JsonNode captured = api.get("/v1/authorizations/" + authorization, key).data();
        assertThat(captured.get("captures")).hasSize(1);
        String page = browser.get("/dashboard/transactions/" + approvedTxn).html();
        assertThat(page).contains("Timeline").contains("Authorized").contains("Captured").contains("7.50 USD")
                .contains("Corner Bakery").contains("5411").contains(captured.get("authCode").asString());
        assertThat(captured.get("capturedAmount").asString()).isEqualTo("7.50");

        Api.Resp refund = api.post("/v1/simulate/refunds", key, body("cardId", card, "amount", "2.25",
                "authorizationId", authorization));
        assertThat(refund.status()).as(refund.toString()).isEqualTo(201);
        String withRefund = browser.get("/dashboard/transactions/" + approvedTxn).html();
        assertThat(withRefund).contains("Refunded").contains("2.25 USD")
                .contains("/dashboard/transactions/" + refund.text("id"));
        assertThat(withRefund.indexOf("Captured")).as("captures before refunds").isLessThan(
                withRefund.indexOf("Refunded"));
        assertThat(browser.get("/dashboard/transactions/" + refund.text("id")).html())
                .contains("/dashboard/transactions/" + approvedTxn).contains(">refund<");
    }

    @Test
    void another_tenants_transaction_is_not_found() {
        TenantKeys owner = newTenant();
        String customer = newApprovedCustomer(owner.sandboxKey());
        deposit(owner.sandboxKey(), customer, "USD", "50.00");
        String card = issueCard(owner.sandboxKey(), customer, "10.00");
        Api.Resp purchase = purchase(owner.sandboxKey(), card, "1.00", "Kiosk");
        TenantKeys other = newTenant();
        ConsoleClient stranger = new ConsoleClient(port).signIn(other.email(), other.password());
        ConsoleClient.Page page = stranger.get("/dashboard/transactions/" + purchase.text("transactionId"));
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.html()).doesNotContain("Kiosk");
        assertThat(stranger.get("/dashboard/transactions/" + purchase.text("id")).status()).isEqualTo(404);
        assertThat(stranger.get("/dashboard/transactions").html()).doesNotContain(purchase.text("transactionId"));
        ConsoleClient owners = new ConsoleClient(port).signIn(owner.email(), owner.password());
        assertThat(owners.get("/dashboard/transactions/" + purchase.text("transactionId")).status()).isEqualTo(200);
    }

    private Api.Resp purchase(String key, String card, String amount, String merchant) {
        Api.Resp r = api.post("/v1/simulate/authorizations", key, body("cardId", card, "amount", amount,
                "currency", "USD", "merchant", body("name", merchant, "mcc", "5411", "country", "US")));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r;
    }

    private String issueCard(String key, String customer, String initialBalance) {
        String product = null;
        for (JsonNode p : api.get("/v1/card-products?limit=100", key).data().get("items")) {
            if (p.get("name").asString().equals("Virtual USD Visa")) {
                product = p.get("id").asString();
            }
        }
        Api.Resp r = api.post("/v1/cards", key, body("customerId", customer, "productId", product,
                "initialBalance", initialBalance));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.text("id");
    }
}
