package io.emboss.events;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class WebhookEndpointRepository {
    private static final String COLUMNS = "id, tenant_id, env, url, description, event_types, format, enabled, "
            + "disabled_reason, secret_sealed, previous_secret_sealed, previous_secret_expires_at, failing_since, "
            + "created_at, updated_at";

    record Row(String id, String tenantId, String env, String url, String description, List<String> eventTypes,
               String format, boolean enabled, String disabledReason, String secretSealed,
               String previousSecretSealed, Instant previousSecretExpiresAt, Instant failingSince, Instant createdAt,
               Instant updatedAt) {

        boolean subscribedTo(String type) {
            return eventTypes.contains("*") || eventTypes.contains(type);
        }
    }

    private final JdbcClient jdbc;

    WebhookEndpointRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Row r) {
        jdbc.sql("INSERT INTO webhook_endpoints (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(r.id(), r.tenantId(), r.env(), r.url(), r.description(), String.join(",", r.eventTypes()),
                        r.format(), r.enabled(), r.disabledReason(), r.secretSealed(), r.previousSecretSealed(),
                        ts(r.previousSecretExpiresAt()), ts(r.failingSince()), ts(r.createdAt()), ts(r.updatedAt()))
                .update();
    }

    void update(Row r) {
        jdbc.sql("UPDATE webhook_endpoints SET url = ?, description = ?, event_types = ?, format = ?, enabled = ?, "
                        + "disabled_reason = ?, secret_sealed = ?, previous_secret_sealed = ?, "
                        + "previous_secret_expires_at = ?, failing_since = ?, updated_at = ? WHERE id = ?")
                .params(r.url(), r.description(), String.join(",", r.eventTypes()), r.format(), r.enabled(),
                        r.disabledReason(), r.secretSealed(), r.previousSecretSealed(),
                        ts(r.previousSecretExpiresAt()), ts(r.failingSince()), ts(r.updatedAt()), r.id())
                .update();
    }

    void markDeleted(String id, Instant now) {
        jdbc.sql("UPDATE webhook_endpoints SET deleted_at = ?, enabled = FALSE, updated_at = ? WHERE id = ?")
                .params(ts(now), ts(now), id).update();
    }

    /** A live (not deleted) endpoint of the tenant and environment. */
    Optional<Row> find(String tenantId, String env, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_endpoints WHERE tenant_id = ? AND env = ? AND id = ? "
                        + "AND deleted_at IS NULL")
                .params(tenantId, env, id).query(WebhookEndpointRepository::map).optional();
    }

    /** Any endpoint by id, deleted ones included (null deleted flag read separately). */
    Optional<Row> findForDelivery(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_endpoints WHERE id = ? AND deleted_at IS NULL")
                .param(id).query(WebhookEndpointRepository::map).optional();
    }

    Optional<Row> lock(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_endpoints WHERE id = ? AND deleted_at IS NULL FOR UPDATE")
                .param(id).query(WebhookEndpointRepository::map).optional();
    }

    List<Row> subscribed(String tenantId, String env, String type) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_endpoints WHERE tenant_id = ? AND env = ? "
                        + "AND enabled = TRUE AND deleted_at IS NULL ORDER BY seq")
                .params(tenantId, env).query(WebhookEndpointRepository::map).list()
                .stream().filter(r -> r.subscribedTo(type)).toList();
    }

    /**
     * Every enabled, live endpoint of the given tenants (both environments), in creation order: the
     * candidates of a fan-out batch, read with one statement; {@link Row#subscribedTo} picks per event.
     */
    List<Row> enabledOf(java.util.Collection<String> tenantIds) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_endpoints WHERE tenant_id = ANY(?) "
                        + "AND enabled = TRUE AND deleted_at IS NULL ORDER BY seq")
                .param(tenantIds.toArray(String[]::new)).query(WebhookEndpointRepository::map).list();
    }

    Optional<Long> seqOf(String tenantId, String env, String id) {
        return jdbc.sql("SELECT seq FROM webhook_endpoints WHERE tenant_id = ? AND env = ? AND id = ? "
                        + "AND deleted_at IS NULL")
                .params(tenantId, env, id).query(Long.class).optional();
    }

    List<Row> page(String tenantId, String env, int limit, Long before) {
        String cursor = before == null ? "" : " AND seq < " + before.longValue();
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_endpoints WHERE tenant_id = ? AND env = ? "
                        + "AND deleted_at IS NULL" + cursor + " ORDER BY seq DESC FETCH FIRST ? ROWS ONLY")
                .params(tenantId, env, limit + 1).query(WebhookEndpointRepository::map).list();
    }

    long countActive(String tenantId, String env) {
        return jdbc.sql("SELECT COUNT(*) FROM webhook_endpoints WHERE tenant_id = ? AND env = ? AND deleted_at IS NULL")
                .params(tenantId, env).query(Long.class).single();
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static Row map(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                Arrays.stream(rs.getString(6).split(",")).filter(s -> !s.isBlank()).toList(), rs.getString(7),
                rs.getBoolean(8), rs.getString(9), rs.getString(10), rs.getString(11), instant(rs.getTimestamp(12)),
                instant(rs.getTimestamp(13)), instant(rs.getTimestamp(14)), instant(rs.getTimestamp(15)));
    }
}
