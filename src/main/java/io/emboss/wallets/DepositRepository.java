package io.emboss.wallets;

import io.emboss.shared.Currency;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class DepositRepository {
    private static final String COLUMNS = "id, customer_id, target, currency, amount, source_currency, source_amount, "
            + "fee, rate, status, created_at";
    private final JdbcClient jdbc;

    DepositRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(String tenantId, String env, Deposit d) {
        jdbc.sql("INSERT INTO deposits (tenant_id, env, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(tenantId, env, d.id(), d.customerId(), d.target(), d.currency().name(), d.amountMinor(),
                        d.sourceCurrency().name(), d.sourceAmountMinor(), d.feeMinor(), d.rate(), d.status(),
                        Timestamp.from(d.createdAt()))
                .update();
    }

    Optional<Deposit> find(String tenantId, String env, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM deposits WHERE tenant_id = ? AND env = ? AND id = ?")
                .params(tenantId, env, id).query(DepositRepository::map).optional();
    }

    private static Deposit map(ResultSet rs, int n) throws SQLException {
        return new Deposit(rs.getString(1), rs.getString(2), rs.getString(3), Currency.valueOf(rs.getString(4)),
                rs.getLong(5), Currency.valueOf(rs.getString(6)), rs.getLong(7), rs.getLong(8), rs.getString(9),
                rs.getString(10), rs.getTimestamp(11).toInstant());
    }
}
