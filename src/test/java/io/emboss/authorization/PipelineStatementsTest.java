package io.emboss.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.emboss.support.Api;
import io.emboss.support.CountingDataSource;
import io.emboss.support.Prometheus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.support.MergedBeanDefinitionPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Issue 13: concurrent authorizations are batched, shown by counts rather than times. The
 * application's pool is wrapped in a {@link CountingDataSource} (the real database answers every
 * call); 64 clients then send 5 authorizations each on 64 funded cards, and the statements and
 * commits of the pipeline's writer threads are counted against the approvals.
 *
 * <p>Issue 16: conditional blocks and merchant locks cost an authorization no database round trip.
 * The same sequence of authorizations is sent on a tenant without rules and on one with two blocks
 * and a lock; the statements the request and pipeline threads run are counted by SQL text. Apart
 * from reloading the rule book (at most once per refresh period of its cache), the two sequences run
 * the very same statements, as often.
 */
// imported: a nested configuration is found only beside @ContextConfiguration, which ApiTestBase declares
@Import(PipelineStatementsTest.Counting.class)
class PipelineStatementsTest extends AuthorizationTestBase {
    private static final int CLIENTS = 64;
    private static final int EACH = 5;
    private static final int RULED_AUTHORIZATIONS = 12;
    private static final Predicate<String> PIPELINE = name -> name.startsWith("emboss-pipeline-");

