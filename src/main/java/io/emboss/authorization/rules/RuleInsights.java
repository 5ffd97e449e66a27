package io.emboss.authorization.rules;

import io.emboss.shared.Caller;
import io.emboss.shared.Ids;
import io.emboss.shared.Outcome;
import io.emboss.shared.Rejection;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What rules did and would do: backtests over recorded authorizations, and daily reports of live evaluations. */
@Service
class RuleInsights {
    static final long MAX_BACKTEST_DAYS = 366;
    static final long MAX_REPORT_DAYS = 92;

    private final AuthRuleRepository rules;
    private final BacktestRepository backtests;
    private final RuleStats stats;
    private final JdbcClient jdbc;
    private final Clock clock;

    RuleInsights(AuthRuleRepository rules, BacktestRepository backtests, RuleStats stats, JdbcClient jdbc,
            Clock clock) {
        this.rules = rules;
        this.backtests = backtests;
        this.stats = stats;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Queues a replay of the rule's draft (or, without one, its active version) over [start, end). */
    @Transactional
    public Outcome<Backtest> startBacktest(Caller caller, String ruleId, Instant start, Instant end) {
        var rule = rules.find(caller.tenantId(), AuthRuleService.env(caller), ruleId);
        if (rule.isEmpty()) {
            return Outcome.notFound("auth rule " + ruleId);
        }
        if (!end.isAfter(start) || ChronoUnit.DAYS.between(start, end) > MAX_BACKTEST_DAYS) {
            return Outcome.invalid("end", "must be after start, at most " + MAX_BACKTEST_DAYS + " days later");
        }
        AuthRule r = rule.get();
        AuthRule.RuleVersion version = r.draft() != null ? r.draft() : r.active();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Backtest b = new Backtest(Ids.next("bt"), r.id(), version.version(), start, end, Backtest.Status.PENDING, 0, 0,
                0, Map.of(), List.of(), now, null);
        backtests.insert(b);
        return Outcome.ok(b);
    }

    @Transactional(readOnly = true)
    public Outcome<Backtest> backtest(Caller caller, String ruleId, String id) {
        return backtests.find(caller.tenantId(), AuthRuleService.env(caller), ruleId, id)
                .<Outcome<Backtest>>map(Outcome::ok).orElseGet(() -> Outcome.notFound("backtest " + id));
    }

    /** Per UTC day in [from, to]: what the active versions and the drafts beside them evaluated and declined. */
    public Outcome<RuleReportView> report(Caller caller, String ruleId, LocalDate from, LocalDate to) {
        if (rules.find(caller.tenantId(), AuthRuleService.env(caller), ruleId).isEmpty()) {
            return Outcome.notFound("auth rule " + ruleId);
        }
        if (to.isBefore(from) || ChronoUnit.DAYS.between(from, to) >= MAX_REPORT_DAYS) {
            return Outcome.rejected(new Rejection(Rejection.Kind.INVALID, "validation_failed",
                    "A report covers 1 to " + MAX_REPORT_DAYS + " days",
                    Map.of("to", "must be on or after from, at most " + (MAX_REPORT_DAYS - 1) + " days later")));
        }
        Map<LocalDate, RuleReportView.Tally[]> days = new TreeMap<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            days.put(d, new RuleReportView.Tally[] {new RuleReportView.Tally(), new RuleReportView.Tally()});
        }
        for (RuleStats.Count c : stats.counts(ruleId, from, to)) {
            days.get(c.day())[c.role().ordinal()].evaluated(c.version(), c.count());
        }
        Instant start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        jdbc.sql("SELECT created_at, version, role, outcome FROM auth_rule_hits WHERE rule_id = ? AND created_at >= ? "
                        + "AND created_at < ?")
                .params(ruleId, Timestamp.from(start), Timestamp.from(end))
                .query(rs -> {
                    LocalDate day = rs.getTimestamp(1).toInstant().atZone(ZoneOffset.UTC).toLocalDate();
                    days.get(day)[RuleHit.Role.valueOf(rs.getString(3)).ordinal()]
                            .hit(rs.getInt(2), RuleHit.Outcome.valueOf(rs.getString(4)));
                });
        List<RuleReportView.Day> out = new ArrayList<>();
        days.forEach((d, t) -> out.add(new RuleReportView.Day(d, t[0].view(), t[1].view())));
        return Outcome.ok(new RuleReportView(ruleId, from, to, out));
    }
}
