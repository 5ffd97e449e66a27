package io.emboss.events;

import io.emboss.shared.EmbeddedMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Events (append-only) and the queue of those not yet fanned out to deliveries (event_fan_out). */
@Repository
class EventRepository {
    private static final String COLUMNS = "id, tenant_id, env, type, created_at, payload";
    /**
     * PostgreSQL: every event of a batch and its queue row in one statement, whatever the batch's
     * size (one array per column). The arrays arrive as varchar[] and are cast per column.
     */
    private static final String INSERT_ALL_POSTGRES = """
            WITH inserted AS (
                INSERT INTO events (id, tenant_id, env, type, created_at, payload)
                SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::timestamptz[],
                                     ?::text[])
                RETURNING seq)
            INSERT INTO event_fan_out (event_seq) SELECT seq FROM inserted""";

    /** What the fan-out needs of a queued event. */
    record Queued(long seq, String id, String tenantId, String env, String type, Instant createdAt) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    /** H2 (the embedded default) has no data-modifying WITH and no PostgreSQL casts: it gets JDBC batches. */
    private final boolean postgres;

    EventRepository(JdbcClient jdbc, JdbcTemplate template, @Value("${spring.datasource.url}") String dbUrl) {
        this.jdbc = jdbc;
        this.template = template;
        this.postgres = EmbeddedMode.isPostgres(dbUrl);
    }

    /** Inserts the events and queues them for fan-out, in the caller's transaction. */
    void insertAll(List<StoredEvent> batch) {
        if (batch.isEmpty()) {
            return;
        }
        if (postgres) {
            int n = batch.size();
            String[] ids = new String[n];
            String[] tenants = new String[n];
            String[] envs = new String[n];
            String[] types = new String[n];
            String[] created = new String[n];
            String[] payloads = new String[n];
            for (int i = 0; i < n; i++) {
                StoredEvent e = batch.get(i);
                ids[i] = e.id();
                tenants[i] = e.tenantId();
                envs[i] = e.environment();
                types[i] = e.type();
                created[i] = e.createdAt().toString();
                payloads[i] = e.payload();
            }
            jdbc.sql(INSERT_ALL_POSTGRES).params(ids, tenants, envs, types, created, payloads).update();
            return;
        }
        List<Object[]> rows = new ArrayList<>(batch.size());
        List<Object[]> queued = new ArrayList<>(batch.size());
        for (StoredEvent e : batch) {
            rows.add(new Object[] {e.id(), e.tenantId(), e.environment(), e.type(), Timestamp.from(e.createdAt()),
                    e.payload()});
            queued.add(new Object[] {e.id()});
        }
        template.batchUpdate("INSERT INTO events (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)", rows);
        template.batchUpdate("INSERT INTO event_fan_out (event_seq) SELECT seq FROM events WHERE id = ?", queued);
    }

    /**
     * Locks up to {@code max} queued events, oldest first, skipping those another node's fan-out
     * holds: two nodes never fan out the same event, and neither waits for the other.
     */
    List<Queued> claimQueued(int max) {
        return jdbc.sql("""
                SELECT e.seq, e.id, e.tenant_id, e.env, e.type, e.created_at
                FROM event_fan_out q JOIN events e ON e.seq = q.event_seq
                ORDER BY q.event_seq FETCH FIRST ? ROWS ONLY FOR UPDATE OF q SKIP LOCKED""")
                .param(max)
                .query((rs, n) -> new Queued(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getTimestamp(6).toInstant()))
                .list();
    }

    /** Takes fanned-out events off the queue (in the fan-out's transaction). */
    void dequeue(List<Queued> fannedOut) {
        Long[] seqs = fannedOut.stream().map(Queued::seq).toArray(Long[]::new);
        jdbc.sql("DELETE FROM event_fan_out WHERE event_seq = ANY(?)").param(seqs).update();
    }

    /** Events waiting for fan-out, counted up to {@code bound} (a backlog past it reads as the bound). */
    long countQueued(int bound) {
        return jdbc.sql("SELECT COUNT(*) FROM (SELECT 1 FROM event_fan_out FETCH FIRST ? ROWS ONLY) b")
                .param(bound).query(Long.class).single();
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
