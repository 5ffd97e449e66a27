package io.emboss.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.EmbossApplication;
import io.emboss.support.Api;
import io.emboss.support.ApiTestBase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Hourly request budgets per tenant and environment, reported on every response and kept in the
 * database so that several server instances spend one budget.
 */
class RateLimitApiTest extends ApiTestBase {

    @Autowired
    Environment environment;

    @Test
    void the_budget_is_reported_on_every_response_and_the_request_past_it_is_429() throws Exception {
        TenantKeys t = newTenant();
        limitTo(t, 5);
        awayFromTheHourBoundary();

        List<Integer> remaining = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long before = System.currentTimeMillis() / 1000;
            Api.Resp r = api.get("/v1/customers", t.sandboxKey());
            long after = System.currentTimeMillis() / 1000;
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.header("X-RateLimit-Limit")).isEqualTo("5");
            remaining.add(Integer.parseInt(r.header("X-RateLimit-Remaining")));
            long reset = Long.parseLong(r.header("X-RateLimit-Reset"));
            assertThat(reset % 3600).as("an hour boundary").isZero();
            assertThat(reset).isBetween(nextHour(before), nextHour(after));
        }
        assertThat(remaining).containsExactly(4, 3, 2, 1, 0);

        Api.Resp limited = api.get("/v1/customers", t.sandboxKey());
        assertThat(limited.status()).as(limited.toString()).isEqualTo(429);
        assertThat(limited.errorCode()).isEqualTo("rate_limited");
        assertThat(limited.body().get("success").asBoolean()).isFalse();
        assertThat(limited.header("X-RateLimit-Limit")).isEqualTo("5");
        assertThat(limited.header("X-RateLimit-Remaining")).isEqualTo("0");
        long retryAfter = Long.parseLong(limited.header("Retry-After"));
        long reset = Long.parseLong(limited.header("X-RateLimit-Reset"));
        assertThat(retryAfter).isPositive().isLessThanOrEqualTo(3600);
        assertThat(System.currentTimeMillis() / 1000 + retryAfter).isBetween(reset - 5, reset + 5);
        assertThat(limited.header("X-Request-Id")).isNotBlank();

        // a refused write changes nothing
        Api.Resp write = api.post("/v1/customers", t.sandboxKey(), body("name", "Late", "email", "late@x.test"));
        assertThat(write.status()).isEqualTo(429);
        limitTo(t, 100);
        assertThat(TenantsAndKeysApiTest.ids(api.get("/v1/customers", t.sandboxKey()))).isEmpty();
    }

    @Test
    void sandbox_and_live_have_separate_budgets_and_other_tenants_are_unaffected() throws Exception {
        TenantKeys t = newTenant();
        TenantKeys neighbour = newTenant();
        limitTo(t, 5);
        awayFromTheHourBoundary();

        for (int i = 0; i < 5; i++) {
            assertThat(api.get("/v1/customers", t.sandboxKey()).status()).isEqualTo(200);
        }
        assertThat(api.get("/v1/customers", t.sandboxKey()).status()).isEqualTo(429);

        Api.Resp live = api.get("/v1/customers", t.liveKey());
        assertThat(live.status()).as(live.toString()).isEqualTo(200);
        assertThat(live.header("X-RateLimit-Limit")).isEqualTo("5");
        assertThat(live.header("X-RateLimit-Remaining")).isEqualTo("4");

        Api.Resp other = api.get("/v1/customers", neighbour.sandboxKey());
        assertThat(other.status()).as(other.toString()).isEqualTo(200);
        assertThat(other.header("X-RateLimit-Limit")).isEqualTo("1000");
        assertThat(other.header("X-RateLimit-Remaining")).isEqualTo("999");

        // every credential of the environment spends the same budget: a new key or a login does not escape it
        Api.Resp token = api.post("/v1/auth/login", null, body("email", t.email(), "password", t.password()));
        assertThat(token.status()).as("login is not tenant-authenticated, so not counted").isEqualTo(200);
        Api.Resp viaToken = api.get("/v1/customers", token.text("accessToken"));
        assertThat(viaToken.status()).isEqualTo(429);
        assertThat(viaToken.errorCode()).isEqualTo("rate_limited");
    }

    @Test
    void raising_the_limit_takes_effect_on_the_next_request() throws Exception {
        TenantKeys t = newTenant();
        limitTo(t, 2);
        awayFromTheHourBoundary();
        api.get("/v1/customers", t.sandboxKey());
        api.get("/v1/customers", t.sandboxKey());
        assertThat(api.get("/v1/customers", t.sandboxKey()).status()).isEqualTo(429);

        limitTo(t, 10);
        Api.Resp r = api.get("/v1/customers", t.sandboxKey());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.header("X-RateLimit-Limit")).isEqualTo("10");
        assertThat(Integer.parseInt(r.header("X-RateLimit-Remaining"))).as("what was spent stays spent")
                .isLessThanOrEqualTo(7);
    }

    @Test
    void unauthenticated_and_platform_calls_carry_no_tenant_budget() {
        Api.Resp admin = api.get("/v1/platform/tenants", ADMIN);
        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.header("X-RateLimit-Limit")).isNull();
        Api.Resp anonymous = api.get("/v1/customers", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("X-RateLimit-Limit")).isNull();
    }

    @Test
    void two_server_instances_on_one_database_share_the_budget() throws Exception {
        String url = environment.getProperty("spring.datasource.url");
        assertThat(url).contains("currentSchema=" + environment.getProperty("emboss.test.schema"));
        TenantKeys t = newTenant();
        limitTo(t, 6);

        ConfigurableApplicationContext second = io.emboss.support.PostgresSchema.secondInstance(environment);
        try {
            assertThat(second.getEnvironment().getProperty("spring.datasource.url")).isEqualTo(url);
            Api other = new Api(Integer.parseInt(second.getEnvironment().getProperty("local.server.port")));
            assertThat(other.base()).isNotEqualTo(api.base());
            awayFromTheHourBoundary();

            List<Integer> remaining = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Api.Resp a = api.get("/v1/customers", t.sandboxKey());
                assertThat(a.status()).as(a.toString()).isEqualTo(200);
                remaining.add(Integer.parseInt(a.header("X-RateLimit-Remaining")));
                Api.Resp b = other.get("/v1/customers", t.sandboxKey());
                assertThat(b.status()).as(b.toString()).isEqualTo(200);
                remaining.add(Integer.parseInt(b.header("X-RateLimit-Remaining")));
            }
            assertThat(remaining).containsExactly(5, 4, 3, 2, 1, 0);

            Api.Resp firstRefuses = api.get("/v1/customers", t.sandboxKey());
            assertThat(firstRefuses.status()).as(firstRefuses.toString()).isEqualTo(429);
            Api.Resp secondRefuses = other.get("/v1/customers", t.sandboxKey());
            assertThat(secondRefuses.status()).as(secondRefuses.toString()).isEqualTo(429);
            assertThat(secondRefuses.errorCode()).isEqualTo("rate_limited");
            assertThat(Long.parseLong(secondRefuses.header("Retry-After"))).isPositive();

            // and the limit set through one instance's platform API governs the other at once
            Api.Resp raised = other.patch("/v1/platform/tenants/" + t.id(), ADMIN, body("rateLimitPerHour", 20));
            assertThat(raised.status()).as(raised.toString()).isEqualTo(200);
            Api.Resp again = api.get("/v1/customers", t.sandboxKey());
            assertThat(again.status()).as(again.toString()).isEqualTo(200);
            assertThat(again.header("X-RateLimit-Limit")).isEqualTo("20");
        } finally {
            second.close();
        }
    }

    @Autowired
    RateLimiter limiter;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Test
    void a_large_budget_is_counted_in_memory_while_far_from_the_limit_and_exactly_near_it() throws Exception {
        awayFromTheHourBoundary();
        String tenant = "ten_ratelimit_" + System.nanoTime();
        int limit = 1_200;
        int allowed = 0;
        List<Integer> remaining = new ArrayList<>();
        for (int i = 0; i < limit + 5; i++) {
            RateLimiter.Decision d = limiter.consume(tenant, "sandbox", "api", limit);
            if (d.allowed()) {
                allowed++;
            }
            remaining.add(d.remaining());
        }
        assertThat(allowed).as("exactly the budget, though most of it was counted in memory").isEqualTo(limit);
        for (int i = 0; i < limit; i++) {
            assertThat(remaining.get(i)).as("remaining after request " + (i + 1)).isEqualTo(limit - i - 1);
        }
        // what was counted in memory reaches the shared row within a flush interval
        long deadline = System.currentTimeMillis() + 5_000;
        long stored = 0;
        while (System.currentTimeMillis() < deadline) {
            stored = jdbc.sql("SELECT request_count FROM rate_limit_buckets WHERE tenant_id = ? AND bucket = 'api'")
                    .param(tenant).query(Long.class).single();
            if (stored == limit + 5) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(stored).isEqualTo(limit + 5);
    }

    @Test
    void a_small_budget_spent_by_concurrent_requests_allows_exactly_its_limit() throws Exception {
        TenantKeys t = newTenant();
        limitTo(t, 50);
        awayFromTheHourBoundary();

        List<Integer> statuses = concurrently(80, i -> api.get("/v1/customers", t.sandboxKey()).status());
        assertThat(statuses.stream().filter(s -> s == 200).count()).as(statuses.toString()).isEqualTo(50);
        assertThat(statuses.stream().filter(s -> s == 429).count()).as(statuses.toString()).isEqualTo(30);
    }

    @Test
    void two_instances_spending_a_small_budget_at_once_never_exceed_it_and_lose_none_of_it() throws Exception {
        TenantKeys t = newTenant();
        limitTo(t, 50);
        ConfigurableApplicationContext second = io.emboss.support.PostgresSchema.secondInstance(environment);
        try {
            Api other = new Api(Integer.parseInt(second.getEnvironment().getProperty("local.server.port")));
            awayFromTheHourBoundary();
            List<Integer> statuses = concurrently(60, i -> (i % 2 == 0 ? api : other)
                    .get("/v1/customers", t.sandboxKey()).status());
            long allowed = statuses.stream().filter(s -> s == 200).count();
            long refused = statuses.stream().filter(s -> s == 429).count();
            assertThat(allowed + refused).as(statuses.toString()).isEqualTo(60);
            assertThat(allowed).as("reservations are counted on the row: never past the limit").isLessThanOrEqualTo(50);

            // what an instance reserved and did not spend goes back to the row once it idles
            long counted = allowed + refused;
            long deadline = System.currentTimeMillis() + 5_000;
            while (apiCount(t.id()) != counted && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(apiCount(t.id())).as("the row counts exactly the requests made").isEqualTo(counted);
            for (Api instance : List.of(api, other, api)) {
                Api.Resp r;
                while ((r = instance.get("/v1/customers", t.sandboxKey())).status() == 200) {
                    allowed++;
                }
                assertThat(r.status()).as(r.toString()).isEqualTo(429);
            }
            assertThat(allowed).as("and the whole budget is spent, on whichever instance").isEqualTo(50);
        } finally {
            second.close();
        }
    }

    @Test
    void a_default_budget_counts_a_hundred_requests_with_a_few_statements_and_exact_headers() throws Exception {
        TenantKeys t = newTenant();
        awayFromTheHourBoundary();
        for (int i = 0; i < 100; i++) {
            Api.Resp r = api.get("/v1/customers", t.sandboxKey());
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.header("X-RateLimit-Limit")).isEqualTo("1000");
            assertThat(r.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(999 - i));
        }
        long statements = limiter.writes(t.id(), "sandbox", "api");
        assertThat(statements).as("statements sent to the rate-limit row for 100 requests").isPositive()
                .isLessThanOrEqualTo(5);
        // the reservation not spent is given back once the budget idles: the row then holds what was spent
        long deadline = System.currentTimeMillis() + 5_000;
        while (apiCount(t.id()) != 100 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(apiCount(t.id())).isEqualTo(100);
    }

    private long apiCount(String tenantId) {
        return jdbc.sql("SELECT request_count FROM rate_limit_buckets WHERE tenant_id = ? AND env = 'sandbox' "
                + "AND bucket = 'api' ORDER BY window_start DESC FETCH FIRST 1 ROWS ONLY")
                .param(tenantId).query(Long.class).single();
    }

    /** Runs {@code n} calls at once (16 threads) and returns their answers. */
    private static <T> List<T> concurrently(int n, java.util.function.IntFunction<T> call) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.apply(index);
                }));
            }
            start.countDown();
            List<T> out = new ArrayList<>();
            for (java.util.concurrent.Future<T> f : futures) {
                out.add(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private void limitTo(TenantKeys t, int perHour) {
        Api.Resp r = api.patch("/v1/platform/tenants/" + t.id(), ADMIN, body("rateLimitPerHour", perHour));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.data().get("rateLimitPerHour").asInt()).isEqualTo(perHour);
    }

    private static long nextHour(long epochSeconds) {
        return (epochSeconds / 3600 + 1) * 3600;
    }

    /**
     * The budget is a fixed hourly window; a test that spends it must not straddle the boundary,
     * or the count would restart halfway. Waits out the last seconds of an hour if need be.
     */
    private static void awayFromTheHourBoundary() throws InterruptedException {
        long now = System.currentTimeMillis();
        long untilNextHour = 3_600_000 - now % 3_600_000;
        if (untilNextHour < 30_000) {
            Thread.sleep(untilNextHour + 1_000);
        }
    }
}
