package io.emboss.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import io.emboss.support.ApiTest;
import io.emboss.support.ApiTestBase;
import io.emboss.support.ConsoleClient;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The card pages over real HTTP: what they show is what the API reports, their actions change what
 * the API then reports (and a refused one changes nothing), the details are revealed only to a user
 * holding cards:read_sensitive and never as part of a page, and another tenant's card is a 404.
 */
@ApiTest
class CardPagesTest extends ApiTestBase {

    /** A tenant's customer with 200.00 USD deposited and a virtual card loaded with 50.00 from it. */
    private record Fixture(TenantKeys tenant, String customer, String card) {
    }

    private Fixture cardWithBalance() {
        TenantKeys t = newTenant();
        String customer = newApprovedCustomer(t.sandboxKey());
        deposit(t.sandboxKey(), customer, "USD", "200.00");
        Api.Resp card = api.post("/v1/cards", t.sandboxKey(), body("customerId", customer, "productId",
                virtualUsd(t.sandboxKey()), "initialBalance", "50.00", "name", "Travel"));
        assertThat(card.status()).as(card.toString()).isEqualTo(201);
        return new Fixture(t, customer, card.text("id"));
    }

    private String virtualUsd(String key) {
        for (JsonNode p : api.get("/v1/card-products?limit=100", key).data().get("items")) {
            if (p.get("name").asString().equals("Virtual USD Visa")) {
                return p.get("id").asString();
            }
        }
        throw new AssertionError("no default virtual product");
    }

    private ConsoleClient signedIn(TenantKeys t) {
        return new ConsoleClient(port).signIn(t.email(), t.password());
    }

    private JsonNode balance(Fixture f) {
        Api.Resp r = api.get("/v1/cards/" + f.card() + "/balance", f.tenant().sandboxKey());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.data();
    }

