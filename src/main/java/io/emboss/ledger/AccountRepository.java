package io.emboss.ledger;

import io.emboss.shared.Currency;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Ledger accounts, their locked counters and the appended deltas of hot accounts. */
@Repository
class AccountRepository {
    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final io.emboss.shared.Bulk bulk;

    AccountRepository(JdbcClient jdbc, JdbcTemplate template, io.emboss.shared.Bulk bulk) {
        this.jdbc = jdbc;
        this.template = template;
        this.bulk = bulk;
    }

    /** Inserts in id order, so two operations creating the same new accounts never deadlock; one batch. */
    void createIfMissing(Collection<AccountKey> keys, Instant now) {
        List<AccountKey> sorted = new ArrayList<>(keys);
        sorted.sort(java.util.Comparator.comparing(AccountKey::accountId));
        List<Object[]> rows = new ArrayList<>();
        for (AccountKey key : sorted) {
            rows.add(new Object[] {key.accountId(), key.tenantId(), key.environment().wire(), key.kind().wire(),
                key.ownerId(), key.currency().name(), key.kind().debitsMustNotExceedCredits(), Timestamp.from(now)});
        }
        template.batchUpdate("""
                INSERT INTO ledger_accounts (id, tenant_id, env, kind, owner_id, currency,
                    debits_must_not_exceed_credits, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", rows);
    }

    /**
     * Locks, among {@code ids}, the accounts whose balance is checked, in id order (so two
     * operations or batches never wait on each other in a cycle), in one statement; the accounts
     * not returned are the unchecked (hot) ones, which are never locked.
     */
    Map<String, LedgerBook.AccountState> lockChecked(List<String> sortedIds) {
        Map<String, LedgerBook.AccountState> out = new HashMap<>();
        if (sortedIds.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                SELECT id, currency, debits_pending, debits_posted, credits_pending, credits_posted,
                       overdraft_limit
                FROM ledger_accounts WHERE id = ANY(?) AND debits_must_not_exceed_credits
                ORDER BY id FOR UPDATE""")
                .param(bulk.idArray(sortedIds))
                .query(rs -> {
                    out.put(rs.getString(1), new LedgerBook.AccountState(rs.getString(1),
                            Currency.valueOf(rs.getString(2)), true, rs.getLong(3), rs.getLong(4),
                            rs.getLong(5), rs.getLong(6), rs.getLong(7)));
                });
        return out;
    }

    /** The new counters of every changed checked account: one statement on PostgreSQL. */
    void writeChecked(Collection<LedgerBook.AccountState> states) {
        List<Object[]> rows = new ArrayList<>();
        for (LedgerBook.AccountState s : states) {
            rows.add(new Object[] {s.id, s.debitsPending, s.debitsPosted, s.creditsPending, s.creditsPosted,
                s.overdraftLimit});
        }
        bulk.update("""
                UPDATE ledger_accounts a SET debits_pending = u.dp, debits_posted = u.dpo, credits_pending = u.cp,
                    credits_posted = u.cpo, overdraft_limit = u.ol
                FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[])
                    AS u(id, dp, dpo, cp, cpo, ol)
                WHERE a.id = u.id""",
                "UPDATE ledger_accounts SET debits_pending = ?, debits_posted = ?, credits_pending = ?, "
                        + "credits_posted = ?, overdraft_limit = ? WHERE id = ?",
                new String[] {"text", "bigint", "bigint", "bigint", "bigint", "bigint"},
                bulk.postgres() ? rows : rows.stream().map(AccountRepository::idLast).toList());
    }

    private static Object[] idLast(Object[] row) {
        return new Object[] {row[1], row[2], row[3], row[4], row[5], row[0]};
    }

    void appendDeltas(Collection<LedgerBook.AccountState> states) {
        List<Object[]> rows = new ArrayList<>();
        for (LedgerBook.AccountState s : states) {
            rows.add(new Object[] {s.id, s.delta[0], s.delta[1], s.delta[2], s.delta[3]});
        }
        if (!rows.isEmpty()) {
            template.batchUpdate("INSERT INTO ledger_account_deltas (account_id, debits_pending, debits_posted, "
                    + "credits_pending, credits_posted) VALUES (?, ?, ?, ?, ?)", rows);
        }
    }

