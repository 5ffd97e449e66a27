package io.emboss.authorization.rules;

import jakarta.annotation.PreDestroy;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * How many authorizations each rule version evaluated per UTC day. Counted in memory (an
 * authorization writes nothing for it) and added to the database every second by each instance;
 * an instance killed outright loses at most its last second of counts. Declines are not counted
 * here: they are recorded with their transaction ({@link RuleHitRows}), exactly.
 */
@Component
class RuleStats {
    static final long FLUSH_INTERVAL_MS = 1000;

    record Key(String ruleId, int version, RuleHit.Role role, LocalDate day) {
    }

    private final ConcurrentHashMap<Key, Long> pending = new ConcurrentHashMap<>();
    private final JdbcClient jdbc;
    private final org.springframework.jdbc.core.JdbcTemplate batch;
    private final org.springframework.transaction.support.TransactionTemplate tx;

    RuleStats(JdbcClient jdbc, org.springframework.jdbc.core.JdbcTemplate batch,
            org.springframework.transaction.support.TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.tx = tx;
    }

    void evaluated(String ruleId, int version, RuleHit.Role role, Instant at) {
        pending.merge(new Key(ruleId, version, role, at.atZone(ZoneOffset.UTC).toLocalDate()), 1L, Long::sum);
    }

    @Scheduled(fixedDelay = FLUSH_INTERVAL_MS)
    @PreDestroy
    synchronized void flush() {
        List<Object[]> rows = new ArrayList<>();
        for (Key k : List.copyOf(pending.keySet())) {
            Long n = pending.remove(k);
            if (n != null && n > 0) {
                rows.add(new Object[] {k.ruleId(), k.version(), k.role().name(), k.day(), n});
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        // one commit for the second's counts of every rule: two batched statements
        try {
            write(rows);
        } catch (RuntimeException e) {
            // the database is away: the counts wait for the next flush instead of being lost
            rows.forEach(r -> pending.merge(new Key((String) r[0], (Integer) r[1], RuleHit.Role.valueOf((String) r[2]),
                    (LocalDate) r[3]), (Long) r[4], Long::sum));
            throw e;
        }
    }

    private void write(List<Object[]> rows) {
        tx.executeWithoutResult(s -> {
            batch.batchUpdate("INSERT INTO auth_rule_stats (rule_id, version, role, stat_day, evaluated) "
                    + "VALUES (?, ?, ?, ?, 0) ON CONFLICT DO NOTHING",
                    rows.stream().map(r -> new Object[] {r[0], r[1], r[2], r[3]}).toList());
            batch.batchUpdate("UPDATE auth_rule_stats SET evaluated = evaluated + ? WHERE rule_id = ? AND version = ? "
                    + "AND role = ? AND stat_day = ?", rows.stream().map(r -> new Object[] {r[4], r[0], r[1], r[2], r[3]})
                    .toList());
        });
    }

    /** Evaluations per day, version and role in [from, to]; this instance's own counts are written first. */
    List<Count> counts(String ruleId, LocalDate from, LocalDate to) {
        flush();
        return jdbc.sql("SELECT stat_day, version, role, evaluated FROM auth_rule_stats WHERE rule_id = ? "
                        + "AND stat_day >= ? AND stat_day <= ? ORDER BY stat_day, version")
                .params(ruleId, from, to)
                .query((rs, n) -> new Count(rs.getObject(1, LocalDate.class), rs.getInt(2),
                        RuleHit.Role.valueOf(rs.getString(3)), rs.getLong(4)))
                .list();
    }

    record Count(LocalDate day, int version, RuleHit.Role role, long count) {
    }
}
