package io.emboss.authorization;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class OtpRepository {
    private static final String COLUMNS = "id, tenant_id, env, card_id, authorization_id, code, status, attempts, amount, "
            + "currency, merchant_name, merchant_mcc, merchant_city, merchant_country, network_reference, expires_at, "
            + "created_at, merchant_id";
    private final JdbcClient jdbc;

    OtpRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Otp o) {
        AuthorizationRequest.Merchant m = o.merchant();
        jdbc.sql("INSERT INTO otps (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(o.id(), o.tenantId(), o.environment(), o.cardId(), o.authorizationId(), o.code(), o.status(),
                        o.attempts(), o.amountMinor(), o.currency(), m == null ? null : m.name(),
                        m == null ? null : m.mcc(), m == null ? null : m.city(), m == null ? null : m.country(),
                        o.networkReference(), Timestamp.from(o.expiresAt()), Timestamp.from(o.createdAt()),
                        m == null ? null : m.id())
                .update();
    }

    Optional<Otp> lock(String tenantId, String env, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM otps WHERE tenant_id = ? AND env = ? AND id = ? FOR UPDATE")
                .params(tenantId, env, id).query(OtpRepository::map).optional();
    }

    void update(String id, String status, int attempts) {
        jdbc.sql("UPDATE otps SET status = ?, attempts = ? WHERE id = ?").params(status, attempts, id).update();
    }

    List<Otp> activeOfCard(String tenantId, String env, String cardId, Instant now) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM otps WHERE tenant_id = ? AND env = ? AND card_id = ? "
                        + "AND status = 'pending' AND expires_at > ? ORDER BY seq DESC")
                .params(tenantId, env, cardId, Timestamp.from(now)).query(OtpRepository::map).list();
    }

    private static Otp map(ResultSet rs, int n) throws SQLException {
        String name = rs.getString(11);
        String mcc = rs.getString(12);
        return new Otp(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getInt(8), rs.getLong(9), rs.getString(10),
                name == null && mcc == null ? null
                        : new AuthorizationRequest.Merchant(name, mcc, rs.getString(13), rs.getString(14),
                                rs.getString(18)),
                rs.getString(15), rs.getTimestamp(16).toInstant(), rs.getTimestamp(17).toInstant());
    }
}
