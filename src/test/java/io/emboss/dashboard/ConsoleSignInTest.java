package io.emboss.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.ApiTest;
import io.emboss.support.ApiTestBase;
import io.emboss.support.ConsoleClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Sign-in, the session cookie, CSRF, the environment switch and sign-out, over real HTTP. */
@ApiTest
class ConsoleSignInTest extends ApiTestBase {

    @Test
    void a_user_signs_in_sees_the_overview_switches_to_live_and_signs_out() {
        TenantKeys t = newTenant();
        ConsoleClient browser = new ConsoleClient(port);
        ConsoleClient.Page before = browser.get("/dashboard");
        assertThat(before.status()).isEqualTo(302);
        assertThat(before.location()).endsWith("/dashboard/login");
        assertThat(browser.get("/").location()).endsWith("/dashboard");

        browser.signIn(t.email(), t.password());
        ConsoleClient.Page overview = browser.get("/dashboard");
        assertThat(overview.status()).as(overview.toString()).isEqualTo(200);
        assertThat(overview.heading()).isEqualTo("Overview");
        assertThat(overview.html()).contains(">Sandbox<").contains(">Customers<").contains(">Developers<");
        assertThat(overview.raw().headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("default-src 'none'").contains("script-src 'self'").doesNotContain("unsafe-inline");
        assertThat(overview.raw().headers().firstValue("Cache-Control").orElse("")).contains("no-store");

        ConsoleClient.Page live = browser.post("/dashboard/environment", Map.of("environment", "live"));
        assertThat(live.status()).isEqualTo(302);
        assertThat(browser.get("/dashboard").html()).contains(">LIVE<").contains("Switch to sandbox");
        // the console's actions are audited like the API's: who, what, where; never the form's values
        auditWritten();
        assertThat(api.get("/v1/audit-logs?limit=100", t.sandboxKey()).raw().body())
                .contains("/dashboard/environment").doesNotContain("_csrf");

        assertThat(browser.post("/dashboard/logout", Map.of()).location()).contains("/dashboard/login");
        assertThat(browser.get("/dashboard").status()).isEqualTo(302);
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    org.springframework.core.env.Environment environment;

    @Test
    void any_instance_serves_the_next_page_of_a_session_and_a_sign_out_ends_it_everywhere() {
        TenantKeys t = newTenant();
        org.springframework.context.ConfigurableApplicationContext second =
                io.emboss.support.PostgresSchema.secondInstance(environment);
        try {
            int otherPort = Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
            ConsoleClient browser = new ConsoleClient(port).signIn(t.email(), t.password());
            browser.get("/dashboard");
            // the next pages on the other instance: the session and the form token hold there too
            ConsoleClient.Page there = browser.at(otherPort).get("/dashboard");
            assertThat(there.status()).as(there.toString()).isEqualTo(200);
            assertThat(there.heading()).isEqualTo("Overview");
            assertThat(browser.post("/dashboard/environment", Map.of("environment", "live")).status()).isEqualTo(302);
            assertThat(browser.at(port).get("/dashboard").html()).contains(">LIVE<");
            assertThat(browser.at(otherPort).post("/dashboard/logout", Map.of()).status()).isEqualTo(302);
            assertThat(browser.at(port).get("/dashboard").status()).isEqualTo(302);
        } finally {
            second.close();
        }
    }

    @Test
    void a_session_ends_after_30_idle_minutes_and_a_page_keeps_it_alive() {
        TenantKeys t = newTenant();
        ConsoleClient browser = new ConsoleClient(port).signIn(t.email(), t.password());
        // the session's last page 29 minutes ago: still open, and this page counts as activity
        ageSessions(t, 29);
        assertThat(browser.get("/dashboard").status()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM console_sessions WHERE tenant_id = ? AND last_seen_at > ?")
                .params(t.id(), java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(60))).query(Long.class)
                .single()).isEqualTo(1);
        ageSessions(t, 31);
        ConsoleClient.Page ended = browser.get("/dashboard");
        assertThat(ended.status()).isEqualTo(302);
        assertThat(ended.location()).endsWith("/dashboard/login?expired");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM console_sessions WHERE tenant_id = ?").param(t.id())
                .query(Long.class).single()).isZero();
    }

    private void ageSessions(TenantKeys t, int idleMinutes) {
        jdbc.sql("UPDATE console_sessions SET last_seen_at = ? WHERE tenant_id = ?")
                .params(java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(idleMinutes * 60L)), t.id())
                .update();
    }

    @Test
    void a_post_without_the_form_token_is_refused_and_changes_nothing() {
        TenantKeys t = newTenant();
        ConsoleClient browser = new ConsoleClient(port).signIn(t.email(), t.password());
        browser.get("/dashboard");
        ConsoleClient.Page forged = browser.postRaw("/dashboard/environment", "environment=live");
        assertThat(forged.status()).isEqualTo(403);
        ConsoleClient.Page wrong = browser.postRaw("/dashboard/environment", "environment=live&_csrf=guess");
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(browser.get("/dashboard").html()).contains("Switch to live");
        // a sign-in form without the token is refused too (login CSRF)
        assertThat(new ConsoleClient(port).postRaw("/dashboard/login", "email=" + t.email() + "&password=x").status())
                .isEqualTo(403);
    }

    @Test
    void wrong_passwords_are_refused_with_the_same_throttle_as_the_api_login() {
        TenantKeys t = newTenant();
        ConsoleClient browser = new ConsoleClient(port);
        browser.get("/dashboard/login");
        ConsoleClient.Page wrong = browser.post("/dashboard/login", Map.of("email", t.email(), "password", "wrong"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.html()).contains("Invalid credentials").doesNotContain("wrong\"");
        int status = 401;
        for (int i = 0; i < 12 && status == 401; i++) {
            status = browser.post("/dashboard/login", Map.of("email", t.email(), "password", "wrong " + i)).status();
        }
        assertThat(status).as("the login throttle locks the account").isEqualTo(429);
        // the API login counts the same failures
        assertThat(api.post("/v1/auth/login", null, Map.of("email", t.email(), "password", t.password())).status())
                .isEqualTo(429);
    }

    @Test
    void the_operator_signs_in_with_the_admin_token_and_a_tenant_user_cannot() {
        ConsoleClient operator = new ConsoleClient(port).signInOperator(ADMIN);
        ConsoleClient.Page home = operator.get("/dashboard");
        assertThat(home.status()).isEqualTo(302);
        assertThat(home.location()).endsWith("/dashboard/operator/tenants");
        ConsoleClient stranger = new ConsoleClient(port);
        stranger.get("/dashboard/login");
        assertThat(stranger.post("/dashboard/operator-login", Map.of("adminToken", "not the token")).status())
                .isEqualTo(401);
        assertThat(stranger.get("/dashboard").status()).isEqualTo(302);
    }
}
