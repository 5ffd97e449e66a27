package io.emboss.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.shared.Ids;
import io.emboss.support.Api;
import io.emboss.support.ApiTest;
import io.emboss.support.ApiTestBase;
import io.emboss.support.ConsoleClient;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The platform operator's pages over real HTTP: tenants, ledger and system, and that a tenant cannot see them. */
@ApiTest
class OperatorPagesTest extends ApiTestBase {
    private static final Pattern SECRET = Pattern.compile("class=\"secret\">([^<]+)<");
    private static final Pattern TENANT_LINK = Pattern.compile("href=\"/dashboard/operator/tenants/(ten_[A-Za-z0-9]+)\"");

    @Autowired
    private JdbcClient jdbc;

    @Test
    void a_tenant_created_in_the_console_works_against_the_api_and_a_suspended_one_is_refused() {
        ConsoleClient operator = new ConsoleClient(port).signInOperator(ADMIN);
        ConsoleClient.Page list = operator.get("/dashboard/operator/tenants");
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        assertThat(list.heading()).isEqualTo("Tenants");
        String email = "console-" + Ids.random(8).toLowerCase() + "@tenant.test";
        ConsoleClient.Page created = operator.post("/dashboard/operator/tenants",
                Map.of("name", "Console Tenant", "adminEmail", email, "adminPassword", "a long password 123"));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        Matcher secrets = SECRET.matcher(created.html());
        assertThat(secrets.find()).as(created.html()).isTrue();
        String sandboxKey = secrets.group(1).trim();
        Matcher link = TENANT_LINK.matcher(created.html());
        assertThat(link.find()).isTrue();
        String tenantId = link.group(1);
        assertThat(api.get("/v1/customers", sandboxKey).status()).isEqualTo(200);
        new ConsoleClient(port).signIn(email, "a long password 123");
        // shown once: the list shows the tenant, never its keys again
        assertThat(operator.get("/dashboard/operator/tenants").html()).contains(tenantId).doesNotContain(sandboxKey);
        ConsoleClient.Page taken = operator.post("/dashboard/operator/tenants",
                Map.of("name", "Again", "adminEmail", email, "adminPassword", "a long password 123"));
        assertThat(taken.html()).contains("class=\"problem\"").contains("already exists");

        String page = "/dashboard/operator/tenants/" + tenantId;
        assertThat(operator.get(page).html()).contains("Console Tenant").contains("Suspend tenant");
        ConsoleClient.Page suspended = operator.follow(operator.post(page + "/status", Map.of("status", "suspended")));
        assertThat(suspended.html()).contains("Reactivate tenant");
        Api.Resp refused = api.get("/v1/customers", sandboxKey);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(refused.errorCode()).isEqualTo("tenant_suspended");
        operator.follow(operator.post(page + "/status", Map.of("status", "active")));
        assertThat(api.get("/v1/customers", sandboxKey).status()).isEqualTo(200);
    }

    @Test
    void the_rate_limit_and_kyc_delegation_change_what_the_platform_api_reports() {
        TenantKeys t = newTenant();
        ConsoleClient operator = new ConsoleClient(port).signInOperator(ADMIN);
        String page = "/dashboard/operator/tenants/" + t.id();
        operator.get(page);
        ConsoleClient.Page limited = operator.follow(operator.post(page + "/rate-limit",
                Map.of("rateLimitPerHour", "500")));
        assertThat(limited.html()).contains("Rate limit saved");
        ConsoleClient.Page wrong = operator.follow(operator.post(page + "/rate-limit",
                Map.of("rateLimitPerHour", "many")));
        assertThat(wrong.html()).contains("class=\"problem\"").contains("rateLimitPerHour");
        operator.follow(operator.post(page + "/kyc-delegation", Map.of("kycDelegated", "true")));
        Api.Resp tenant = api.get("/v1/platform/tenants/" + t.id(), ADMIN);
        assertThat(tenant.data().get("rateLimitPerHour").asInt()).isEqualTo(500);
        assertThat(tenant.data().get("kycDelegated").asBoolean()).isTrue();

        operator.follow(operator.post(page + "/rate-limit", Map.of("rateLimitPerHour", "")));
        assertThat(api.get("/v1/platform/tenants/" + t.id(), ADMIN).data().get("rateLimitPerHour").isNull()).isTrue();
        assertThat(operator.get("/dashboard/operator/tenants/ten_nobody").status()).isEqualTo(404);
    }

    @Test
    void the_ledger_page_shows_the_verification_and_the_system_page_job_locks_and_backlogs() {
        TenantKeys t = newTenant();
        deposit(t.sandboxKey(), newApprovedCustomer(t.sandboxKey()), "USD", "12.00");
        assertLedgerBalanced();
        ConsoleClient operator = new ConsoleClient(port).signInOperator(ADMIN);
        ConsoleClient.Page ledger = operator.get("/dashboard/operator/ledger");
        assertThat(ledger.status()).as(ledger.toString()).isEqualTo(200);
        assertThat(ledger.heading()).isEqualTo("Ledger");
        assertThat(ledger.html()).contains("Balanced").contains("Accounts checked").contains("USD");

        String job = "dashboard-test-" + Ids.random(6).toLowerCase();
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        jdbc.sql("INSERT INTO shedlock (name, lock_until, locked_at, locked_by) VALUES (?, ?, ?, ?)")
                .params(job, Timestamp.valueOf(now.plusMinutes(5)), Timestamp.valueOf(now), "test-host-" + job).update();
        try {
            ConsoleClient.Page system = operator.get("/dashboard/operator/system");
            assertThat(system.status()).as(system.toString()).isEqualTo(200);
            assertThat(system.heading()).isEqualTo("System");
            assertThat(system.html()).contains(job).contains("test-host-" + job).contains("running")
                    .contains("Outbox").contains("Webhook deliveries pending").contains("Hosts running jobs");
        } finally {
            jdbc.sql("DELETE FROM shedlock WHERE name = ?").param(job).update();
        }
    }

    @Test
    void a_tenant_user_asking_for_operator_pages_gets_404_and_creates_nothing() {
        TenantKeys t = newTenant();
        ConsoleClient browser = new ConsoleClient(port).signIn(t.email(), t.password());
        for (String path : new String[] {"/dashboard/operator/tenants", "/dashboard/operator/tenants/" + t.id(),
                "/dashboard/operator/ledger", "/dashboard/operator/system"}) {
            assertThat(browser.get(path).status()).as(path).isEqualTo(404);
        }
        browser.get("/dashboard");
        String email = "sneaky-" + Ids.random(8).toLowerCase() + "@tenant.test";
        ConsoleClient.Page post = browser.post("/dashboard/operator/tenants",
                Map.of("name", "Sneaky", "adminEmail", email, "adminPassword", "a long password 123"));
        assertThat(post.status()).isEqualTo(404);
        assertThat(browser.post("/dashboard/operator/tenants/" + t.id() + "/status", Map.of("status", "suspended"))
                .status()).isEqualTo(404);
        assertThat(api.get("/v1/customers", t.sandboxKey()).status()).isEqualTo(200);
        Api.Resp login = api.post("/v1/auth/login", null, Map.of("email", email, "password", "a long password 123"));
        assertThat(login.status()).isEqualTo(401);
    }
}