    @TestConfiguration(proxyBeanMethods = false)
    static class Counting {
        /**
         * Wraps the pool once DatabaseConfig has set its driver properties (reWriteBatchedInserts among
         * them). A plain BeanPostProcessor of an imported test configuration would run before
         * DatabaseConfig's, and DatabaseConfig's would then no longer see a HikariDataSource; Spring
         * registers the MergedBeanDefinitionPostProcessors after every other post-processor, so this
         * one is one of them (with nothing to do on definitions). The check below says if that changes.
         */
        @Bean
        static BeanPostProcessor countingDataSource() {
            return new MergedBeanDefinitionPostProcessor() {
                @Override
                public void postProcessMergedBeanDefinition(RootBeanDefinition definition, Class<?> type,
                        String name) {
                    // registered as one only to come last
                }

                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (bean instanceof HikariDataSource pool) {
                        if (!"true".equals(pool.getDataSourceProperties().getProperty("reWriteBatchedInserts"))) {
                            throw new IllegalStateException("the counting proxy must wrap the pool after "
                                    + "DatabaseConfig configured it, or the figures are not the application's");
                        }
                        return new CountingDataSource(pool);
                    }
                    return bean;
                }
            };
        }
    }

    @Autowired
    private DataSource dataSource;

    @Test
    void sixty_four_clients_are_decided_in_few_commits_and_about_one_statement_per_approval() throws Exception {
        CountingDataSource counting = (CountingDataSource) dataSource;
        List<Holder> holders = List.of(newHolder(), newHolder(), newHolder(), newHolder());
        List<String> cards = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            cards.add(fundedCard(holders.get(i % holders.size()), "10.00"));
        }

        Map<String, CountingDataSource.Counts> before = counting.snapshot();
        Map<String, Long> sqlBefore = counting.bySql("emboss-pipeline-");
        String metricsBefore = Prometheus.scrape(api);
        List<List<Api.Resp>> answers = inParallel(CLIENTS, i -> () -> {
            List<Api.Resp> mine = new ArrayList<>();
            for (int n = 0; n < EACH; n++) {
                mine.add(authorize(holders.get(i % holders.size()).key(), cards.get(i), "1.00"));
            }
            return mine;
        });
        Map<String, CountingDataSource.Counts> after = counting.snapshot();
        String metricsAfter = Prometheus.scrape(api);

        int approvals = 0;
        for (List<Api.Resp> mine : answers) {
            for (Api.Resp r : mine) {
                assertThat(r.status()).as(r.toString()).isEqualTo(201);
                assertThat(r.data().get("approved").asBoolean()).as(r.toString()).isTrue();
                approvals++;
            }
        }
        assertThat(approvals).isEqualTo(CLIENTS * EACH);
        for (int i = 0; i < CLIENTS; i++) {
            assertBalance(holders.get(i % holders.size()).key(), cards.get(i), "5.00", "5.00", "10.00");
        }
        assertLedgerBalanced();

        CountingDataSource.Counts pipeline = CountingDataSource.between(before, after, PIPELINE);
        CountingDataSource.Counts others = CountingDataSource.between(before, after, PIPELINE.negate());
        long batches = Prometheus.delta(metricsBefore, metricsAfter, "emboss_pipeline_batch_size_count");
        double statementsPerApproval = (double) pipeline.statements() / approvals;
        System.out.printf("PipelineStatementsTest: %d approvals; pipeline threads: %d commits, %d statements "
                        + "(%.2f per approval, %.3f commits per approval), %d batches (%.1f per batch); other "
                        + "threads: %d commits, %d statements%n", approvals, pipeline.commits(), pipeline.statements(),
                statementsPerApproval, (double) pipeline.commits() / approvals, batches, (double) approvals / batches,
                others.commits(), others.statements());
        System.out.println("PipelineStatementsTest: by thread group " + byGroup(before, after));
        counting.bySql("emboss-pipeline-").forEach((sql, n) -> {
            long during = n - sqlBefore.getOrDefault(sql, 0L);
            if (during > 0) {
                System.out.printf("PipelineStatementsTest: pipeline %5d x %s%n", during,
                        sql.length() > 160 ? sql.substring(0, 160) + "…" : sql);
            }
        });

        assertThat(batches).as("batches recorded for the approvals").isPositive();
        assertThat(pipeline.commits()).as("one commit per batch").isEqualTo(batches);
        assertThat(pipeline.commits()).as("commits on the pipeline's threads").isLessThanOrEqualTo(approvals / 4);
        // executeBatch counts once here, though with reWriteBatchedInserts the driver may send a batch as
        // a few multi-row INSERTs: a batch's table write is one call from the application, one round trip
        // per chunk of rows (see DatabaseConfig)
        assertThat(statementsPerApproval).as("statements per approval on the pipeline's threads")
                .isLessThanOrEqualTo(1.5);
    }

    /** Counts by thread name without its trailing number (http-nio-…-exec-, emboss-pipeline-). */
    private static Map<String, CountingDataSource.Counts> byGroup(Map<String, CountingDataSource.Counts> before,
            Map<String, CountingDataSource.Counts> after) {
        Map<String, CountingDataSource.Counts> out = new TreeMap<>();
        for (String name : after.keySet()) {
            String group = name.replaceAll("\\d+$", "");
            out.computeIfAbsent(group, g -> CountingDataSource.between(before, after,
                    n -> n.replaceAll("\\d+$", "").equals(g)));
        }
        return out;
    }

    @Test
    void blocks_and_locks_add_no_statement_to_an_authorization() {
        CountingDataSource counting = (CountingDataSource) dataSource;
        Holder plain = newHolder();
        String plainCard = fundedCard(plain, "100.00");
        Holder ruled = newHolder();
        String ruledCard = fundedCard(ruled, "100.00");
        rule(ruled.key(), body("name", "No casinos", "type", "conditional_block", "parameters", body("conditions",
                List.of(body("attribute", "mcc", "operation", "is_one_of", "value", List.of("7995"))))));
        rule(ruled.key(), body("name", "Big spend abroad", "type", "conditional_block", "parameters",
                body("conditions", List.of(body("attribute", "amount", "operation", "greater_than", "value", "500.00"),
                        body("attribute", "merchant_country", "operation", "is_not_one_of", "value", List.of("US"))))));
        rule(ruled.key(), body("name", "Groceries only", "type", "merchant_lock", "parameters",
                body("merchants", List.of(body("mcc", "5411")))));

        Map<String, Long> withoutRules = statementsOf(counting, plain.key(), plainCard);
        long start = System.nanoTime();
        Map<String, Long> withRules = statementsOf(counting, ruled.key(), ruledCard);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(withoutRules.values().stream().mapToLong(Long::longValue).sum())
                .as("statements counted on the request and pipeline threads: %s", withoutRules)
                .isGreaterThanOrEqualTo(RULED_AUTHORIZATIONS);
        assertThat(withoutRules.keySet()).as("the authorizations' own writes are among them")
                .anyMatch(sql -> sql.startsWith("INSERT INTO transactions"));
        Map<String, Long> ruleReads = new HashMap<>();
        withRules.forEach((sql, n) -> {
            if (sql.contains("auth_rule")) {
                ruleReads.put(sql, n);
            }
        });
        withRules.keySet().removeAll(ruleReads.keySet());
        assertThat(withRules).as("statements besides reading the rule book").isEqualTo(withoutRules);
        long reloads = ruleReads.values().stream().mapToLong(Long::longValue).sum();
        assertThat(reloads).as("rule book reads in %d ms (one per refresh at most)", elapsedMs)
                .isLessThanOrEqualTo(1 + elapsedMs / io.emboss.authorization.rules.AuthRules.REFRESH.toMillis());
        assertBalance(ruled.key(), ruledCard, String.format("%d.00", 100 - RULED_AUTHORIZATIONS - 1),
                String.format("%d.00", RULED_AUTHORIZATIONS + 1), "100.00");
        assertLedgerBalanced();
    }

    private void rule(String key, Map<String, Object> body) {
        Api.Resp r = api.post("/v1/auth-rules", key, body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    /** One approval to warm caches, then the sequence: the request and pipeline threads' statements by SQL. */
    private Map<String, Long> statementsOf(CountingDataSource counting, String key, String card) {
        approved(key, card, "1.00");
        Map<String, Long> before = executions(counting);
        for (int i = 0; i < RULED_AUTHORIZATIONS; i++) {
            approved(key, card, "1.00");
        }
        Map<String, Long> after = executions(counting);
        Map<String, Long> during = new HashMap<>();
        after.forEach((sql, n) -> {
            long d = n - before.getOrDefault(sql, 0L);
            if (d > 0) {
                during.put(sql, d);
            }
        });
        return during;
    }

    private static Map<String, Long> executions(CountingDataSource counting) {
        Map<String, Long> out = new HashMap<>(counting.bySql("http-nio"));
        counting.bySql("emboss-pipeline-").forEach((sql, n) -> out.merge(sql, n, Long::sum));
        return out;
    }
}
