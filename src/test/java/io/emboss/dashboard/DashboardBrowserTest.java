package io.emboss.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.authorization.AuthorizationTestBase;
import io.emboss.support.ApiTest;
import io.emboss.support.Browser;
import io.emboss.support.RawHttp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in a real browser (headless Chromium): signing in through the form, the navigation
 * found by its names, the overview's figures and chart as the API's data makes them, the live
 * switch, signing out, the operator's sign-in and a form sent without its token. Screenshots of the
 * pages go to {@code target/screenshots/}.
 */
@ApiTest
class DashboardBrowserTest extends AuthorizationTestBase {
    private static final Map<String, String> TENANT_PAGES = Map.of("Overview", "/dashboard", "Customers",
            "/dashboard/customers", "Cards", "/dashboard/cards", "Transactions", "/dashboard/transactions",
            "Developers", "/dashboard/developers", "Sandbox", "/dashboard/sandbox");

    private Browser browser;

    @BeforeEach
    void startBrowser() {
        browser = Browser.start(port);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) { // null when Chromium could not start: that failure is the one to report
            browser.close();
        }
    }

    @Test
    void a_user_signs_in_reads_the_overview_switches_to_live_and_signs_out() {
        Holder h = newHolder();
        String card = fundedCard(h, "50.00");
        approved(h.key(), card, "12.50");
        assertDeclined(authorize(h.key(), card, "500.00"), "insufficient_funds");

        browser.open("/dashboard").awaitHeading("Sign in to Emboss");
        assertThat(browser.path()).isEqualTo("/dashboard/login");
        browser.screenshot("sign-in");
        browser.phoneScreenshot("sign-in");
        browser.assertCleanConsole();

        browser.signIn(h.tenant().email(), h.tenant().password());
        TENANT_PAGES.forEach((name, path) -> assertThat(browser.link(name).getDomAttribute("href")).as(name)
                .isEqualTo(path));
        assertThat(browser.link("Overview").getDomAttribute("aria-current")).isEqualTo("page");
        assertThat(browser.sectionHeadings()).containsExactly("Funding balance", "Approved volume",
                "Authorizations per day", "Top decline reasons (7 days)", "Failed webhook deliveries");
        assertOverviewShows(h);
        browser.screenshot("overview");
        browser.phoneScreenshot("overview");
        browser.assertCleanConsole();

        browser.press("Switch to live").awaitHeading("Overview");
        assertThat(badge()).isEqualTo("LIVE");
        assertThat(browser.driver().findElement(By.cssSelector("header.top")).getDomAttribute("class")).contains("live");
        assertThat(browser.driver().findElements(By.cssSelector(".chart rect.approved")))
                .allSatisfy(bar -> assertThat(bar.getDomAttribute("height")).isEqualTo("0"));
        browser.screenshot("overview-live");
        browser.press("Switch to sandbox").awaitHeading("Overview");
        assertThat(badge()).isEqualTo("Sandbox");

        browser.press("Sign out").awaitHeading("Sign in to Emboss");
        assertThat(browser.driver().findElement(By.cssSelector("[role=status]")).getText())
                .isEqualTo("You are signed out.");
        browser.open("/dashboard").awaitHeading("Sign in to Emboss");
        browser.assertCleanConsole();
    }

    /** The figures, the chart's bars and the decline reason of one approved and one declined purchase today. */
    private void assertOverviewShows(Holder h) {
        assertThat(figure("USD")).isEqualTo(fundingAvailable(h.key(), "USD"));
        assertThat(figure("Today")).isEqualTo("12.50 USD");
        assertThat(figure("Approved today")).isEqualTo("1");
        assertThat(figure("Declined today")).isEqualTo("1");
        assertThat(figure("Approval rate (7 days)")).isEqualTo("50.0 %");
        WebElement chart = browser.driver().findElement(By.cssSelector("figure.chart svg[role=img]"));
        assertThat(chart.findElements(By.tagName("text"))).hasSize(7);
        // stacked bars: today's two authorizations are the largest day, one half approved, one declined
        assertThat(bars(chart, "approved")).containsExactly(0, 0, 0, 0, 0, 0, 80);
        assertThat(bars(chart, "declined")).containsExactly(0, 0, 0, 0, 0, 0, 80);
        WebElement reason = browser.driver().findElement(By.xpath("//section[h2='Top decline reasons (7 days)']//tbody/tr"));
        assertThat(reason.getText()).isEqualTo("Insufficient funds insufficient_funds 1");
    }

    @Test
    void a_form_sent_without_its_token_is_refused_and_changes_nothing() {
        TenantKeys t = newTenant();
        browser.signIn(t.email(), t.password());
        RawHttp.Answer forged = RawHttp.send(port, "POST", "/dashboard/environment", "Cookie: "
                + browser.cookieHeader() + "\r\nContent-Type: application/x-www-form-urlencoded\r\n", "environment=live");
        assertThat(forged.status()).as(forged.toString()).isEqualTo(403);
        browser.open("/dashboard").awaitHeading("Overview");
        assertThat(badge()).isEqualTo("Sandbox");

        // the same form in the browser, its hidden token taken out: the refusal page, still in sandbox
        browser.driver().executeScript(
                "document.querySelector('form.env-switch input[name=_csrf]').remove();");
        browser.press("Switch to live").awaitHeading("Refused");
        browser.screenshot("refused");
        browser.click("Back to the dashboard").awaitHeading("Overview");
        assertThat(badge()).isEqualTo("Sandbox");
    }

    @Test
    void the_operator_signs_in_with_the_admin_token_and_finds_the_operator_pages_by_name() {
        browser.signInOperator(ADMIN);
        assertThat(browser.path()).isEqualTo("/dashboard/operator/tenants");
        for (String name : List.of("Tenants", "Ledger", "System")) {
            assertThat(browser.link(name).getDomAttribute("href")).as(name)
                    .isEqualTo("/dashboard/operator/" + name.toLowerCase());
        }
        assertThat(browser.driver().findElements(By.linkText("Customers"))).isEmpty();
        assertThat(badge()).isEqualTo("Platform operator");
        browser.press("Sign out").awaitHeading("Sign in to Emboss");
    }

    private String badge() {
        return browser.driver().findElement(By.cssSelector("header.top .env-badge")).getText();
    }

    /** The value ({@code <dd>}) of the figure whose term ({@code <dt>}) reads so. */
    private String figure(String term) {
        return browser.driver().findElement(By.xpath("//dl[@class='figures']/div[dt=" + "'" + term + "']/dd"))
                .getText();
    }

    /** The heights of the chart's bars of one kind, day by day. */
    private static List<Integer> bars(WebElement chart, String kind) {
        return chart.findElements(By.cssSelector("rect." + kind)).stream()
                .map(r -> Integer.parseInt(r.getDomAttribute("height"))).toList();
    }
}