    private static String shown(ConsoleClient.Page page, String id) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("id=\"" + id + "\"[^>]*>([^<]*)<")
                .matcher(page.html());
        assertThat(m.find()).as(id + " in " + page).isTrue();
        return m.group(1).trim();
    }

    @Test
    void the_list_and_the_card_page_show_what_the_api_reports() {
        Fixture f = cardWithBalance();
        ConsoleClient browser = signedIn(f.tenant());
        JsonNode card = api.get("/v1/cards/" + f.card(), f.tenant().sandboxKey()).data();

        ConsoleClient.Page list = browser.get("/dashboard/cards");
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        assertThat(list.heading()).isEqualTo("Cards");
        assertThat(list.html()).contains("href=\"/dashboard/cards/" + f.card() + "\"")
                .contains("•••• " + card.get("last4").asString()).contains("50.00 USD")
                .contains("href=\"/dashboard/customers/" + f.customer() + "\"");
        assertThat(browser.get("/dashboard/cards?status=frozen").html()).doesNotContain(f.card());
        assertThat(browser.get("/dashboard/cards?customerId=" + f.customer()).html()).contains(f.card());
        assertThat(browser.get("/dashboard/cards?status=melted").html()).contains("status must be one of");

        ConsoleClient.Page page = browser.get("/dashboard/cards/" + f.card());
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        JsonNode balance = balance(f);
        assertThat(shown(page, "balance-available")).isEqualTo(balance.get("available").asString()).isEqualTo("50.00");
        assertThat(shown(page, "balance-pending")).isEqualTo(balance.get("pending").asString());
        assertThat(shown(page, "balance-posted")).isEqualTo(balance.get("posted").asString());
        assertThat(shown(page, "card-status")).isEqualTo("active");
        // the initial balance is a transaction (linked to its page) and a movement; the default user may not reveal
        String load = api.get("/v1/transactions?cardId=" + f.card(), f.tenant().sandboxKey()).data().get("items")
                .get(0).get("id").asString();
        assertThat(page.html()).contains("href=\"/dashboard/transactions/" + load + "\"").contains("Initial balance")
                .doesNotContain("Reveal details");
    }

    @Test
    void freeze_and_unfreeze_change_the_status_the_api_reports() {
        Fixture f = cardWithBalance();
        ConsoleClient browser = signedIn(f.tenant());
        browser.get("/dashboard/cards/" + f.card());
        ConsoleClient.Page frozen = browser.post("/dashboard/cards/" + f.card() + "/status",
                Map.of("status", "frozen", "reason", "reported lost"));
        assertThat(frozen.status()).as(frozen.toString()).isEqualTo(302);
        assertThat(browser.follow(frozen).html()).contains("Card frozen.").contains(">Unfreeze<");
        JsonNode card = api.get("/v1/cards/" + f.card(), f.tenant().sandboxKey()).data();
        assertThat(card.get("status").asString()).isEqualTo("frozen");
        assertThat(card.get("statusReason").asString()).isEqualTo("reported lost");

        browser.follow(browser.post("/dashboard/cards/" + f.card() + "/status", Map.of("status", "active")));
        assertThat(api.get("/v1/cards/" + f.card(), f.tenant().sandboxKey()).text("status")).isEqualTo("active");
        // closing is DELETE's, as the API says
        ConsoleClient.Page refused = browser.follow(browser.post("/dashboard/cards/" + f.card() + "/status",
                Map.of("status", "closed")));
        assertThat(refused.html()).contains("Close a card with DELETE");
        assertThat(api.get("/v1/cards/" + f.card(), f.tenant().sandboxKey()).text("status")).isEqualTo("active");
    }

    @Test
    void an_invalid_top_up_shows_the_problem_and_moves_no_money_and_a_valid_one_does() {
        Fixture f = cardWithBalance();
        ConsoleClient browser = signedIn(f.tenant());
        String wallet = walletAvailable(f.tenant().sandboxKey(), f.customer(), "USD");
        for (String amount : List.of("abc", "5.00", "1.234", "-3")) {
            browser.get("/dashboard/cards/" + f.card());
            ConsoleClient.Page answer = browser.post("/dashboard/cards/" + f.card() + "/topups",
                    Map.of("amount", amount, "currency", "USD", "source", "wallet"));
            assertThat(answer.status()).as(answer.toString()).isEqualTo(302);
            assertThat(browser.follow(answer).html()).as(amount).contains("class=\"problem\"");
            assertThat(balance(f).get("available").asString()).as(amount).isEqualTo("50.00");
        }
        assertThat(walletAvailable(f.tenant().sandboxKey(), f.customer(), "USD")).isEqualTo(wallet);

        ConsoleClient.Page ok = browser.follow(browser.post("/dashboard/cards/" + f.card() + "/topups",
                Map.of("amount", "20.00", "currency", "USD", "source", "wallet")));
        assertThat(ok.html()).contains("Top-up completed: 20.00 USD");
        assertThat(balance(f).get("available").asString()).isEqualTo("70.00");
        assertThat(shown(ok, "balance-available")).isEqualTo("70.00");
    }

    @Test
    void limits_and_controls_are_saved_as_the_api_validates_them() {
        Fixture f = cardWithBalance();
        ConsoleClient browser = signedIn(f.tenant());
        browser.get("/dashboard/cards/" + f.card());
        ConsoleClient.Page bad = browser.follow(browser.post("/dashboard/cards/" + f.card() + "/limits",
                Map.of("perTransaction", "900.00", "daily", "100.00", "monthly", "1000.00", "blockedCountries", "")));
        assertThat(bad.html()).contains("perTransaction must not exceed daily");
        ConsoleClient.Page badCodes = browser.follow(browser.post("/dashboard/cards/" + f.card() + "/limits",
                Map.of("blockedMccs", "79x5")));
        assertThat(badCodes.html()).contains("controls.blockedMccs must list 4-digit merchant category codes");
        JsonNode unchanged = api.get("/v1/cards/" + f.card(), f.tenant().sandboxKey()).data();
        assertThat(unchanged.get("limits").get("daily").asString()).isEqualTo("5000.00");

        ConsoleClient.Page saved = browser.follow(browser.post("/dashboard/cards/" + f.card() + "/limits",
                Map.of("perTransaction", "100.00", "daily", "300", "monthly", "", "blockedMccs", "7995, 7801",
                        "allowedCountries", "CO US")));
        assertThat(saved.html()).contains("Limits and controls saved.");
        JsonNode card = api.get("/v1/cards/" + f.card(), f.tenant().sandboxKey()).data();
        assertThat(card.get("limits").get("perTransaction").asString()).isEqualTo("100.00");
        assertThat(card.get("limits").get("daily").asString()).isEqualTo("300.00");
        assertThat(card.get("limits").get("monthly").asString()).isEqualTo("20000.00");
        assertThat(card.get("controls").get("blockedMccs").toString()).isEqualTo("[\"7995\",\"7801\"]");
        assertThat(card.get("controls").get("allowedCountries").toString()).isEqualTo("[\"CO\",\"US\"]");
    }

    @Test
    void closing_asks_naming_the_refund_and_returns_the_balance_to_the_wallet() {
        Fixture f = cardWithBalance();
        ConsoleClient browser = signedIn(f.tenant());
        BigDecimal walletBefore = new BigDecimal(walletAvailable(f.tenant().sandboxKey(), f.customer(), "USD"));
        ConsoleClient.Page page = browser.get("/dashboard/cards/" + f.card());
        assertThat(page.html()).contains("data-confirm=\"Close card •••• ")
                .contains("Its available balance, 50.00 USD, goes back to the USD wallet of customer " + f.customer());

        ConsoleClient.Page closed = browser.follow(browser.post("/dashboard/cards/" + f.card() + "/close",
                Map.of("reason", "customer asked")));
        assertThat(closed.html()).contains("Card closed. 50.00 USD returned to the wallet of customer " + f.customer())
                .doesNotContain(">Close card<").doesNotContain("Top up</button>");
        JsonNode card = api.get("/v1/cards/" + f.card(), f.tenant().sandboxKey()).data();
        assertThat(card.get("status").asString()).isEqualTo("closed");
        assertThat(card.get("refundAmount").asString()).isEqualTo("50.00");
        assertThat(new BigDecimal(walletAvailable(f.tenant().sandboxKey(), f.customer(), "USD")))
                .isEqualByComparingTo(walletBefore.add(new BigDecimal("50.00")));
        assertThat(balance(f).get("available").asString()).isEqualTo("0.00");
    }

    @Test
    void a_user_with_cards_read_sensitive_reveals_the_number_the_api_reads_and_the_page_never_holds_it() {
        Fixture f = cardWithBalance();
        grant(f.tenant(), List.of("admin", "cards:read_sensitive"));
        JsonNode details = api.get("/v1/cards/" + f.card() + "/details", f.tenant().sandboxKey()).data();
        String number = details.get("number").asString();
        String cvv = details.get("cvv").asString();
        ConsoleClient browser = signedIn(f.tenant());

        ConsoleClient.Page page = browser.get("/dashboard/cards/" + f.card());
        assertThat(page.html()).contains(">Reveal details<").contains("/dashboard/assets/reveal.js")
                .doesNotContain(number).doesNotContain(number.substring(0, 12));
        ConsoleClient.Page revealed = browser.post("/dashboard/cards/" + f.card() + "/reveal", Map.of());
        assertThat(revealed.status()).as(revealed.toString()).isEqualTo(200);
        JsonNode body = Api.JSON.readTree(revealed.html());
        assertThat(body.get("number").asString()).isEqualTo(number);
        assertThat(body.get("cvv").asString()).isEqualTo(cvv);
        assertThat(body.get("expiryMonth").asInt()).isEqualTo(details.get("expiryMonth").asInt());
        assertThat(revealed.raw().headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        assertThat(browser.get("/dashboard/cards/" + f.card()).html()).doesNotContain(number);

        auditWritten();
        List<JsonNode> audit = allPages("/v1/audit-logs", f.tenant().sandboxKey());
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.get("path").asString()).isEqualTo("/dashboard/cards/" + f.card() + "/reveal");
            assertThat(e.get("status").asInt()).isEqualTo(200);
            assertThat(e.get("actorType").asString()).isEqualTo("user");
        });
        assertThat(audit.toString()).doesNotContain(number);
    }

    @Test
    void without_the_permission_there_is_no_button_and_a_forged_reveal_is_refused() {
        Fixture f = cardWithBalance();
        String number = api.get("/v1/cards/" + f.card() + "/details", f.tenant().sandboxKey()).text("number");
        ConsoleClient browser = signedIn(f.tenant());
        ConsoleClient.Page page = browser.get("/dashboard/cards/" + f.card());
        assertThat(page.html()).doesNotContain("Reveal details").doesNotContain("reveal.js");
        ConsoleClient.Page forged = browser.post("/dashboard/cards/" + f.card() + "/reveal", Map.of());
        assertThat(forged.status()).as(forged.toString()).isEqualTo(403);
        assertThat(forged.html()).contains("cards:read_sensitive").doesNotContain(number);

        // a permission taken away is gone at the next request of a signed-in session
        grant(f.tenant(), List.of("admin", "cards:read_sensitive"));
        assertThat(browser.post("/dashboard/cards/" + f.card() + "/reveal", Map.of()).status()).isEqualTo(200);
        grant(f.tenant(), List.of("admin"));
        assertThat(browser.post("/dashboard/cards/" + f.card() + "/reveal", Map.of()).html()).doesNotContain(number);
    }

    @Test
    void another_tenants_card_is_not_found_and_its_actions_change_nothing() {
        Fixture theirs = cardWithBalance();
        TenantKeys mine = newTenant();
        grant(mine, List.of("admin", "cards:read_sensitive"));
        ConsoleClient browser = signedIn(mine);
        ConsoleClient.Page page = browser.get("/dashboard/cards/" + theirs.card());
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.heading()).isEqualTo("Not found");
        assertThat(browser.get("/dashboard/cards/crd_unknown").status()).isEqualTo(404);
        browser.get("/dashboard/cards");
        assertThat(browser.post("/dashboard/cards/" + theirs.card() + "/status", Map.of("status", "frozen")).status())
                .isEqualTo(404);
        assertThat(browser.post("/dashboard/cards/" + theirs.card() + "/close", Map.of()).status()).isEqualTo(404);
        assertThat(browser.post("/dashboard/cards/" + theirs.card() + "/topups", Map.of("amount", "20.00")).status())
                .isEqualTo(404);
        assertThat(browser.post("/dashboard/cards/" + theirs.card() + "/reveal", Map.of()).status()).isEqualTo(404);
        assertThat(api.get("/v1/cards/" + theirs.card(), theirs.tenant().sandboxKey()).text("status"))
                .isEqualTo("active");
        assertThat(balance(theirs).get("available").asString()).isEqualTo("50.00");
    }

    /** Sets the tenant's dashboard user's permissions, as its admin does with the live key. */
    private void grant(TenantKeys t, List<String> permissions) {
        Api.Resp users = api.get("/v1/users", t.liveKey());
        assertThat(users.status()).as(users.toString()).isEqualTo(200);
        String user = users.data().get("items").get(0).get("id").asString();
        Api.Resp r = api.patch("/v1/users/" + user, t.liveKey(), body("permissions", permissions));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }
}
