package io.emboss.ledger;

import io.emboss.shared.Currency;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The immutable transfer log. */
@Repository
class TransferRepository {
    private static final String COLUMNS = "id, debit_account_id, credit_account_id, amount, currency, kind, phase, "
            + "pending_id, void_reason, timeout_at, reference, created_at";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    TransferRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /** A transfer with the tenant and environment whose ledger it is part of. */
    record Owned(String tenantId, String env, Transfer transfer) {
    }

    void insertAll(String tenantId, String env, List<Transfer> transfers) {
        insertAll(transfers.stream().map(t -> new Owned(tenantId, env, t)).toList());
    }

    /** One JDBC batch, which the PostgreSQL driver rewrites into multi-row inserts. */
    void insertAll(List<Owned> transfers) {
        List<Object[]> rows = new ArrayList<>();
        for (Owned o : transfers) {
            Transfer t = o.transfer();
            rows.add(new Object[] {t.id(), o.tenantId(), o.env(), t.debitAccountId(), t.creditAccountId(),
                t.amountMinor(), t.currency().name(), t.kind(), t.phase().wire(), t.pendingId(), t.voidReason(),
                t.timeoutAt() == null ? null : Timestamp.from(t.timeoutAt()), t.reference(),
                Timestamp.from(t.createdAt())});
        }
        template.batchUpdate("INSERT INTO ledger_transfers (id, tenant_id, env, debit_account_id, credit_account_id, "
                + "amount, currency, kind, phase, pending_id, void_reason, timeout_at, reference, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
    }

    /** A locked pending transfer and whose it is. */
    record LockedPending(LedgerBook.PendingTransfer pending, String tenantId, String env) {
    }

    /**
     * Locks pending transfers in id order in one statement, so that only one operation resolves
     * each. Whether one is already resolved is read after the lock is held, in a statement of its
     * own: a resolution committed by the holder we waited for is visible to it.
     */
    Map<String, LockedPending> lockPendings(List<String> sortedIds) {
        Map<String, LockedPending> out = new java.util.LinkedHashMap<>();
        if (sortedIds.isEmpty()) {
            return out;
        }
        List<Object[]> locked = jdbc.sql("SELECT " + COLUMNS + ", tenant_id, env FROM ledger_transfers "
                        + "WHERE id = ANY(?) AND phase = 'pending' ORDER BY id FOR UPDATE")
                .param(sortedIds.toArray(new String[0]))
                .query((rs, n) -> new Object[] {map(rs, n), rs.getString(13), rs.getString(14)})
                .list();
        java.util.Set<String> resolved = new java.util.HashSet<>(jdbc.sql(
                        "SELECT pending_id FROM ledger_transfers WHERE pending_id = ANY(?)")
                .param(sortedIds.toArray(new String[0])).query(String.class).list());
        for (Object[] row : locked) {
            Transfer t = (Transfer) row[0];
            out.put(t.id(), new LockedPending(new LedgerBook.PendingTransfer(t.id(), t.debitAccountId(),
                    t.creditAccountId(), t.amountMinor(), t.currency(), t.kind(), t.timeoutAt(),
                    resolved.contains(t.id())), (String) row[1], (String) row[2]));
        }
        return out;
    }

    /** Locks a pending transfer so that only one operation resolves it. */
    Optional<LedgerBook.PendingTransfer> lockPending(String id) {
        return Optional.ofNullable(lockPendings(List.of(id)).get(id)).map(LockedPending::pending);
    }

    Optional<Transfer> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM ledger_transfers WHERE id = ?")
                .param(id).query(TransferRepository::map).optional();
    }

