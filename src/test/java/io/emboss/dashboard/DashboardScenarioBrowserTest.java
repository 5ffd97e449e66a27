package io.emboss.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.authorization.AuthorizationTestBase;
import io.emboss.support.Api;
import io.emboss.support.ApiTest;
import io.emboss.support.Browser;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.test.context.TestPropertySource;

/**
 * The issue's walk through the console in headless Chromium, as an operations person does it by
 * clicking: a customer made through the API is approved in the Sandbox page, its card's details are
 * revealed (and not, without the permission), a purchase is simulated and found on the Transactions
 * page with its decline reason, the frozen card declines the next purchase, a failed webhook is
 * redelivered to a real receiver, another tenant's card is a 404 page; then the operator's pages.
 * A screenshot of every main page goes to {@code target/screenshots/} (the README shows the card's).
 */
@ApiTest
@TestPropertySource(properties = {"emboss.webhooks.retry-schedule=200ms", "emboss.webhooks.poll-interval-ms=50",
        "emboss.webhooks.timeout=3s", "emboss.webhooks.max-age=1s", "emboss.webhooks.disable-after=1h",
        "emboss.webhooks.allow-private-targets=true"})
class DashboardScenarioBrowserTest extends AuthorizationTestBase {
    private Browser browser;
    /** The sandbox key of the scenario's tenant, to check through the API what the console did. */
    private String key;

    @BeforeEach
    void startBrowser() {
        browser = Browser.start(port);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void an_operations_person_does_each_task_by_clicking() throws Exception {
        TenantKeys t = newTenant();
        key = t.sandboxKey();
        try (DeveloperPagesTest.Receiver receiver = new DeveloperPagesTest.Receiver(500)) {
            Api.Resp endpoint = api.post("/v1/webhook-endpoints", key, body("url", receiver.url(), "events",
                    List.of("customer.created")));
            assertThat(endpoint.status()).as(endpoint.toString()).isEqualTo(201);
            String customer = newCustomer(key); // through the API; its customer.created fails at the receiver

            browser.signIn(t.email(), t.password());
            approveKycInTheSandbox(customer);
            String card = issueCard(customer);
            revealDetails(t, card);
            String declined = purchaseInTheSandbox(card, "500.00");
            findDeclineOnTheTransactionsPage(declined, "Insufficient funds");
            freezeAndSeeTheNextPurchaseDeclined(card);
            redeliverTheFailedWebhook(receiver);
            anotherTenantsCardIsANotFoundPage();
            screenshotsOfTheOtherPages(customer);
            browser.press("Sign out").awaitHeading("Sign in to Emboss");
        }
    }

    private void approveKycInTheSandbox(String customer) {
        browser.click("Sandbox").awaitHeading("Sandbox");
        fill("KYC decision", "Customer id", customer);
        new Select(field("KYC decision", "Decision")).selectByVisibleText("Approve");
        submit("Decide KYC");
        browser.screenshot("sandbox");
        browser.assertCleanConsole();
        assertThat(api.get("/v1/customers/" + customer, key).text("kycStatus")).isEqualTo("approved");
    }

    private String issueCard(String customer) {
        deposit(key, customer, "USD", "101.00");
        Api.Resp issued = api.post("/v1/cards", key, body("customerId", customer, "productId",
                defaultProduct(key, "virtual"), "initialBalance", "100.00"));
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        return issued.text("id");
    }

    /** With cards:read_sensitive the number shows for a moment; without it there is no button at all. */
    private void revealDetails(TenantKeys t, String card) {
        String number = api.get("/v1/cards/" + card + "/details", t.sandboxKey()).text("number");
        String user = api.get("/v1/users", t.liveKey()).data().get("items").get(0).get("id").asString();
        // a tenant's first user manages credentials; reading card numbers is granted on purpose
        assertThat(api.patch("/v1/users/" + user, t.liveKey(), body("permissions", List.of("admin",
                "cards:read_sensitive"))).status()).isEqualTo(200);
        browser.click("Cards").awaitHeading("Cards");
        browser.screenshot("cards");
        browser.open("/dashboard/cards/" + card);
        assertThat(browser.driver().getPageSource()).doesNotContain(number);
        browser.screenshot("card"); // the README's picture of the console
        browser.press("Reveal details");
        WebElement shown = new WebDriverWait(browser.driver(), Duration.ofSeconds(10))
                .until(d -> d.findElements(By.cssSelector("#reveal-output dd")).isEmpty() ? null
                        : d.findElement(By.cssSelector("#reveal-output dd")));
        assertThat(shown.getText().replace(" ", "")).isEqualTo(number);
        browser.screenshot("card-revealed");
        browser.phoneScreenshot("card");
        browser.assertCleanConsole();

        assertThat(api.patch("/v1/users/" + user, t.liveKey(), body("permissions", List.of("admin"))).status())
                .isEqualTo(200);
        browser.open("/dashboard/cards/" + card);
        assertThat(browser.driver().findElements(By.xpath("//button[normalize-space()='Reveal details']"))).isEmpty();
        assertThat(browser.driver().getPageSource()).doesNotContain(number);
    }

    /** A purchase from the Sandbox page; returns the transaction id the decision links to. */
    private String purchaseInTheSandbox(String card, String amount) {
        browser.click("Sandbox").awaitHeading("Sandbox");
        fill("Simulate a purchase", "Card id", card);
        fill("Simulate a purchase", "Amount", amount);
        submit("Simulate purchase");
        WebElement link = browser.driver().findElement(By.xpath("//section[h2='Decision']//a"));
        return link.getText();
    }

    private void findDeclineOnTheTransactionsPage(String transactionId, String words) {
        browser.click("Transactions").awaitHeading("Transactions");
        WebElement row = browser.driver().findElement(By.xpath("//tr[.//a[normalize-space()='" + transactionId + "']]"));
        assertThat(row.getText()).contains(words);
        browser.screenshot("transactions");
        browser.phoneScreenshot("transactions");
        browser.link(transactionId).click();
        browser.awaitHeading("Transaction " + transactionId);
        assertThat(browser.driver().findElement(By.tagName("main")).getText()).contains(words);
        browser.screenshot("transaction");
    }

    private void freezeAndSeeTheNextPurchaseDeclined(String card) {
        browser.open("/dashboard/cards/" + card);
        submit("Freeze");
        assertThat(browser.driver().findElements(By.xpath("//button[normalize-space()='Unfreeze']"))).hasSize(1);
        assertThat(api.get("/v1/cards/" + card, key).text("status")).isEqualTo("frozen");
        String next = purchaseInTheSandbox(card, "5.00");
        assertThat(browser.driver().findElement(By.xpath("//section[h2='Decision']")).getText())
                .contains("Declined").contains("Card frozen");
        findDeclineOnTheTransactionsPage(next, "Card frozen");
    }

    /** The receiver answered 500: the delivery shows on the overview; once it answers 200, Redeliver reaches it. */
    private void redeliverTheFailedWebhook(DeveloperPagesTest.Receiver receiver) {
        receiver.answer(500);
        new WebDriverWait(browser.driver(), Duration.ofSeconds(30)).pollingEvery(Duration.ofMillis(500)).until(d -> {
            browser.open("/dashboard");
            return !d.findElements(By.xpath("//section[h2='Failed webhook deliveries']//button")).isEmpty();
        });
        browser.screenshot("overview");
        int before = receiver.received().size();
        receiver.answer(200);
        WebElement page = browser.driver().findElement(By.tagName("html"));
        browser.driver().findElement(By.xpath("//section[h2='Failed webhook deliveries']//button")).click();
        new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).until(ExpectedConditions.stalenessOf(page));
        new WebDriverWait(browser.driver(), Duration.ofSeconds(30)).until(d -> receiver.received().size() > before);
        browser.click("Developers").awaitHeading("Developers");
        browser.screenshot("developers");
    }

