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

    /** Locks the card's spending row (creating it), which serializes its authorizations' limit checks. */
    Spending lock(String cardId, int today, int thisMonth) {
        jdbc.sql("INSERT INTO card_spending (card_id, spend_day, day_total, spend_month, month_total) VALUES (?, ?, 0, ?, 0) "
                        + "ON CONFLICT DO NOTHING")
                .params(cardId, today, thisMonth).update();
        return jdbc.sql("SELECT spend_day, day_total, spend_month, month_total FROM card_spending WHERE card_id = ? FOR UPDATE")
                .param(cardId)
                .query((rs, n) -> new Spending(rs.getInt(1), rs.getLong(2), rs.getInt(3), rs.getLong(4)))
                .single();
    }

    /** The card's spending row without locking it (a check ahead of the locked one); empty before any spend. */
    java.util.Optional<Spending> find(String cardId) {
        return jdbc.sql("SELECT spend_day, day_total, spend_month, month_total FROM card_spending WHERE card_id = ?")
                .param(cardId)
                .query((rs, n) -> new Spending(rs.getInt(1), rs.getLong(2), rs.getInt(3), rs.getLong(4)))
                .optional();
    }

    void save(String cardId, int day, long dayTotal, int month, long monthTotal) {
        if (dayTotal < 0 || monthTotal < 0) {
            throw new IllegalStateException("spending totals are never negative");
        }
        jdbc.sql("UPDATE card_spending SET spend_day = ?, day_total = ?, spend_month = ?, month_total = ? WHERE card_id = ?")
                .params(day, dayTotal, month, monthTotal, cardId).update();
    }
}
