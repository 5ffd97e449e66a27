package io.emboss.authorization.rules;

import io.emboss.ledger.MoneyBatch;
import io.emboss.shared.ExpiringCache;
import java.time.Clock;
import java.time.Duration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The rules as the authorization engine meets them. Each instance keeps every tenant's rule book in
 * memory: screening an authorization reads no row. The instance that changes a rule drops its copy
 * when the change commits; every other instance reloads within {@link #REFRESH} (documented in
 * docs/auth-rules.md as the bound within which a change reaches every instance).
 */
@Service
public class AuthRules {
    public static final Duration REFRESH = Duration.ofSeconds(2);

    private final AuthRuleRepository rules;
    private final RuleStats stats;
    private final JdbcTemplate jdbc;
    private final ExpiringCache<String, RuleBook> books;

    AuthRules(AuthRuleRepository rules, RuleStats stats, JdbcTemplate jdbc, Clock clock) {
        this.rules = rules;
        this.stats = stats;
        this.jdbc = jdbc;
        this.books = new ExpiringCache<>(clock, REFRESH, 10_000);
    }

    /** The rules that need no lock, run on an authorization of a card of this tenant and environment. */
    public Screening screen(String tenantId, String env, Facts facts) {
        RuleBook book = books.get(key(tenantId, env), k -> RuleBook.of(rules.live(tenantId, env)));
        return book.isEmpty() ? Screening.NONE : book.screen(facts, stats);
    }

    /** Where a batch's authorizations record their rule hits. */
    public RuleHitRows hitRowsOf(MoneyBatch batch) {
        return batch.participant(RuleHitRows.class, () -> new RuleHitRows(jdbc));
    }

    void changed(String tenantId, String env) {
        books.invalidate(key(tenantId, env));
    }

    private static String key(String tenantId, String env) {
        return tenantId + "|" + env;
    }
}