    private void anotherTenantsCardIsANotFoundPage() {
        Holder other = newHolder();
        String theirs = fundedCard(other, "10.00");
        browser.open("/dashboard/cards/" + theirs).awaitHeading("Not found");
        assertThat(browser.driver().getPageSource()).doesNotContain(theirs.substring(5) + "\"");
        browser.screenshot("not-found");
        // the 404 is the answer expected here: read it out of the console log so later checks see only theirs
        browser.driver().manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER);
    }

    private void screenshotsOfTheOtherPages(String customer) {
        browser.click("Customers").awaitHeading("Customers");
        browser.screenshot("customers");
        browser.open("/dashboard/customers/" + customer);
        browser.screenshot("customer");
        browser.assertCleanConsole();
    }

    @Test
    void the_operator_pages_in_the_browser() {
        browser.signInOperator(ADMIN);
        for (String page : List.of("Tenants", "Ledger", "System")) {
            browser.click(page).awaitHeading(page);
            browser.screenshot("operator-" + page.toLowerCase());
            browser.phoneScreenshot("operator-" + page.toLowerCase());
            browser.assertCleanConsole();
        }
        assertThat(browser.driver().findElement(By.tagName("main")).getText()).isNotBlank();
    }


    /** The input labelled so inside the section of this heading (the Sandbox page has several "Amount"s). */
    private WebElement field(String section, String label) {
        WebElement l = browser.driver().findElement(By.xpath("//section[h2='" + section + "']//label[normalize-space()='"
                + label + "']"));
        return browser.driver().findElement(By.id(l.getDomAttribute("for")));
    }

    private void fill(String section, String label, String value) {
        WebElement in = field(section, label);
        in.clear();
        in.sendKeys(value);
    }

    /** Presses the button and waits for the page its form answers with. */
    private void submit(String button) {
        WebElement page = browser.driver().findElement(By.tagName("html"));
        browser.press(button);
        new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).until(ExpectedConditions.stalenessOf(page));
    }
}
