package io.emboss.tenancy;

import io.emboss.shared.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class TenantRepository {
    private static final String COLUMNS = "id, name, status, rate_limit_per_hour, kyc_delegated, created_at, updated_at";
    private final JdbcClient jdbc;

    TenantRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Tenant t) {
        jdbc.sql("INSERT INTO tenants (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(t.id(), t.name(), t.status(), t.rateLimitPerHour(), t.kycDelegated(), Timestamp.from(t.createdAt()),
                        Timestamp.from(t.updatedAt()))
                .update();
    }

    void update(Tenant t) {
        jdbc.sql("UPDATE tenants SET name = ?, status = ?, rate_limit_per_hour = ?, kyc_delegated = ?, updated_at = ? "
                + "WHERE id = ?")
                .params(t.name(), t.status(), t.rateLimitPerHour(), t.kycDelegated(), Timestamp.from(t.updatedAt()),
                        t.id())
                .update();
    }

    Optional<Tenant> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM tenants WHERE id = ?").param(id).query(TenantRepository::map)
                .optional();
    }

    long count() {
        return jdbc.sql("SELECT COUNT(*) FROM tenants").query(Long.class).single();
    }

    List<Tenant> page(PageRequest page, Long beforeSeq) {
        // the cursor clause only when there is a cursor: PostgreSQL cannot type a bare "? IS NULL"
        if (beforeSeq == null) {
            return jdbc.sql("SELECT " + COLUMNS + " FROM tenants ORDER BY seq DESC FETCH FIRST ? ROWS ONLY")
                    .params(page.limit() + 1)
                    .query(TenantRepository::map).list();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM tenants WHERE seq < ? ORDER BY seq DESC FETCH FIRST ? ROWS ONLY")
                .params(beforeSeq, page.limit() + 1)
                .query(TenantRepository::map).list();
    }

    Optional<Long> seqOf(String id) {
        return jdbc.sql("SELECT seq FROM tenants WHERE id = ?").param(id).query(Long.class).optional();
    }

    private static Tenant map(ResultSet rs, int n) throws SQLException {
        return new Tenant(rs.getString(1), rs.getString(2), rs.getString(3), (Integer) rs.getObject(4),
                rs.getBoolean(5), rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant());
    }
}
