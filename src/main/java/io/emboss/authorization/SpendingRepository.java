package io.emboss.authorization;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Approved spend per card in the current UTC day and month. */
@Repository
class SpendingRepository {
    /**
     * day as yyyymmdd, month as yyyymm; totals in minor units of the card's currency; {@code velocity}
     * the windows of the velocity rules that count this card (or customer), null when none does.
     */
    record Spending(int day, long dayTotal, int month, long monthTotal, String velocity) {
        Spending(int day, long dayTotal, int month, long monthTotal) {
            this(day, dayTotal, month, monthTotal, null);
        }

        Spending withVelocity(String state) {
            return new Spending(day, dayTotal, month, monthTotal, state);
        }

        long dayTotalOn(int today) {
            return day == today ? dayTotal : 0;
        }

        long monthTotalIn(int thisMonth) {
            return month == thisMonth ? monthTotal : 0;
        }
    }

    private final JdbcClient jdbc;
    private final org.springframework.jdbc.core.JdbcTemplate template;
    private final io.emboss.shared.Bulk bulk;

    SpendingRepository(JdbcClient jdbc, org.springframework.jdbc.core.JdbcTemplate template,
            io.emboss.shared.Bulk bulk) {
        this.jdbc = jdbc;
        this.template = template;
        this.bulk = bulk;
    }

    /** Creates the rows of cards that never spent (one batch); an existing row is left alone. */
    void createIfMissing(java.util.Collection<String> sortedCardIds, int today, int thisMonth) {
        template.batchUpdate("INSERT INTO card_spending (card_id, spend_day, day_total, spend_month, month_total) "
                + "VALUES (?, ?, 0, ?, 0) ON CONFLICT DO NOTHING", sortedCardIds.stream()
                .map(id -> new Object[] {id, today, thisMonth}).toList());
    }

    /** Locks the cards' rows in card id order, in one statement. */
    java.util.Map<String, Spending> lockAll(java.util.List<String> sortedCardIds) {
        java.util.Map<String, Spending> out = new java.util.HashMap<>();
        jdbc.sql("SELECT card_id, spend_day, day_total, spend_month, month_total, velocity FROM card_spending "
                        + "WHERE card_id = ANY(?) ORDER BY card_id FOR UPDATE")
                .param(bulk.idArray(sortedCardIds))
                .query(rs -> {
                    out.put(rs.getString(1), new Spending(rs.getInt(2), rs.getLong(3), rs.getInt(4), rs.getLong(5),
                            rs.getString(6)));
                });
        return out;
    }

    /** The new totals of many cards: one statement on PostgreSQL. */
    void saveAll(java.util.Map<String, Spending> byCard) {
        java.util.List<Object[]> rows = new java.util.ArrayList<>();
        byCard.forEach((cardId, s) -> {
            if (s.dayTotal() < 0 || s.monthTotal() < 0) {
                throw new IllegalStateException("spending totals are never negative");
            }
            rows.add(bulk.postgres() ? new Object[] {cardId, s.day(), s.dayTotal(), s.month(), s.monthTotal(),
                s.velocity()} : new Object[] {s.day(), s.dayTotal(), s.month(), s.monthTotal(), s.velocity(), cardId});
        });
        bulk.update("""
                UPDATE card_spending c SET spend_day = u.d, day_total = u.dt, spend_month = u.m, month_total = u.mt,
                velocity = u.v
                FROM unnest(?::text[], ?::int[], ?::bigint[], ?::int[], ?::bigint[], ?::text[])
                AS u(id, d, dt, m, mt, v) WHERE c.card_id = u.id""",
                "UPDATE card_spending SET spend_day = ?, day_total = ?, spend_month = ?, month_total = ?, velocity = ? "
                        + "WHERE card_id = ?",
                new String[] {"text", "int", "bigint", "int", "bigint", "text"}, rows);
    }

    /**
     * Locks the card's spending row (creating it on the card's first spend), which serializes its
     * authorizations' limit checks. The row exists for every card that spent before, so the lock is
     * tried first: one statement inside the card's lock instead of two.
     */
    Spending lock(String cardId, int today, int thisMonth) {
        java.util.Optional<Spending> locked = lockExisting(cardId);
        if (locked.isPresent()) {
            return locked.get();
        }
        jdbc.sql("INSERT INTO card_spending (card_id, spend_day, day_total, spend_month, month_total) VALUES (?, ?, 0, ?, 0) "
                        + "ON CONFLICT DO NOTHING")
                .params(cardId, today, thisMonth).update();
        return lockExisting(cardId).orElseThrow();
    }

    private java.util.Optional<Spending> lockExisting(String cardId) {
        return jdbc.sql("SELECT spend_day, day_total, spend_month, month_total FROM card_spending WHERE card_id = ? FOR UPDATE")
                .param(cardId)
                .query(SpendingRepository::map)
                .optional();
    }

    /** The card's spending row without locking it (a check ahead of the locked one); empty before any spend. */
    java.util.Optional<Spending> find(String cardId) {
        return jdbc.sql("SELECT spend_day, day_total, spend_month, month_total FROM card_spending WHERE card_id = ?")
                .param(cardId)
                .query(SpendingRepository::map)
                .optional();
    }

    private static Spending map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Spending(rs.getInt(1), rs.getLong(2), rs.getInt(3), rs.getLong(4));
    }

    void save(String cardId, int day, long dayTotal, int month, long monthTotal) {
        if (dayTotal < 0 || monthTotal < 0) {
            throw new IllegalStateException("spending totals are never negative");
        }
        jdbc.sql("UPDATE card_spending SET spend_day = ?, day_total = ?, spend_month = ?, month_total = ? WHERE card_id = ?")
                .params(day, dayTotal, month, monthTotal, cardId).update();
    }
}
