package io.emboss.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.authorization.AuthorizationTestBase;
import io.emboss.support.Api;
import io.emboss.support.ApiTest;
import io.emboss.support.ConsoleClient;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Sandbox page over real HTTP: each simulation's answer on the page, and what the API then reports. */
@ApiTest
class SandboxPageTest extends AuthorizationTestBase {
    private static final Pattern TRANSACTION_LINK = Pattern.compile("href=\"/dashboard/transactions/([A-Za-z0-9_]+)\"");

    private ConsoleClient signedIn(Holder h) {
        ConsoleClient browser = new ConsoleClient(port).signIn(h.tenant().email(), h.tenant().password());
        ConsoleClient.Page page = browser.get("/dashboard/sandbox");
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.heading()).isEqualTo("Sandbox");
        return browser;
    }

    private static Map<String, String> purchase(String card, String amount) {
        return Map.of("cardId", card, "amount", amount, "currency", "USD", "merchantName", "Corner Shop", "mcc", "5411",
                "country", "US", "channel", "in_person");
    }

    @Test
    void a_purchase_on_a_funded_card_is_approved_and_one_over_the_balance_declined() {
        Holder h = newHolder();
        String card = fundedCard(h, "50.00");
        ConsoleClient browser = signedIn(h);
        assertThat(browser.get("/dashboard/sandbox").html()).as("the active card is offered")
                .contains("<option value=\"" + card + "\"");

        ConsoleClient.Page approved = browser.post("/dashboard/sandbox/authorizations", purchase(card, "20.00"));
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        assertThat(approved.html()).contains(">Approved<").doesNotContain("class=\"problem\"");
        Matcher link = TRANSACTION_LINK.matcher(approved.html());
        assertThat(link.find()).as(approved.html()).isTrue();
        Api.Resp transaction = api.get("/v1/transactions/" + link.group(1), h.key());
        assertThat(transaction.status()).as(transaction.toString()).isEqualTo(200);
        assertThat(transaction.text("cardId")).isEqualTo(card);
        assertBalance(h.key(), card, "30.00", "20.00", "50.00");

        ConsoleClient.Page declined = browser.post("/dashboard/sandbox/authorizations", purchase(card, "31.00"));
        assertThat(declined.html()).contains(">Declined<").contains("Insufficient funds").contains("insufficient_funds");
        assertBalance(h.key(), card, "30.00", "20.00", "50.00");

        ConsoleClient.Page invalid = browser.post("/dashboard/sandbox/authorizations", purchase(card, "ten"));
        assertThat(invalid.html()).contains("class=\"problem\"").contains("amount").doesNotContain(">Approved<");
        assertBalance(h.key(), card, "30.00", "20.00", "50.00");
    }

    @Test
    void a_deposit_raises_the_wallet_and_a_kyc_approval_changes_the_customers_status() {
        Holder h = newHolder();
        ConsoleClient browser = signedIn(h);
        ConsoleClient.Page deposited = browser.post("/dashboard/sandbox/deposits",
                Map.of("customerId", h.customerId(), "currency", "USD", "amount", "25.00"));
        assertThat(deposited.html()).as(deposited.toString()).contains("Deposited 25.00 USD");
        assertThat(walletAvailable(h.key(), h.customerId(), "USD")).isEqualTo("25.00");

        ConsoleClient.Page refused = browser.post("/dashboard/sandbox/deposits",
                Map.of("customerId", h.customerId(), "currency", "USD", "amount", "-5"));
        assertThat(refused.html()).contains("class=\"problem\"");
        ConsoleClient.Page unknown = browser.post("/dashboard/sandbox/deposits",
                Map.of("customerId", "cus_nobody", "currency", "USD", "amount", "5.00"));
        assertThat(unknown.html()).contains("class=\"problem\"").contains("cus_nobody");
        assertThat(walletAvailable(h.key(), h.customerId(), "USD")).isEqualTo("25.00");

        String fresh = newCustomer(h.key());
        ConsoleClient.Page kyc = browser.post("/dashboard/sandbox/kyc", Map.of("customerId", fresh,
                "decision", "approved", "reason", ""));
        assertThat(kyc.html()).as(kyc.toString()).contains("is now approved");
        assertThat(api.get("/v1/customers/" + fresh, h.key()).text("kycStatus")).isEqualTo("approved");
    }

    @Test
    void a_live_session_gets_no_simulation_and_a_forged_post_changes_nothing() {
        Holder h = newHolder();
        deposit(h.key(), h.customerId(), "USD", "10.00");
        ConsoleClient browser = signedIn(h);
        assertThat(browser.post("/dashboard/environment", Map.of("environment", "live")).status()).isEqualTo(302);
        ConsoleClient.Page live = browser.get("/dashboard/sandbox");
        assertThat(live.status()).isEqualTo(200);
        assertThat(live.html()).contains("sandbox-only").doesNotContain("action=\"/dashboard/sandbox/");

        ConsoleClient.Page forged = browser.post("/dashboard/sandbox/deposits",
                Map.of("customerId", h.customerId(), "currency", "USD", "amount", "500.00"));
        assertThat(forged.html()).doesNotContain("Deposited");
        ConsoleClient.Page funding = browser.post("/dashboard/sandbox/tenant-funding",
                Map.of("currency", "USD", "amount", "500.00"));
        assertThat(funding.html()).doesNotContain("Added");
        assertThat(walletAvailable(h.key(), h.customerId(), "USD")).isEqualTo("10.00");
        Api.Resp liveBalance = api.get("/v1/balance", h.tenant().liveKey());
        assertThat(liveBalance.status()).isEqualTo(200);
        assertThat(liveBalance.body().toString()).doesNotContain("500.00");
    }
}
