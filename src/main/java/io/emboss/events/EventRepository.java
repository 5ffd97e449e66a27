package io.emboss.events;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class EventRepository {
    private static final String COLUMNS = "id, tenant_id, env, type, created_at, payload";
    private final JdbcClient jdbc;

    EventRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(StoredEvent e) {
        jdbc.sql("INSERT INTO events (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")
                .params(e.id(), e.tenantId(), e.environment(), e.type(), Timestamp.from(e.createdAt()), e.payload())
                .update();
    }

    Optional<StoredEvent> find(String tenantId, String env, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM events WHERE tenant_id = ? AND env = ? AND id = ?")
                .params(tenantId, env, id).query(EventRepository::map).optional();
    }

    Optional<StoredEvent> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM events WHERE id = ?").param(id).query(EventRepository::map)
                .optional();
    }

    Optional<Long> seqOf(String tenantId, String env, String id) {
        return jdbc.sql("SELECT seq FROM events WHERE tenant_id = ? AND env = ? AND id = ?")
                .params(tenantId, env, id).query(Long.class).optional();
    }

    List<StoredEvent> page(String tenantId, String env, String type, Instant from, Instant to, int limit,
            Long before) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM events WHERE tenant_id = ? AND env = ?");
        List<Object> params = new ArrayList<>(List.of(tenantId, env));
        if (type != null) {
            sql.append(" AND type = ?");
            params.add(type);
        }
        if (from != null) {
            sql.append(" AND created_at >= ?");
            params.add(Timestamp.from(from));
        }
        if (to != null) {
            sql.append(" AND created_at <= ?");
            params.add(Timestamp.from(to));
        }
        if (before != null) {
            sql.append(" AND seq < ?");
            params.add(before);
        }
        sql.append(" ORDER BY seq DESC FETCH FIRST ? ROWS ONLY");
        params.add(limit + 1);
        return jdbc.sql(sql.toString()).params(params).query(EventRepository::map).list();
    }

    private static StoredEvent map(ResultSet rs, int n) throws SQLException {
        return new StoredEvent(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getTimestamp(5).toInstant(), rs.getString(6));
    }
}
