package io.emboss.disputes;

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

/** Disputes; a change of one dispute happens under its row lock. */
@Repository
class DisputeRepository {
    private static final String COLUMNS = "id, tenant_id, env, transaction_id, card_id, status, reason, currency, "
            + "amount_minor, explanation, evidence, provisional_credit_minor, recovered_minor, network_deadline, "
            + "created_at, updated_at, submitted_at, resolved_at";

    /** Filters of the list; null means any. */
    record Filter(Dispute.Status status, String transactionId, String cardId, Dispute.Reason reason, Instant from,
                  Instant to) {
    }

    private final JdbcClient jdbc;

    DisputeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Dispute d) {
        jdbc.sql("INSERT INTO disputes (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(d.id(), d.tenantId(), d.environment(), d.transactionId(), d.cardId(), d.status().name(),
                        d.reason().name(), d.currency().name(), d.amountMinor(), d.explanation(), d.evidence(),
                        d.provisionalCreditMinor(), d.recoveredMinor(), ts(d.networkDeadline()), ts(d.createdAt()),
                        ts(d.updatedAt()), ts(d.submittedAt()), ts(d.resolvedAt()))
                .update();
    }

    /** Writes what may change of a dispute locked by this transaction; {@code from} is the status it was read in. */
    void update(Dispute d, Dispute.Status from) {
        int updated = jdbc.sql("UPDATE disputes SET status = ?, reason = ?, amount_minor = ?, explanation = ?, "
                        + "evidence = ?, provisional_credit_minor = ?, recovered_minor = ?, updated_at = ?, "
                        + "submitted_at = ?, resolved_at = ? WHERE id = ? AND status = ?")
                .params(d.status().name(), d.reason().name(), d.amountMinor(), d.explanation(), d.evidence(),
                        d.provisionalCreditMinor(), d.recoveredMinor(), ts(d.updatedAt()), ts(d.submittedAt()),
                        ts(d.resolvedAt()), d.id(), from.name())
                .update();
        // the row is locked and was read in that status: anything else is a bug (a dispute is resolved once)
        if (updated != 1) {
            throw new IllegalStateException("dispute " + d.id() + " was not in status " + from + " under its lock");
        }
    }

    Optional<Dispute> find(String tenantId, String env, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM disputes WHERE id = ? AND tenant_id = ? AND env = ?")
                .params(id, tenantId, env).query(DisputeRepository::map).optional();
    }

    /** Locks the dispute row until the caller's transaction ends: its changes take turns. */
    Optional<Dispute> lock(String tenantId, String env, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM disputes WHERE id = ? AND tenant_id = ? AND env = ? FOR UPDATE")
                .params(id, tenantId, env).query(DisputeRepository::map).optional();
    }

    /**
     * Locks every dispute of the transaction, oldest first: creating a dispute and resolving one both
     * count what the others claim, so they take turns per transaction.
     */
    List<Dispute> lockAllOf(String tenantId, String env, String transactionId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM disputes WHERE transaction_id = ? AND tenant_id = ? AND env = ? "
                        + "ORDER BY seq FOR UPDATE")
                .params(transactionId, tenantId, env).query(DisputeRepository::map).list();
    }

    /** Takes the transaction's claim lock (see V35): creations, changes and submissions of its disputes take turns. */
    void lockClaims(String transactionId) {
        jdbc.sql("INSERT INTO dispute_claims (transaction_id) VALUES (?) ON CONFLICT DO NOTHING").param(transactionId)
                .update();
        jdbc.sql("SELECT transaction_id FROM dispute_claims WHERE transaction_id = ? FOR UPDATE").param(transactionId)
                .query(String.class).single();
    }

    /** The transaction's submitted disputes, locked, oldest first (a clearing record resolves one of them). */
    List<Dispute> lockSubmitted(String tenantId, String env, String transactionId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM disputes WHERE transaction_id = ? AND tenant_id = ? AND env = ? "
                        + "AND status = 'SUBMITTED' ORDER BY seq FOR UPDATE")
                .params(transactionId, tenantId, env).query(DisputeRepository::map).list();
    }

    Optional<Long> seqOf(String tenantId, String env, String id) {
        return jdbc.sql("SELECT seq FROM disputes WHERE id = ? AND tenant_id = ? AND env = ?")
                .params(id, tenantId, env).query(Long.class).optional();
    }

    /** A page, newest first: up to {@code limit} + 1 rows below {@code before} (a seq) when given. */
    List<Dispute> page(String tenantId, String env, Filter f, int limit, Long before) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM disputes WHERE tenant_id = ? AND env = ?");
        List<Object> params = new ArrayList<>(List.of(tenantId, env));
        add(sql, params, " AND status = ?", f.status() == null ? null : f.status().name());
        add(sql, params, " AND transaction_id = ?", f.transactionId());
        add(sql, params, " AND card_id = ?", f.cardId());
        add(sql, params, " AND reason = ?", f.reason() == null ? null : f.reason().name());
        add(sql, params, " AND created_at >= ?", ts(f.from()));
        add(sql, params, " AND created_at < ?", ts(f.to()));
        add(sql, params, " AND seq < ?", before);
        sql.append(" ORDER BY seq DESC FETCH FIRST ? ROWS ONLY");
        params.add(limit + 1);
        return jdbc.sql(sql.toString()).params(params).query(DisputeRepository::map).list();
    }

    private static void add(StringBuilder sql, List<Object> params, String condition, Object value) {
        if (value != null) {
            sql.append(condition);
            params.add(value);
        }
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static Dispute map(ResultSet rs, int n) throws SQLException {
        return new Dispute(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                Dispute.Status.valueOf(rs.getString(6)), Dispute.Reason.valueOf(rs.getString(7)),
                Currency.valueOf(rs.getString(8)), rs.getLong(9), rs.getString(10), rs.getString(11),
                nullableLong(rs, 12), nullableLong(rs, 13), instant(rs, 14), instant(rs, 15), instant(rs, 16),
                instant(rs, 17), instant(rs, 18));
    }
}
