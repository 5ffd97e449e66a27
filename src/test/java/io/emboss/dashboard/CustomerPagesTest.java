package io.emboss.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import io.emboss.support.ApiTest;
import io.emboss.support.ApiTestBase;
import io.emboss.support.ConsoleClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The customer pages over real HTTP: the list and its email search show what {@code GET /v1/customers}
 * finds, newest first and page by page; a customer's page shows its KYC status, wallets and cards;
 * the sandbox KYC decision changes what the API reports, and is neither offered nor done in live
 * mode; another tenant's customer is a 404.
 */
@ApiTest
class CustomerPagesTest extends ApiTestBase {

    private String email(String key, String customer) {
        return api.get("/v1/customers/" + customer, key).text("email");
    }

    @Test
    void the_list_shows_customers_newest_first_page_by_page_and_finds_one_by_email() {
        TenantKeys t = newTenant();
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            made.add(newCustomer(t.sandboxKey()));
        }
        ConsoleClient browser = new ConsoleClient(port).signIn(t.email(), t.password());
        ConsoleClient.Page first = browser.get("/dashboard/customers");
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.heading()).isEqualTo("Customers");
        String newest = made.get(20);
        assertThat(first.html()).contains("href=\"/dashboard/customers/" + newest + "\"")
                .contains(email(t.sandboxKey(), newest)).doesNotContain(made.get(0))
                .contains("rel=\"next\"");
        assertThat(first.html().indexOf(newest)).isLessThan(first.html().indexOf(made.get(19)));
        java.util.regex.Matcher next = java.util.regex.Pattern.compile("href=\"([^\"]+)\" rel=\"next\"")
                .matcher(first.html());
        assertThat(next.find()).isTrue();
        ConsoleClient.Page second = browser.get(next.group(1).replace("&amp;", "&"));
        assertThat(second.html()).contains(made.get(0)).doesNotContain(newest).doesNotContain("rel=\"next\"");

        String wanted = made.get(7);
        ConsoleClient.Page found = browser.get("/dashboard/customers?search="
                + email(t.sandboxKey(), wanted).toUpperCase() + "&kycStatus=");
        assertThat(found.html()).contains(wanted).doesNotContain(newest);
        // by part of the name, in any case, as GET /v1/customers?search= finds them; % is no wildcard
        Api.Resp ana = api.post("/v1/customers", t.sandboxKey(), body("name", "Ana Maria Gomez", "email",
                "ana-" + System.nanoTime() + "@example.com"));
        String anaId = ana.text("id");
        assertThat(browser.get("/dashboard/customers?search=mARIA+g").html()).contains(anaId)
                .doesNotContain(newest);
        assertThat(api.get("/v1/customers?search=MARIA", t.sandboxKey()).data().get("items")).hasSize(1);
        assertThat(browser.get("/dashboard/customers?search=%25").html()).contains("No customers match.");
        assertThat(browser.get("/dashboard/customers?kycStatus=approved").html()).contains("No customers match.");
        assertThat(browser.get("/dashboard/customers?kycStatus=maybe").html())
                .contains("kycStatus must be one of");
    }

    @Test
    void the_customer_page_shows_the_kyc_status_wallets_and_cards_the_api_reports() {
        TenantKeys t = newTenant();
        String customer = newApprovedCustomer(t.sandboxKey());
        deposit(t.sandboxKey(), customer, "USD", "125.50");
        String product = null;
        for (JsonNode p : api.get("/v1/card-products?limit=100", t.sandboxKey()).data().get("items")) {
            if (p.get("name").asString().equals("Virtual USD Visa")) {
                product = p.get("id").asString();
            }
        }
        Api.Resp card = api.post("/v1/cards", t.sandboxKey(), body("customerId", customer, "productId", product));
        assertThat(card.status()).as(card.toString()).isEqualTo(201);
        ConsoleClient browser = new ConsoleClient(port).signIn(t.email(), t.password());

        ConsoleClient.Page page = browser.get("/dashboard/customers/" + customer);
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.html()).contains(email(t.sandboxKey(), customer))
                .contains(">approved<").doesNotContain("Approve KYC")
                .contains("<td>" + walletAvailable(t.sandboxKey(), customer, "USD") + "</td>")
                .contains("href=\"/dashboard/cards/" + card.text("id") + "\"")
                .contains("•••• " + card.text("last4"));
    }

    @Test
    void kyc_is_approved_or_rejected_in_sandbox_and_the_api_reports_it() {
        TenantKeys t = newTenant();
        String approved = newCustomer(t.sandboxKey());
        String rejected = newCustomer(t.sandboxKey());
        ConsoleClient browser = new ConsoleClient(port).signIn(t.email(), t.password());

        ConsoleClient.Page page = browser.get("/dashboard/customers/" + approved);
        assertThat(page.html()).contains(">pending<").contains(">Approve KYC<").contains(">Reject KYC<");
        ConsoleClient.Page done = browser.post("/dashboard/customers/" + approved + "/kyc",
                Map.of("decision", "approved"));
        assertThat(done.status()).as(done.toString()).isEqualTo(302);
        ConsoleClient.Page after = browser.follow(done);
        assertThat(after.html()).contains("KYC approved.").contains(">approved<").doesNotContain("Approve KYC");
        assertThat(api.get("/v1/customers/" + approved, t.sandboxKey()).text("kycStatus")).isEqualTo("approved");
        // a second decision is refused in the API's words
        assertThat(browser.follow(browser.post("/dashboard/customers/" + approved + "/kyc",
                Map.of("decision", "rejected"))).html()).contains("KYC is already decided");

        browser.get("/dashboard/customers/" + rejected);
        browser.follow(browser.post("/dashboard/customers/" + rejected + "/kyc",
                Map.of("decision", "rejected", "reason", "document unreadable")));
        Api.Resp r = api.get("/v1/customers/" + rejected, t.sandboxKey());
        assertThat(r.text("kycStatus")).isEqualTo("rejected");
        assertThat(r.text("kycReason")).isEqualTo("document unreadable");
    }

    @Test
    void in_live_mode_kyc_is_not_offered_and_a_forged_decision_changes_nothing() {
        TenantKeys t = newTenant();
        String live = newCustomer(t.liveKey());
        ConsoleClient browser = new ConsoleClient(port).signIn(t.email(), t.password());
        browser.get("/dashboard");
        browser.post("/dashboard/environment", Map.of("environment", "live"));
        ConsoleClient.Page page = browser.get("/dashboard/customers/" + live);
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.html()).contains(">pending<").doesNotContain("Approve KYC");
        ConsoleClient.Page forged = browser.follow(browser.post("/dashboard/customers/" + live + "/kyc",
                Map.of("decision", "approved")));
        assertThat(forged.html()).contains("Simulations answer only sandbox credentials");
        assertThat(api.get("/v1/customers/" + live, t.liveKey()).text("kycStatus")).isEqualTo("pending");
        assertThat(browser.get("/dashboard/customers").html()).contains(live);
    }

    @Test
    void another_tenants_customer_is_not_found_and_cannot_be_decided() {
        TenantKeys theirs = newTenant();
        String customer = newCustomer(theirs.sandboxKey());
        TenantKeys mine = newTenant();
        ConsoleClient browser = new ConsoleClient(port).signIn(mine.email(), mine.password());
        ConsoleClient.Page page = browser.get("/dashboard/customers/" + customer);
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.heading()).isEqualTo("Not found");
        assertThat(browser.get("/dashboard/customers/cus_unknown").status()).isEqualTo(404);
        assertThat(browser.get("/dashboard/customers").html()).doesNotContain(customer);
        browser.get("/dashboard/customers");
        assertThat(browser.post("/dashboard/customers/" + customer + "/kyc", Map.of("decision", "approved")).status())
                .isEqualTo(404);
        assertThat(api.get("/v1/customers/" + customer, theirs.sandboxKey()).text("kycStatus")).isEqualTo("pending");
    }
}
