package io.emboss.compat.ops;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The numeric aliases of native ids. */
@Repository
class OpsAliasRepository {
    /** What an alias stands for. */
    record Target(String env, String kind, String nativeId) {
    }

    private final JdbcClient jdbc;

    OpsAliasRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Map<String, Long> find(String tenantId, String env, String kind, Collection<String> nativeIds) {
        Map<String, Long> found = new HashMap<>();
        if (nativeIds.isEmpty()) {
            return found;
        }
        List<Object> params = new ArrayList<>(List.of(tenantId, env, kind));
        params.addAll(nativeIds);
        String marks = String.join(", ", java.util.Collections.nCopies(nativeIds.size(), "?"));
        jdbc.sql("SELECT native_id, alias FROM compat_ops_aliases WHERE tenant_id = ? AND env = ? AND kind = ? "
                        + "AND native_id IN (" + marks + ")")
                .params(params).query((rs, n) -> found.put(rs.getString(1), rs.getLong(2))).list();
        return found;
    }

    Optional<Target> target(String tenantId, long alias) {
        return jdbc.sql("SELECT env, kind, native_id FROM compat_ops_aliases WHERE alias = ? AND tenant_id = ?")
                .params(alias, tenantId)
                .query((rs, n) -> new Target(rs.getString(1), rs.getString(2), rs.getString(3))).optional();
    }

    /** Gives the native id an alias unless it has one; a concurrent insert of the same id wins quietly. */
    void insertIfAbsent(String tenantId, String env, String kind, String nativeId, Instant now) {
        jdbc.sql("INSERT INTO compat_ops_aliases (tenant_id, env, kind, native_id, created_at) "
                        + "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
                .params(tenantId, env, kind, nativeId, Timestamp.from(now)).update();
    }
}
