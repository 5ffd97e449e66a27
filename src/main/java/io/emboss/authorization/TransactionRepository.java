package io.emboss.authorization;

import io.emboss.shared.Currency;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class TransactionRepository {
    private static final String COLUMNS = "id, authorization_id, tenant_id, env, card_id, customer_id, type, status, "
            + "approved, decline_reason, auth_code, currency, amount, merchant_currency, merchant_amount, fx_fee, "
            + "held_amount, captured_amount, reversed_amount, refunded_amount, hold_id, original_id, merchant_name, "
            + "merchant_mcc, merchant_city, merchant_country, channel, network_reference, description, created_at, "
            + "updated_at, merchant_id, declined_by_rule_id";

    /** Filters of the transaction list; null means any. */
    record Filter(String cardId, String customerId, String type, String status, Instant from, Instant to,
                  String search) {
    }

    private final JdbcClient jdbc;
    private final org.springframework.jdbc.core.JdbcTemplate template;

    TransactionRepository(JdbcClient jdbc, org.springframework.jdbc.core.JdbcTemplate template) {
        this.template = template;
        this.jdbc = jdbc;
    }

    private static final String INSERT = "INSERT INTO transactions (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
            + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    void insert(CardTransaction t) {
        jdbc.sql(INSERT).params(columns(t)).update();
    }

    /** One JDBC batch, which the PostgreSQL driver rewrites into multi-row inserts. */
    void insertAll(List<CardTransaction> all) {
        if (!all.isEmpty()) {
            template.batchUpdate(INSERT, all.stream().map(TransactionRepository::columns).toList());
        }
    }

    private static Object[] columns(CardTransaction t) {
        AuthorizationRequest.Merchant m = t.merchant();
        return new Object[] {t.id(), t.authorizationId(), t.tenantId(), t.environment(), t.cardId(), t.customerId(),
            t.type(), t.status(), t.approved(), t.declineReason(), t.authCode(), t.currency().name(),
            t.amountMinor(), t.merchantCurrency(), t.merchantAmountMinor(), t.fxFeeMinor(), t.heldMinor(),
            t.capturedMinor(), t.reversedMinor(), t.refundedMinor(), t.holdId(), t.originalId(),
            m == null ? null : m.name(), m == null ? null : m.mcc(), m == null ? null : m.city(),
            m == null ? null : m.country(), t.channel(), t.networkReference(), t.description(),
            Timestamp.from(t.createdAt()), Timestamp.from(t.updatedAt()), m == null ? null : m.id(),
            t.declinedByRuleId()};
    }

    void updateState(CardTransaction t) {
        jdbc.sql("UPDATE transactions SET status = ?, held_amount = ?, captured_amount = ?, reversed_amount = ?, "
                        + "refunded_amount = ?, hold_id = ?, updated_at = ? WHERE id = ?")
                .params(t.status(), t.heldMinor(), t.capturedMinor(), t.reversedMinor(), t.refundedMinor(), t.holdId(),
                        Timestamp.from(t.updatedAt()), t.id())
                .update();
    }

    /** Many rows' new state in one JDBC batch (a pipeline batch's captures, reversals, refunds). */
    void updateStates(List<CardTransaction> all) {
        if (!all.isEmpty()) {
            template.batchUpdate("UPDATE transactions SET status = ?, held_amount = ?, captured_amount = ?, "
                    + "reversed_amount = ?, refunded_amount = ?, hold_id = ?, updated_at = ? WHERE id = ?",
                    all.stream().map(t -> new Object[] {t.status(), t.heldMinor(), t.capturedMinor(),
                            t.reversedMinor(), t.refundedMinor(), t.holdId(), Timestamp.from(t.updatedAt()), t.id()})
                            .toList());
        }
    }

    /** The authorizations named, locked in id order with one statement; the caller checks whose they are. */
    List<CardTransaction> lockAllByAuthorization(List<String> authorizationIds) {
        if (authorizationIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM transactions WHERE authorization_id = ANY(?) "
                        + "AND type = 'authorization' ORDER BY id FOR UPDATE")
                .param(authorizationIds.toArray(new String[0])).query(TransactionRepository::map).list();
    }

    /** A batch's capture records: one JDBC batch. */
    void insertCaptures(List<Object[]> rows) {
        if (!rows.isEmpty()) {
            template.batchUpdate("INSERT INTO captures (id, transaction_id, amount, created_at) VALUES (?, ?, ?, ?)",
                    rows);
        }
    }

    Optional<CardTransaction> find(String tenantId, String env, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM transactions WHERE tenant_id = ? AND env = ? AND id = ?")
                .params(tenantId, env, id).query(TransactionRepository::map).optional();
    }

    /** The refunds linked to a transaction, oldest first (an authorization's timeline). */
    List<CardTransaction> refundsOf(String tenantId, String env, String originalId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM transactions WHERE tenant_id = ? AND env = ? AND original_id = ? "
                        + "AND type = 'refund' ORDER BY seq")
                .params(tenantId, env, originalId).query(TransactionRepository::map).list();
    }

    Optional<CardTransaction> lockByAuthorization(String tenantId, String env, String authorizationId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM transactions WHERE tenant_id = ? AND env = ? "
                        + "AND authorization_id = ? FOR UPDATE")
                .params(tenantId, env, authorizationId).query(TransactionRepository::map).optional();
    }

    Optional<CardTransaction> findByAuthorization(String tenantId, String env, String authorizationId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM transactions WHERE tenant_id = ? AND env = ? "
                        + "AND authorization_id = ?")
                .params(tenantId, env, authorizationId).query(TransactionRepository::map).optional();
    }

    void updateAmount(CardTransaction t) {
        jdbc.sql("UPDATE transactions SET amount = ? WHERE id = ?").params(t.amountMinor(), t.id()).update();
    }

    Optional<CardTransaction> lockByHold(String holdId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM transactions WHERE hold_id = ? FOR UPDATE")
                .param(holdId).query(TransactionRepository::map).optional();
    }

    Optional<CardTransaction> byNetworkReference(String tenantId, String env, String reference) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM transactions WHERE tenant_id = ? AND env = ? "
                        + "AND network_reference = ? AND type = 'authorization' ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY")
                .params(tenantId, env, reference).query(TransactionRepository::map).optional();
    }

    /**
     * The approved authorizations and force-posts of these cards whose network reference or auth code
     * is one of those given, oldest first: a clearing chunk's candidates. Two statements, each served
     * by its (card, reference) or (card, auth code) index, so the cost follows the matches, not the
     * cards' whole history.
     */
    List<CardTransaction> clearingCandidates(List<String> cardIds, List<String> references, List<String> authCodes) {
        java.util.Map<String, CardTransaction> found = new java.util.LinkedHashMap<>();
        String[] cards = cardIds.toArray(new String[0]);
        if (!references.isEmpty()) {
            candidatesBy("network_reference", cards, references).forEach(t -> found.put(t.id(), t));
        }
        if (!authCodes.isEmpty()) {
            candidatesBy("auth_code", cards, authCodes).forEach(t -> found.put(t.id(), t));
        }
        return List.copyOf(found.values());
    }

    private List<CardTransaction> candidatesBy(String column, String[] cards, List<String> values) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM transactions WHERE card_id = ANY(?) AND " + column + " = ANY(?) "
                        + "AND type IN ('authorization', 'force_post') AND approved = TRUE ORDER BY seq")
                .params(cards, values.toArray(new String[0]))
                .query(TransactionRepository::map).list();
    }

    void insertCapture(String id, String transactionId, long amount, Instant now) {
        jdbc.sql("INSERT INTO captures (id, transaction_id, amount, created_at) VALUES (?, ?, ?, ?)")
                .params(id, transactionId, amount, Timestamp.from(now)).update();
    }

    List<CardTransaction.Capture> captures(String transactionId) {
        return jdbc.sql("SELECT amount, created_at FROM captures WHERE transaction_id = ? ORDER BY created_at")
                .param(transactionId)
                .query((rs, n) -> new CardTransaction.Capture(rs.getLong(1), rs.getTimestamp(2).toInstant())).list();
    }

    Optional<Long> seqOf(String tenantId, String env, String id) {
        return jdbc.sql("SELECT seq FROM transactions WHERE tenant_id = ? AND env = ? AND id = ?")
                .params(tenantId, env, id).query(Long.class).optional();
    }

    List<CardTransaction> page(String tenantId, String env, Filter f, int limit, Long before) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM transactions");
        List<Object> params = new ArrayList<>();
        where(sql, params, tenantId, env, f);
        add(sql, params, " AND seq < ?", before);
        sql.append(" ORDER BY seq DESC FETCH FIRST ? ROWS ONLY");
        params.add(limit + 1);
        return jdbc.sql(sql.toString()).params(params).query(TransactionRepository::map).list();
    }

    /** Rows {@code skip} to {@code skip + limit} of the filtered list, newest first (offset paging). */
    List<CardTransaction> slice(String tenantId, String env, Filter f, int skip, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM transactions");
        List<Object> params = new ArrayList<>();
        where(sql, params, tenantId, env, f);
        sql.append(" ORDER BY seq DESC OFFSET ? ROWS FETCH FIRST ? ROWS ONLY");
        params.add(skip);
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query(TransactionRepository::map).list();
    }

    long count(String tenantId, String env, Filter f) {
        StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM transactions");
        List<Object> params = new ArrayList<>();
        where(sql, params, tenantId, env, f);
        return jdbc.sql(sql.toString()).params(params).query(Long.class).single();
    }

    private static void where(StringBuilder sql, List<Object> params, String tenantId, String env, Filter f) {
        sql.append(" WHERE tenant_id = ? AND env = ?");
        params.add(tenantId);
        params.add(env);
        add(sql, params, " AND card_id = ?", f.cardId());
        add(sql, params, " AND customer_id = ?", f.customerId());
        add(sql, params, " AND type = ?", f.type());
        add(sql, params, " AND status = ?", f.status());
        add(sql, params, " AND created_at >= ?", f.from() == null ? null : Timestamp.from(f.from()));
        add(sql, params, " AND created_at <= ?", f.to() == null ? null : Timestamp.from(f.to()));
        add(sql, params, " AND LOWER(merchant_name) LIKE ?", f.search() == null ? null
                : "%" + f.search().toLowerCase(java.util.Locale.ROOT).replace("%", "").replace("_", "") + "%");
    }

    private static void add(StringBuilder sql, List<Object> params, String clause, Object value) {
        if (value != null) {
            sql.append(clause);
            params.add(value);
        }
    }

    private static CardTransaction map(ResultSet rs, int n) throws SQLException {
        String merchantName = rs.getString(23);
        String mcc = rs.getString(24);
        AuthorizationRequest.Merchant merchant = merchantName == null && mcc == null ? null
                : new AuthorizationRequest.Merchant(merchantName, mcc, rs.getString(25), rs.getString(26),
                        rs.getString(32));
        return new CardTransaction(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getBoolean(9), rs.getString(10), rs.getString(11),
                Currency.valueOf(rs.getString(12)), rs.getLong(13), rs.getString(14), rs.getLong(15), rs.getLong(16),
                rs.getLong(17), rs.getLong(18), rs.getLong(19), rs.getLong(20), rs.getString(21), rs.getString(22),
                merchant, rs.getString(27), rs.getString(28), rs.getString(29), rs.getTimestamp(30).toInstant(),
                rs.getTimestamp(31).toInstant(), rs.getString(33));
    }

    /** One group of authorizations: a UTC day, approved or not, a currency and a decline reason. */
    record ActivityRow(java.time.LocalDate day, boolean approved, String currency, String declineReason, long count,
                       long amountMinor) {
    }

    /** Authorizations (purchases, not captures or refunds) created in [from, to), grouped for the dashboard. */
    java.util.List<ActivityRow> activity(String tenantId, String env, Instant from, Instant to) {
        return jdbc.sql("SELECT CAST(created_at AT TIME ZONE 'UTC' AS DATE), approved, currency, decline_reason, "
                        + "COUNT(*), COALESCE(SUM(amount), 0) FROM transactions WHERE tenant_id = ? AND env = ? "
                        + "AND type = 'authorization' AND created_at >= ? AND created_at < ? GROUP BY 1, 2, 3, 4")
                .params(tenantId, env, java.sql.Timestamp.from(from), java.sql.Timestamp.from(to))
                .query((rs, n) -> new ActivityRow(rs.getObject(1, java.time.LocalDate.class), rs.getBoolean(2),
                        rs.getString(3), rs.getString(4), rs.getLong(5), rs.getLong(6)))
                .list();
    }
}
