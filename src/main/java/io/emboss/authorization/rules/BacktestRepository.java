package io.emboss.authorization.rules;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;

@Repository
class BacktestRepository {
    private static final String COLUMNS = "b.id, b.rule_id, b.version, b.period_start, b.period_end, b.status, "
            + "b.evaluated, b.would_decline, b.would_approve, b.by_reason, b.sample_ids, b.created_at, b.completed_at";

    private final JdbcClient jdbc;

    BacktestRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Backtest b) {
        jdbc.sql("INSERT INTO auth_rule_backtests (id, rule_id, version, period_start, period_end, status, "
                        + "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(b.id(), b.ruleId(), b.version(), Timestamp.from(b.start()), Timestamp.from(b.end()),
                        b.status().name(), Timestamp.from(b.createdAt()))
                .update();
    }

    /** The backtest, if its rule is the tenant's in that environment. */
    Optional<Backtest> find(String tenantId, String env, String ruleId, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM auth_rule_backtests b JOIN auth_rules r ON r.id = b.rule_id "
                        + "WHERE b.id = ? AND b.rule_id = ? AND r.tenant_id = ? AND r.env = ?")
                .params(id, ruleId, tenantId, env).query(BacktestRepository::map).optional();
    }

    /** Backtests waiting, or claimed by an instance that stopped before finishing (after {@code staleBefore}). */
    List<String> waiting(Instant staleBefore) {
        return jdbc.sql("SELECT id FROM auth_rule_backtests WHERE status = 'PENDING' OR (status = 'RUNNING' "
                        + "AND claimed_at < ?) ORDER BY created_at LIMIT 5")
                .param(Timestamp.from(staleBefore)).query(String.class).list();
    }

    /** Takes the backtest for this instance; false when another took it first. */
    boolean claim(String id, Instant now, Instant staleBefore) {
        return jdbc.sql("UPDATE auth_rule_backtests SET status = 'RUNNING', claimed_at = ? WHERE id = ? AND "
                        + "(status = 'PENDING' OR (status = 'RUNNING' AND claimed_at < ?))")
                .params(Timestamp.from(now), id, Timestamp.from(staleBefore)).update() == 1;
    }

    /** The rule's tenant and environment and the backtest's version and period. */
    record Job(String id, String ruleId, String tenantId, String env, String type, int version, Instant start,
               Instant end) {
    }

    Job job(String id) {
        return jdbc.sql("SELECT b.id, b.rule_id, r.tenant_id, r.env, r.type, b.version, b.period_start, b.period_end "
                        + "FROM auth_rule_backtests b JOIN auth_rules r ON r.id = b.rule_id WHERE b.id = ?")
                .param(id)
                .query((rs, n) -> new Job(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getInt(6), rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant()))
                .single();
    }

    void complete(String id, Backtest.Result r, Instant now) {
        jdbc.sql("UPDATE auth_rule_backtests SET status = 'COMPLETED', evaluated = ?, would_decline = ?, "
                        + "would_approve = ?, by_reason = ?, sample_ids = ?, completed_at = ? WHERE id = ?")
                .params(r.evaluated(), r.wouldDecline(), r.evaluated() - r.wouldDecline(),
                        RuleInputs.Json.MAPPER.writeValueAsString(r.byReason()),
                        RuleInputs.Json.MAPPER.writeValueAsString(r.samples()), Timestamp.from(now), id)
                .update();
    }

    void fail(String id, String why, Instant now) {
        jdbc.sql("UPDATE auth_rule_backtests SET status = 'FAILED', failure = ?, completed_at = ? WHERE id = ?")
                .params(why, Timestamp.from(now), id).update();
    }

    private static Backtest map(ResultSet rs, int n) throws SQLException {
        String byReason = rs.getString(10);
        String samples = rs.getString(11);
        Timestamp completed = rs.getTimestamp(13);
        return new Backtest(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getTimestamp(4).toInstant(),
                rs.getTimestamp(5).toInstant(), Backtest.Status.valueOf(rs.getString(6)), rs.getLong(7),
                rs.getLong(8), rs.getLong(9), byReason == null ? Map.of()
                        : RuleInputs.Json.MAPPER.readValue(byReason, new TypeReference<Map<String, Long>>() { }),
                samples == null ? List.of()
                        : RuleInputs.Json.MAPPER.readValue(samples, new TypeReference<List<String>>() { }),
                rs.getTimestamp(12).toInstant(), completed == null ? null : completed.toInstant());
    }
}