    /** Counters plus not yet rolled-up deltas: the account's true balance. */
    Optional<Balance> balance(String accountId) {
        return jdbc.sql("""
                SELECT a.id, a.currency,
                    a.debits_pending + COALESCE(d.dp, 0), a.debits_posted + COALESCE(d.dpo, 0),
                    a.credits_pending + COALESCE(d.cp, 0), a.credits_posted + COALESCE(d.cpo, 0)
                FROM ledger_accounts a
                LEFT JOIN (SELECT account_id, SUM(debits_pending) dp, SUM(debits_posted) dpo,
                                  SUM(credits_pending) cp, SUM(credits_posted) cpo
                           FROM ledger_account_deltas WHERE account_id = ? GROUP BY account_id) d
                    ON d.account_id = a.id
                WHERE a.id = ?""")
                .params(accountId, accountId)
                .query((rs, n) -> new Balance(rs.getString(1), Currency.valueOf(rs.getString(2)), rs.getLong(3),
                        rs.getLong(4), rs.getLong(5), rs.getLong(6)))
                .optional();
    }

    /** All accounts with their true counters, for verification. */
    List<VerifiedAccount> allWithDeltas() {
        return jdbc.sql("""
                SELECT a.id, a.currency, a.debits_must_not_exceed_credits,
                    a.debits_pending + COALESCE(d.dp, 0), a.debits_posted + COALESCE(d.dpo, 0),
                    a.credits_pending + COALESCE(d.cp, 0), a.credits_posted + COALESCE(d.cpo, 0), a.overdraft_limit
                FROM ledger_accounts a
                LEFT JOIN (SELECT account_id, SUM(debits_pending) dp, SUM(debits_posted) dpo,
                                  SUM(credits_pending) cp, SUM(credits_posted) cpo
                           FROM ledger_account_deltas GROUP BY account_id) d ON d.account_id = a.id
                ORDER BY a.id""")
                .query((rs, n) -> new VerifiedAccount(rs.getString(1), rs.getString(2), rs.getBoolean(3),
                        new long[] {rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7)}, rs.getLong(8)))
                .list();
    }

    record VerifiedAccount(String id, String currency, boolean checked, long[] counters, long overdraftLimit) {
    }

    record DeltaRow(long seq, String accountId, long[] delta) {
    }

    /**
     * Claims the oldest deltas. A concurrent roll-up waits for the rows another one claimed rather
     * than skipping them: skipping could fold a hold's release before the hold itself, taking a
     * pending counter below zero (which the counters' check constraint refuses). Only roll-ups
     * lock delta rows, so the hot path never waits here.
     */
    List<DeltaRow> claimDeltas(int max) {
        return jdbc.sql("""
                SELECT seq, account_id, debits_pending, debits_posted, credits_pending, credits_posted
                FROM ledger_account_deltas ORDER BY seq FETCH FIRST ? ROWS ONLY FOR UPDATE""")
                .param(max)
                .query((rs, n) -> new DeltaRow(rs.getLong(1), rs.getString(2),
                        new long[] {rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)}))
                .list();
    }

    void foldDeltas(Map<String, long[]> sums, List<Long> seqs) {
        List<Object[]> updates = new ArrayList<>();
        for (Map.Entry<String, long[]> e : sums.entrySet()) {
            long[] d = e.getValue();
            updates.add(new Object[] {d[0], d[1], d[2], d[3], e.getKey()});
        }
        template.batchUpdate("UPDATE ledger_accounts SET debits_pending = debits_pending + ?, "
                + "debits_posted = debits_posted + ?, credits_pending = credits_pending + ?, "
                + "credits_posted = credits_posted + ? WHERE id = ?", updates);
        List<Object[]> deletes = seqs.stream().map(s -> new Object[] {s}).toList();
        template.batchUpdate("DELETE FROM ledger_account_deltas WHERE seq = ?", deletes);
    }
}
