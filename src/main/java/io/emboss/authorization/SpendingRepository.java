package io.emboss.authorization;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Approved spend per card in the current UTC day and month. */
@Repository
class SpendingRepository {
    /** day as yyyymmdd, month as yyyymm; totals in minor units of the card's currency. */
    record Spending(int day, long dayTotal, int month, long monthTotal) {
        long dayTotalOn(int today) {
            return day == today ? dayTotal : 0;
        }

        long monthTotalIn(int thisMonth) {
            return month == thisMonth ? monthTotal : 0;
        }
    }

    private final JdbcClient jdbc;

    SpendingRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
