package io.emboss.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import io.emboss.support.CountingDataSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

/**
 * Issue 16: conditional blocks and merchant locks cost an authorization no database round trip.
 * The same sequence of authorizations is sent on a tenant without rules and on one with a block and
 * a lock; the statements the request and pipeline threads run are counted by SQL text. Apart from
 * reloading the rule book (at most once per refresh period of the cache), the two sequences run the
 * very same statements, as often.
 */
@Import(PipelineStatementsTest.Counting.class)
class RuleStatementsTest extends AuthorizationTestBase {
    private static final int AUTHORIZATIONS = 12;

    @Autowired
    private DataSource dataSource;

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
                .isGreaterThanOrEqualTo(AUTHORIZATIONS);
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
        assertBalance(ruled.key(), ruledCard, String.format("%d.00", 100 - AUTHORIZATIONS - 1),
                String.format("%d.00", AUTHORIZATIONS + 1), "100.00");
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
        for (int i = 0; i < AUTHORIZATIONS; i++) {
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
