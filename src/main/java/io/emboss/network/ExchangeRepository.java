package io.emboss.network;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The network's requests and Emboss's answers (table iso8583_messages). */
@Repository
class ExchangeRepository {
    private static final String COLUMNS = "acquirer_id, stan, transmitted, mti, rrn, amount_minor, currency_numeric, "
            + "pan_last4, response_code, auth_code, outcome, tenant_id, env, card_id, authorization_id, transaction_id, "
            + "original_mti, original_stan, original_transmitted, original_acquirer, actual_amount_minor, created_at";
    /** The outcome of a reversal recorded before its original had an answer. */
    static final String ORIGINAL_PENDING = "original_pending";
    private final JdbcClient jdbc;
    private final org.springframework.transaction.support.TransactionTemplate tx;
    private final io.emboss.shared.Bulk bulk;
    private final boolean postgres;

    ExchangeRepository(JdbcClient jdbc, org.springframework.transaction.support.TransactionTemplate tx,
            io.emboss.shared.Bulk bulk,
            @org.springframework.beans.factory.annotation.Value("${spring.datasource.url}") String dbUrl) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.bulk = bulk;
        this.postgres = io.emboss.shared.EmbeddedMode.isPostgres(dbUrl);
    }

    /**
     * Runs a claim or an answer of a message that is not part of a money movement's transaction in a
     * transaction of its own that does not wait for its commit to reach the disk. Waiting made every
     * 0100 pay three disk flushes instead of one, and it is not needed: the claim is flushed by the
     * hold's own (synchronous) commit, which comes after it in the log; an answer lost in a crash in
     * the next few hundred milliseconds leaves an unanswered claim, handled like an original that
     * died in progress (docs/iso8583.md). Inside a transaction the statement simply joins it.
     */
    private <T> T unflushed(java.util.function.Supplier<T> work) {
        if (!postgres || org.springframework.transaction.support.TransactionSynchronizationManager
                .isActualTransactionActive()) {
            return work.get();
        }
        return tx.execute(s -> {
            jdbc.sql("SET LOCAL synchronous_commit TO OFF").update();
            return work.get();
        });
    }

    /** Records a request before it is processed; false when its key is already there (a retransmission). */
    boolean claim(Exchange e, Instant now) {
        Exchange.Key o = e.original();
        try {
            unflushed(() -> jdbc.sql("INSERT INTO iso8583_messages (acquirer_id, stan, transmitted, mti, rrn, amount_minor, "
                            + "currency_numeric, pan_last4, original_mti, original_stan, original_transmitted, "
                            + "original_acquirer, actual_amount_minor, created_at, updated_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(e.key().acquirerId(), e.key().stan(), e.key().transmitted(), e.key().mti(), e.rrn(),
                            e.amountMinor(), e.currencyNumeric(), e.panLast4(), o == null ? null : o.mti(),
                            o == null ? null : o.stan(), o == null ? null : o.transmitted(),
                            o == null ? null : o.acquirerId(), e.actualAmountMinor(), Timestamp.from(now),
                            Timestamp.from(now))
                    .update());
            return true;
        } catch (DuplicateKeyException duplicate) {
            return false;
        }
    }

    void answer(Exchange.Key key, Exchange.Answer a, Instant now) {
        update(key, a, now, "");
    }

    /**
     * Stores the answer unless a reversal came while the message was processed; false then (the
     * caller stores it with {@link #answer} and carries the reversal out).
     */
    boolean answerUnlessReversed(Exchange.Key key, Exchange.Answer a, Instant now) {
        return update(key, a, now, " AND reversal_pending IS NULL") > 0;
    }

    /**
     * {@link #answerUnlessReversed} for many messages with one statement, in the current
     * transaction (a money batch's); tells per message, in order, whether its answer was stored.
     */
    java.util.List<Boolean> answerAllUnlessReversed(java.util.List<Exchange.Key> keys,
            java.util.List<Exchange.Answer> answers, Instant now) {
        if (!bulk.postgres()) {
            java.util.List<Boolean> stored = new java.util.ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                stored.add(answerUnlessReversed(keys.get(i), answers.get(i), now));
            }
            return stored;
        }
        java.util.List<Object[]> rows = new java.util.ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            Exchange.Key k = keys.get(i);
            Exchange.Answer a = answers.get(i);
            rows.add(new Object[] {k.acquirerId(), k.stan(), k.transmitted(), k.mti(), a.code().code, a.authCode(),
                    a.outcome(), a.tenantId(), a.environment(), a.cardId(), a.authorizationId(), a.transactionId()});
        }
        String[] types = new String[12];
        java.util.Arrays.fill(types, "text");
        return bulk.eachAffected("""
                UPDATE iso8583_messages m SET response_code = u.rc, auth_code = u.ac, outcome = u.o, tenant_id = u.t,
                    env = u.e, card_id = u.c, authorization_id = u.au, transaction_id = u.tx, updated_at = CURRENT_TIMESTAMP
                FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                            ?::text[], ?::text[], ?::text[], ?::text[])
                    AS u(aq, st, tr, mti, rc, ac, o, t, e, c, au, tx)
                WHERE m.acquirer_id = u.aq AND m.stan = u.st AND m.transmitted = u.tr AND m.mti = u.mti
                  AND m.reversal_pending IS NULL
                RETURNING m.acquirer_id, m.stan, m.transmitted, m.mti""", null, types, rows, 4);
    }

    /** Forgets a claim that got no answer to keep, so that the message sent again is processed afresh. */
    void release(Exchange.Key key) {
        jdbc.sql("DELETE FROM iso8583_messages WHERE acquirer_id = ? AND stan = ? AND transmitted = ? AND mti = ? "
                        + "AND response_code IS NULL")
                .params(key.acquirerId(), key.stan(), key.transmitted(), key.mti()).update();
    }

    /** Notes on an unanswered original that a reversal of it is waiting for its answer. */
    void markReversalPending(Exchange.Key original) {
        jdbc.sql("UPDATE iso8583_messages SET reversal_pending = TRUE "
                        + "WHERE acquirer_id = ? AND stan = ? AND transmitted = ? AND mti = ?")
                .params(original.acquirerId(), original.stan(), original.transmitted(), original.mti()).update();
    }

    /** The reversals of {@code original} recorded while it was in progress, oldest first. */
    java.util.List<Exchange> pendingReversals(Exchange.Key original) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM iso8583_messages WHERE original_acquirer = ? AND original_stan = ? "
                        + "AND original_transmitted = ? AND original_mti = ? AND mti IN ('0400', '0420') "
                        + "AND outcome = ? ORDER BY created_at")
                .params(original.acquirerId(), original.stan(), original.transmitted(), original.mti(),
                        ORIGINAL_PENDING)
                .query(ExchangeRepository::map).list();
    }

    private int update(Exchange.Key key, Exchange.Answer a, Instant now, String condition) {
        return unflushed(() -> jdbc.sql("UPDATE iso8583_messages SET response_code = ?, auth_code = ?, outcome = ?, tenant_id = ?, env = ?, "
                        + "card_id = ?, authorization_id = ?, transaction_id = ?, updated_at = ? "
                        + "WHERE acquirer_id = ? AND stan = ? AND transmitted = ? AND mti = ?" + condition)
                .params(a.code().code, a.authCode(), a.outcome(), a.tenantId(), a.environment(), a.cardId(),
                        a.authorizationId(), a.transactionId(), Timestamp.from(now), key.acquirerId(), key.stan(),
                        key.transmitted(), key.mti())
                .update());
    }

    Optional<Exchange> find(Exchange.Key key) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM iso8583_messages "
                        + "WHERE acquirer_id = ? AND stan = ? AND transmitted = ? AND mti = ?")
                .params(key.acquirerId(), key.stan(), key.transmitted(), key.mti())
                .query(ExchangeRepository::map).optional();
    }

    /**
     * The message with this key, its row locked until the transaction ends: the follow-ups of one
     * original (reversals, completions) then take turns, each seeing what the one before it did.
     */
    Optional<Exchange> lock(Exchange.Key key) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM iso8583_messages "
                        + "WHERE acquirer_id = ? AND stan = ? AND transmitted = ? AND mti = ? FOR UPDATE")
                .params(key.acquirerId(), key.stan(), key.transmitted(), key.mti())
                .query(ExchangeRepository::map).optional();
    }

    /**
     * The newest approved spend (0100, 0120, 0200, or a 0220 other than {@code self}) of self's acquirer
     * with this retrieval reference number: what a completion without field 90 completes.
     */
    Optional<Exchange> findSpendByRrn(Exchange.Key self, String rrn) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM iso8583_messages WHERE acquirer_id = ? AND rrn = ? "
                        + "AND mti IN ('0100', '0120', '0200', '0220') AND response_code = '00' "
                        + "AND NOT (stan = ? AND transmitted = ? AND mti = ?) ORDER BY created_at DESC LIMIT 1")
                .params(self.acquirerId(), rrn, self.stan(), self.transmitted(), self.mti())
                .query(ExchangeRepository::map).list().stream().findFirst();
    }

    /** Whether a reversal of this original already moved money (a second reversal must not). */
    boolean reversedAlready(Exchange.Key original) {
        return jdbc.sql("SELECT COUNT(*) FROM iso8583_messages WHERE original_acquirer = ? AND original_stan = ? "
                        + "AND original_transmitted = ? AND original_mti = ? AND mti IN ('0400', '0420') "
                        + "AND outcome IN ('reversed', 'refunded')")
                .params(original.acquirerId(), original.stan(), original.transmitted(), original.mti())
                .query(Long.class).single() > 0;
    }

    int purgeOlderThan(Instant cutoff) {
        return jdbc.sql("DELETE FROM iso8583_messages WHERE created_at < ?").param(Timestamp.from(cutoff)).update();
    }

    private static Exchange map(ResultSet rs, int n) throws SQLException {
        String code = rs.getString(9);
        String originalMti = rs.getString(17);
        long amount = rs.getLong(6);
        Long amountMinor = rs.wasNull() ? null : amount;
        Number actual = (Number) rs.getObject(21);
        return new Exchange(new Exchange.Key(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)),
                rs.getString(5), amountMinor, rs.getString(7), rs.getString(8),
                code == null ? null : new Exchange.Answer(ResponseCode.fromCode(code), rs.getString(10),
                        rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15),
                        rs.getString(16)),
                originalMti == null ? null : new Exchange.Key(rs.getString(20), rs.getString(18), rs.getString(19),
                        originalMti),
                actual == null ? null : actual.longValue(), rs.getTimestamp(22).toInstant());
    }
}
