package io.emboss.clearing;

import io.emboss.shared.Currency;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class SettlementReportRepository {
    private static final String COLUMNS = "id, tenant_id, env, settlement_date, network, currency, presentments, "
            + "gross_minor, reversals, reversals_minor, chargebacks, chargebacks_minor, interchange_minor, "
            + "tenant_share_minor, net_minor, created_at, updated_at";
    private final JdbcClient jdbc;

    SettlementReportRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The day's report, locked: two files of one day settle one after the other. */
    Optional<SettlementReport> lock(String tenantId, String env, LocalDate date, String network, String currency) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM settlement_reports WHERE tenant_id = ? AND env = ? "
                        + "AND settlement_date = ? AND network = ? AND currency = ? FOR UPDATE")
                .params(tenantId, env, date, network, currency).query(SettlementReportRepository::map).optional();
    }

    void insert(SettlementReport r) {
        jdbc.sql("INSERT INTO settlement_reports (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                        + "?, ?)")
                .params(r.id(), r.tenantId(), r.environment(), r.date(), r.network(), r.currency().name(),
                        r.presentments(), r.grossMinor(), r.reversals(), r.reversalsMinor(), r.chargebacks(),
                        r.chargebacksMinor(), r.interchangeMinor(), r.tenantShareMinor(), r.netMinor(),
                        Timestamp.from(r.createdAt()), Timestamp.from(r.updatedAt()))
                .update();
    }

    void update(SettlementReport r) {
        jdbc.sql("UPDATE settlement_reports SET presentments = ?, gross_minor = ?, reversals = ?, reversals_minor = ?, "
                        + "chargebacks = ?, chargebacks_minor = ?, interchange_minor = ?, tenant_share_minor = ?, "
                        + "net_minor = ?, updated_at = ? WHERE id = ?")
                .params(r.presentments(), r.grossMinor(), r.reversals(), r.reversalsMinor(), r.chargebacks(),
                        r.chargebacksMinor(), r.interchangeMinor(), r.tenantShareMinor(), r.netMinor(),
                        Timestamp.from(r.updatedAt()), r.id())
                .update();
    }

    Optional<SettlementReport> find(String tenantId, String env, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM settlement_reports WHERE tenant_id = ? AND env = ? AND id = ?")
                .params(tenantId, env, id).query(SettlementReportRepository::map).optional();
    }

    /**
     * Reports of a day (or every day, newest first), of one tenant and environment, or of every
     * tenant when {@code tenantId} is null; optionally of one network. At most {@code limit}.
     */
    List<SettlementReport> list(String tenantId, String env, LocalDate date, String network, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM settlement_reports WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (tenantId != null) {
            sql.append(" AND tenant_id = ? AND env = ?");
            params.add(tenantId);
            params.add(env);
        }
        if (date != null) {
            sql.append(" AND settlement_date = ?");
            params.add(date);
        }
        if (network != null) {
            sql.append(" AND network = ?");
            params.add(network);
        }
        sql.append(" ORDER BY settlement_date DESC, network, currency, tenant_id, env FETCH FIRST ? ROWS ONLY");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query(SettlementReportRepository::map).list();
    }

    private static SettlementReport map(ResultSet rs, int n) throws SQLException {
        return new SettlementReport(rs.getString(1), rs.getString(2), rs.getString(3), rs.getObject(4, LocalDate.class),
                rs.getString(5), Currency.valueOf(rs.getString(6)), rs.getLong(7), rs.getLong(8), rs.getLong(9),
                rs.getLong(10), rs.getLong(11), rs.getLong(12), rs.getLong(13), rs.getLong(14), rs.getLong(15),
                rs.getTimestamp(16).toInstant(), rs.getTimestamp(17).toInstant());
    }
}
