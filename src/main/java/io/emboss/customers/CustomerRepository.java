package io.emboss.customers;

import io.emboss.shared.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class CustomerRepository {
    private static final String COLUMNS = "id, tenant_id, env, name, email, phone, external_id, kyc_status, "
            + "kyc_reason, created_at, updated_at";
    private final JdbcClient jdbc;

    CustomerRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** False when the tenant already has a customer with this email in this environment. */
    boolean insert(Customer c) {
        return jdbc.sql("INSERT INTO customers (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT DO NOTHING")
                .params(c.id(), c.tenantId(), c.environment(), c.name(), c.email(), c.phone(), c.externalId(),
                        c.kycStatus().wire(), c.kycReason(), Timestamp.from(c.createdAt()),
                        Timestamp.from(c.updatedAt()))
                .update() == 1;
    }

    Optional<Customer> find(String tenantId, String env, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM customers WHERE tenant_id = ? AND env = ? AND id = ?")
                .params(tenantId, env, id).query(CustomerRepository::map).optional();
    }

    Optional<Customer> findAnyTenant(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM customers WHERE id = ?")
                .param(id).query(CustomerRepository::map).optional();
    }

    Optional<Customer> lock(String tenantId, String env, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM customers WHERE tenant_id = ? AND env = ? AND id = ? FOR UPDATE")
                .params(tenantId, env, id).query(CustomerRepository::map).optional();
    }

    boolean emailTaken(String tenantId, String env, String email, String exceptId) {
        return jdbc.sql("SELECT COUNT(*) FROM customers WHERE tenant_id = ? AND env = ? AND email = ? AND id <> ?")
                .params(tenantId, env, email, exceptId).query(Long.class).single() > 0;
    }

    void update(Customer c) {
        jdbc.sql("UPDATE customers SET name = ?, email = ?, phone = ?, external_id = ?, updated_at = ? "
                        + "WHERE tenant_id = ? AND env = ? AND id = ?")
                .params(c.name(), c.email(), c.phone(), c.externalId(), Timestamp.from(c.updatedAt()), c.tenantId(),
                        c.environment(), c.id())
                .update();
    }

    void updateKyc(Customer c, String documentsJson, String decidedBy) {
        jdbc.sql("UPDATE customers SET kyc_status = ?, kyc_reason = ?, kyc_documents = COALESCE(?, kyc_documents), "
                        + "kyc_decided_by = COALESCE(?, kyc_decided_by), updated_at = ? WHERE id = ?")
                .params(c.kycStatus().wire(), c.kycReason(), documentsJson, decidedBy, Timestamp.from(c.updatedAt()),
                        c.id())
                .update();
    }

    Optional<Long> seqOf(String tenantId, String env, String id) {
        return jdbc.sql("SELECT seq FROM customers WHERE tenant_id = ? AND env = ? AND id = ?")
                .params(tenantId, env, id).query(Long.class).optional();
    }

    List<Customer> page(String tenantId, String env, String email, String kycStatus, String search, PageRequest page,
            Long before) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM customers WHERE tenant_id = ? AND env = ?");
        List<Object> params = new ArrayList<>(List.of(tenantId, env));
        if (email != null) {
            sql.append(" AND email = ?");
            params.add(email);
        }
        if (kycStatus != null) {
            sql.append(" AND kyc_status = ?");
            params.add(kycStatus);
        }
        if (search != null) {
            // the text is matched literally: its % and _ are escaped, not wildcards
            String pattern = "%" + search.toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\")
                    .replace("%", "\\%").replace("_", "\\_") + "%";
            sql.append(" AND (LOWER(name) LIKE ? ESCAPE '\\' OR LOWER(email) LIKE ? ESCAPE '\\')");
            params.add(pattern);
            params.add(pattern);
        }
        if (before != null) {
            sql.append(" AND seq < ?");
            params.add(before);
        }
        sql.append(" ORDER BY seq DESC FETCH FIRST ? ROWS ONLY");
        params.add(page.limit() + 1);
        return jdbc.sql(sql.toString()).params(params).query(CustomerRepository::map).list();
    }

    private static Customer map(ResultSet rs, int n) throws SQLException {
        return new Customer(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), Customer.KycStatus.fromWire(rs.getString(8)), rs.getString(9),
                rs.getTimestamp(10).toInstant(), rs.getTimestamp(11).toInstant());
    }
}
