package io.emboss.topups;

import io.emboss.shared.Currency;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class TopupRepository {
    private static final String COLUMNS = "id, tenant_id, env, card_id, customer_id, source, status, currency, amount, "
            + "fee, source_currency, source_amount, fx_fee, rate, balance_before, balance_after, hold_ids, "
            + "failure_reason, settle_after, created_at, completed_at";
    private final JdbcClient jdbc;

    TopupRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Topup t) {
        jdbc.sql("INSERT INTO topups (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(t.id(), t.tenantId(), t.environment(), t.cardId(), t.customerId(), t.source().wire(),
                        t.status().wire(), t.currency().name(), t.amountMinor(), t.feeMinor(), t.sourceCurrency().name(),
                        t.sourceAmountMinor(), t.fxFeeMinor(), t.rate(), t.balanceBeforeMinor(), t.balanceAfterMinor(),
                        t.holdIds().isEmpty() ? null : String.join(",", t.holdIds()), t.failureReason(),
                        ts(t.settleAfter()), ts(t.createdAt()), ts(t.completedAt()))
                .update();
    }

    void finish(Topup t) {
        jdbc.sql("UPDATE topups SET status = ?, balance_before = ?, balance_after = ?, failure_reason = ?, "
                        + "completed_at = ? WHERE id = ?")
                .params(t.status().wire(), t.balanceBeforeMinor(), t.balanceAfterMinor(), t.failureReason(),
                        ts(t.completedAt()), t.id())
                .update();
    }

    Optional<Topup> find(String tenantId, String env, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM topups WHERE tenant_id = ? AND env = ? AND id = ?")
                .params(tenantId, env, id).query(TopupRepository::map).optional();
    }

    /** Locks a pending top-up so that it settles once. */
    Optional<Topup> lockPending(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM topups WHERE id = ? AND status = 'pending' FOR UPDATE")
                .param(id).query(TopupRepository::map).optional();
    }

    List<String> dueIds(Instant now, int max) {
        return jdbc.sql("SELECT id FROM topups WHERE status = 'pending' AND settle_after <= ? ORDER BY settle_after "
                        + "FETCH FIRST ? ROWS ONLY")
                .params(ts(now), max).query(String.class).list();
    }

    Optional<Long> seqOf(String tenantId, String env, String cardId, String id) {
        return jdbc.sql("SELECT seq FROM topups WHERE tenant_id = ? AND env = ? AND card_id = ? AND id = ?")
                .params(tenantId, env, cardId, id).query(Long.class).optional();
    }

    List<Topup> pageOfCard(String tenantId, String env, String cardId, int limit, Long before) {
        String cursor = before == null ? "" : " AND seq < " + before.longValue();
        return jdbc.sql("SELECT " + COLUMNS + " FROM topups WHERE tenant_id = ? AND env = ? AND card_id = ?" + cursor
                        + " ORDER BY seq DESC FETCH FIRST ? ROWS ONLY")
                .params(tenantId, env, cardId, limit + 1).query(TopupRepository::map).list();
    }

    void insertWithdrawal(Withdrawal w) {
        jdbc.sql("INSERT INTO withdrawals (id, tenant_id, env, card_id, destination, currency, amount, balance_before, "
                        + "balance_after, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(w.id(), w.tenantId(), w.environment(), w.cardId(), w.destination(), w.currency().name(),
                        w.amountMinor(), w.balanceBeforeMinor(), w.balanceAfterMinor(), ts(w.createdAt()))
                .update();
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static Topup map(ResultSet rs, int n) throws SQLException {
        String holds = rs.getString(17);
        return new Topup(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                Topup.Source.valueOf(rs.getString(6).toUpperCase(java.util.Locale.ROOT)),
                Topup.Status.valueOf(rs.getString(7).toUpperCase(java.util.Locale.ROOT)),
                Currency.valueOf(rs.getString(8)), rs.getLong(9), rs.getLong(10), Currency.valueOf(rs.getString(11)),
                rs.getLong(12), rs.getLong(13), rs.getString(14), rs.getLong(15), rs.getLong(16),
                holds == null ? List.of() : Arrays.asList(holds.split(",")), rs.getString(18),
                instant(rs.getTimestamp(19)), instant(rs.getTimestamp(20)), instant(rs.getTimestamp(21)));
    }
}