    List<Transfer> byReference(String reference) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM ledger_transfers WHERE reference = ? ORDER BY seq")
                .param(reference).query(TransferRepository::map).list();
    }

    /** Money that moved in or out of an account (posted and post_pending), newest first. */
    List<Transfer> movements(String accountId, int limit, Long beforeSeq) {
        String cursor = beforeSeq == null ? "" : " AND seq < " + beforeSeq.longValue();
        return jdbc.sql("SELECT " + COLUMNS + " FROM ledger_transfers WHERE (debit_account_id = ? OR credit_account_id = ?) "
                        + "AND phase IN ('posted', 'post_pending') AND amount > 0" + cursor
                        + " ORDER BY seq DESC FETCH FIRST ? ROWS ONLY")
                .params(accountId, accountId, limit + 1).query(TransferRepository::map).list();
    }

    Optional<Long> seqOf(String id) {
        return jdbc.sql("SELECT seq FROM ledger_transfers WHERE id = ?").param(id).query(Long.class).optional();
    }

    /** Pending transfers whose timeout has passed and that nothing resolved yet. */
    List<String> expiredPendingIds(Instant now, int max) {
        return jdbc.sql("""
                SELECT t.id FROM ledger_transfers t
                WHERE t.phase = 'pending' AND t.timeout_at IS NOT NULL AND t.timeout_at <= ?
                  AND NOT EXISTS (SELECT 1 FROM ledger_transfers r WHERE r.pending_id = t.id)
                ORDER BY t.timeout_at FETCH FIRST ? ROWS ONLY""")
                .params(Timestamp.from(now), max)
                .query(String.class).list();
    }

    /**
     * What each account's counters must be, computed from the transfer log alone: index 0..3 are
     * debits pending, debits posted, credits pending, credits posted.
     */
    Map<String, long[]> expectedCounters() {
        Map<String, long[]> out = new HashMap<>();
        accumulate(out, """
                SELECT debit_account_id, SUM(amount) FROM ledger_transfers t WHERE phase = 'pending'
                  AND NOT EXISTS (SELECT 1 FROM ledger_transfers r WHERE r.pending_id = t.id)
                GROUP BY debit_account_id""", 0);
        accumulate(out, "SELECT debit_account_id, SUM(amount) FROM ledger_transfers "
                + "WHERE phase IN ('posted', 'post_pending') GROUP BY debit_account_id", 1);
        accumulate(out, """
                SELECT credit_account_id, SUM(amount) FROM ledger_transfers t WHERE phase = 'pending'
                  AND NOT EXISTS (SELECT 1 FROM ledger_transfers r WHERE r.pending_id = t.id)
                GROUP BY credit_account_id""", 2);
        accumulate(out, "SELECT credit_account_id, SUM(amount) FROM ledger_transfers "
                + "WHERE phase IN ('posted', 'post_pending') GROUP BY credit_account_id", 3);
        return out;
    }

    private void accumulate(Map<String, long[]> out, String sql, int index) {
        jdbc.sql(sql).query(rs -> {
            out.computeIfAbsent(rs.getString(1), k -> new long[4])[index] = rs.getLong(2);
        });
    }

    long count() {
        return jdbc.sql("SELECT COUNT(*) FROM ledger_transfers").query(Long.class).single();
    }

    long unresolvedPendingCount() {
        return jdbc.sql("""
                SELECT COUNT(*) FROM ledger_transfers t WHERE phase = 'pending'
                  AND NOT EXISTS (SELECT 1 FROM ledger_transfers r WHERE r.pending_id = t.id)""")
                .query(Long.class).single();
    }

    /** Transfers whose currency differs from one of their accounts', or resolutions that disagree with their hold. */
    List<String> structuralProblems() {
        List<String> problems = new ArrayList<>();
        jdbc.sql("""
                SELECT t.id FROM ledger_transfers t
                JOIN ledger_accounts d ON d.id = t.debit_account_id
                JOIN ledger_accounts c ON c.id = t.credit_account_id
                WHERE d.currency <> t.currency OR c.currency <> t.currency""")
                .query(rs -> {
                    problems.add("transfer " + rs.getString(1) + " currency differs from its accounts");
                });
        jdbc.sql("""
                SELECT r.id FROM ledger_transfers r JOIN ledger_transfers p ON p.id = r.pending_id
                WHERE p.phase <> 'pending' OR r.debit_account_id <> p.debit_account_id
                   OR r.credit_account_id <> p.credit_account_id
                   OR (r.phase = 'post_pending' AND r.amount > p.amount)
                   OR (r.phase = 'void_pending' AND r.amount <> p.amount)
                   OR r.phase NOT IN ('post_pending', 'void_pending')""")
                .query(rs -> {
                    problems.add("resolution " + rs.getString(1) + " disagrees with its pending transfer");
                });
        return problems;
    }

    private static Transfer map(ResultSet rs, int n) throws SQLException {
        Timestamp timeout = rs.getTimestamp(10);
        return new Transfer(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                Currency.valueOf(rs.getString(5)), rs.getString(6), Transfer.Phase.fromWire(rs.getString(7)),
                rs.getString(8), rs.getString(9), timeout == null ? null : timeout.toInstant(), rs.getString(11),
                rs.getTimestamp(12).toInstant());
    }
}
