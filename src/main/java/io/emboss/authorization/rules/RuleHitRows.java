package io.emboss.authorization.rules;

import io.emboss.ledger.MoneyBatch;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/** The rule hits of a pipeline batch's authorizations, written with one statement beside their transactions. */
public final class RuleHitRows implements MoneyBatch.Participant {
    private final JdbcTemplate jdbc;
    private final List<Object[]> rows = new ArrayList<>();

    RuleHitRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void add(String transactionId, List<RuleHit> hits, Instant at) {
        for (RuleHit h : hits) {
            rows.add(row(transactionId, h, at));
        }
    }

    static Object[] row(String transactionId, RuleHit h, Instant at) {
        return new Object[] {h.ruleId(), h.version(), h.role().name(), transactionId, h.outcome().name(),
            h.reason().name(), Timestamp.from(at)};
    }

    static void insert(JdbcTemplate jdbc, List<Object[]> rows) {
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO auth_rule_hits (rule_id, version, role, transaction_id, outcome, reason, "
                    + "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", rows);
        }
    }

    @Override
    public int lockOrder() {
        return 0;
    }

    @Override
    public void lock() {
        // new rows only: nothing to lock
    }

    @Override
    public void flush() {
        insert(jdbc, rows);
    }
}
