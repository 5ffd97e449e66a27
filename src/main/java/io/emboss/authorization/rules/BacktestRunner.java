package io.emboss.authorization.rules;

import io.emboss.cards.Card;
import io.emboss.cards.CardService;
import io.emboss.shared.Caller;
import io.emboss.shared.Currency;
import io.emboss.shared.Environment;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the backtests waiting in the database, on whichever instance claims them first; a backtest
 * claimed by an instance that stopped is taken over after {@link #STALE}. The authorizations are
 * streamed from the database in time order (a period of millions of rows is not held in memory).
 */
@Component
class BacktestRunner {
    static final Duration STALE = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(BacktestRunner.class);
    private static final String HISTORY = "SELECT id, card_id, customer_id, approved, amount, currency, "
            + "merchant_currency, merchant_name, merchant_mcc, merchant_country, merchant_id, channel, created_at "
            + "FROM transactions WHERE tenant_id = ? AND env = ? AND type = 'authorization' AND card_id IS NOT NULL "
            + "AND created_at >= ? AND created_at < ? ORDER BY created_at, id";

    private final BacktestRepository backtests;
    private final AuthRuleRepository rules;
    private final CardService cards;
    private final JdbcTemplate streaming;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    BacktestRunner(BacktestRepository backtests, AuthRuleRepository rules, CardService cards,
            javax.sql.DataSource dataSource, TransactionTemplate tx, ApplicationEventPublisher events, Clock clock) {
        this.backtests = backtests;
        this.rules = rules;
        this.cards = cards;
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(1000);
        this.tx = tx;
        this.events = events;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = 300, initialDelay = 1000)
    void runWaiting() {
        Instant now = clock.instant();
        for (String id : backtests.waiting(now.minus(STALE))) {
            if (backtests.claim(id, now, now.minus(STALE))) {
                run(backtests.job(id));
            }
        }
    }

    private void run(BacktestRepository.Job job) {
        try {
            AuthRule.Type type = AuthRule.Type.valueOf(job.type());
            AuthRule.RuleVersion version = rules.version(type, job.ruleId(), job.version()).orElseThrow();
            Backtest.Result result = replay(job, type, version);
            tx.executeWithoutResult(s -> {
                backtests.complete(job.id(), result, now());
                backtests.find(job.tenantId(), job.env(), job.ruleId(), job.id()).ifPresent(b ->
                        events.publishEvent(new AuthRuleEvents.BacktestCompleted(b, job.tenantId(), job.env())));
            });
        } catch (RuntimeException e) {
            LOG.error("backtest {} failed", job.id(), e);
            backtests.fail(job.id(), "the replay failed; see the server's log", now());
        }
    }

    private Backtest.Result replay(BacktestRepository.Job job, AuthRule.Type type, AuthRule.RuleVersion version) {
        Replay replay = new Replay(type, version);
        Caller owner = Caller.network(job.tenantId(), Environment.fromWire(job.env()), "backtest");
        Map<String, Optional<Card>> known = new HashMap<>();
        tx.executeWithoutResult(s -> streaming.query(HISTORY, rs -> {
            Optional<Card> card = known.computeIfAbsent(rs.getString(2), id -> {
                var found = cards.get(owner, id);
                return found.isOk() ? Optional.of(found.value()) : Optional.empty();
            });
            if (card.isEmpty()) {
                return;
            }
            Facts f = new Facts(rs.getString(2), rs.getString(3), card.get().productId(), rs.getString(9),
                    rs.getString(10), rs.getString(8), rs.getString(11), rs.getLong(5),
                    Currency.valueOf(rs.getString(6)), rs.getString(7), rs.getString(12), null, null,
                    rs.getTimestamp(13).toInstant(), card.get().createdAt());
            replay.accept(rs.getString(1), f, rs.getBoolean(4));
        }, job.tenantId(), job.env(), Timestamp.from(job.start()), Timestamp.from(job.end())));
        return replay.result();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
