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

    RuleStats(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
        for (Object[] r : rows) {
            jdbc.sql("INSERT INTO auth_rule_stats (rule_id, version, role, day, evaluated) VALUES (?, ?, ?, ?, 0) "
                    + "ON CONFLICT DO NOTHING").params(r[0], r[1], r[2], r[3]).update();
            jdbc.sql("UPDATE auth_rule_stats SET evaluated = evaluated + ? WHERE rule_id = ? AND version = ? "
                    + "AND role = ? AND day = ?").params(r[4], r[0], r[1], r[2], r[3]).update();
        }
    }

    /** Evaluations per day, version and role in [from, to]; this instance's own counts are written first. */
    List<Count> counts(String ruleId, LocalDate from, LocalDate to) {
        flush();
        return jdbc.sql("SELECT day, version, role, evaluated FROM auth_rule_stats WHERE rule_id = ? AND day >= ? "
                        + "AND day <= ? ORDER BY day, version")
                .params(ruleId, from, to)
                .query((rs, n) -> new Count(rs.getObject(1, LocalDate.class), rs.getInt(2),
                        RuleHit.Role.valueOf(rs.getString(3)), rs.getLong(4)))
                .list();
    }

    record Count(LocalDate day, int version, RuleHit.Role role, long count) {
    }
}
