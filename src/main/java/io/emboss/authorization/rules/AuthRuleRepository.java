package io.emboss.authorization.rules;

import io.emboss.web.Fields;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Rules and their versions; a version once written is never changed. */
@Repository
class AuthRuleRepository {
    private static final String SELECT = "SELECT r.id, r.tenant_id, r.env, r.type, r.state, r.active_version, "
            + "r.draft_version, r.created_at, r.updated_at, v.version, v.name, v.parameters, v.scope, v.mode, "
            + "v.created_at FROM auth_rules r JOIN auth_rule_versions v ON v.rule_id = r.id "
            + "AND (v.version = r.active_version OR v.version = r.draft_version)";

    private final JdbcClient jdbc;

    AuthRuleRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(AuthRule rule, AuthRule.RuleVersion version) {
        jdbc.sql("INSERT INTO auth_rules (id, tenant_id, env, type, state, active_version, draft_version, created_at, "
                        + "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(rule.id(), rule.tenantId(), rule.environment(), rule.type().name(), rule.state().name(),
                        rule.active() == null ? null : rule.active().version(),
                        rule.draft() == null ? null : rule.draft().version(), Timestamp.from(rule.createdAt()),
                        Timestamp.from(rule.updatedAt()))
                .update();
        insertVersion(rule.id(), version);
    }

    void insertVersion(String ruleId, AuthRule.RuleVersion v) {
        jdbc.sql("INSERT INTO auth_rule_versions (rule_id, version, name, parameters, scope, mode, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(ruleId, v.version(), v.name(), RuleInputs.Json.MAPPER.writeValueAsString(
                        RuleInputs.input(v.parameters())), RuleInputs.Json.MAPPER.writeValueAsString(
                        RuleInputs.input(v.scope())), v.mode().name(), Timestamp.from(v.createdAt()))
                .update();
    }

    /** The rule's state and the versions it points at now; the rule row is locked when {@code lock}. */
    void updatePointers(AuthRule rule) {
        jdbc.sql("UPDATE auth_rules SET state = ?, active_version = ?, draft_version = ?, updated_at = ? WHERE id = ?")
                .params(rule.state().name(), rule.active() == null ? null : rule.active().version(),
                        rule.draft() == null ? null : rule.draft().version(), Timestamp.from(rule.updatedAt()),
                        rule.id())
                .update();
    }

    /** Locks the rule row, so that two changes of one rule take turns. */
    Optional<AuthRule> lock(String tenantId, String env, String id) {
        Optional<String> locked = jdbc.sql("SELECT id FROM auth_rules WHERE id = ? AND tenant_id = ? AND env = ? "
                        + "FOR UPDATE").params(id, tenantId, env).query(String.class).optional();
        return locked.flatMap(x -> find(tenantId, env, id));
    }

    Optional<AuthRule> find(String tenantId, String env, String id) {
        return assemble(jdbc.sql(SELECT + " WHERE r.id = ? AND r.tenant_id = ? AND r.env = ?")
                .params(id, tenantId, env)).stream().findFirst();
    }

    /** Every rule of the tenant in that environment that is not inactive: what the cache holds. */
    List<AuthRule> live(String tenantId, String env) {
        return assemble(jdbc.sql(SELECT + " WHERE r.tenant_id = ? AND r.env = ? AND r.state <> 'INACTIVE'")
                .params(tenantId, env));
    }

    /** The tenant's rules, newest first, of a type and state when given. */
    List<AuthRule> all(String tenantId, String env, AuthRule.Type type, AuthRule.State state) {
        StringBuilder sql = new StringBuilder(SELECT + " WHERE r.tenant_id = ? AND r.env = ?");
        List<Object> params = new ArrayList<>(List.of(tenantId, env));
        if (type != null) {
            sql.append(" AND r.type = ?");
            params.add(type.name());
        }
        if (state != null) {
            sql.append(" AND r.state = ?");
            params.add(state.name());
        }
        sql.append(" ORDER BY r.id DESC");
        return assemble(jdbc.sql(sql.toString()).params(params));
    }

    /**
     * Rules active or in draft: the ones evaluated on each authorization. Counted under the tenant's
     * quota row, locked until the caller's transaction ends, so that racing creations take turns.
     */
    int countLive(String tenantId, String env) {
        jdbc.sql("INSERT INTO auth_rule_quotas (tenant_id, env) VALUES (?, ?) ON CONFLICT DO NOTHING")
                .params(tenantId, env).update();
        jdbc.sql("SELECT tenant_id FROM auth_rule_quotas WHERE tenant_id = ? AND env = ? FOR UPDATE")
                .params(tenantId, env).query(String.class).single();
        return jdbc.sql("SELECT COUNT(*) FROM auth_rules WHERE tenant_id = ? AND env = ? AND state <> 'INACTIVE'")
                .params(tenantId, env).query(Integer.class).single();
    }

    /** A version of a rule, whatever its state now (a report or backtest names it). */
    Optional<AuthRule.RuleVersion> version(AuthRule.Type type, String ruleId, int version) {
        return jdbc.sql("SELECT version, name, parameters, scope, mode, created_at FROM auth_rule_versions "
                        + "WHERE rule_id = ? AND version = ?")
                .params(ruleId, version)
                .query((rs, n) -> version(type, rs, 1))
                .optional();
    }

    int latestVersion(String ruleId) {
        return jdbc.sql("SELECT MAX(version) FROM auth_rule_versions WHERE rule_id = ?").param(ruleId)
                .query(Integer.class).single();
    }

    private List<AuthRule> assemble(JdbcClient.StatementSpec statement) {
        Map<String, AuthRule> rules = new LinkedHashMap<>();
        statement.query((ResultSet rs) -> {
            AuthRule.Type type = AuthRule.Type.valueOf(rs.getString(4));
            AuthRule.RuleVersion v = version(type, rs, 10);
            Integer active = (Integer) rs.getObject(6);
            Integer draft = (Integer) rs.getObject(7);
            AuthRule known = rules.get(rs.getString(1));
            AuthRule.RuleVersion activeVersion = active != null && active == v.version() ? v
                    : known == null ? null : known.active();
            AuthRule.RuleVersion draftVersion = draft != null && draft == v.version() ? v
                    : known == null ? null : known.draft();
            if ((active != null && activeVersion == null) || (draft != null && draftVersion == null)) {
                // the other version's row comes next; keep what this row gave meanwhile
                rules.put(rs.getString(1), partial(rs, type, activeVersion, draftVersion));
                return;
            }
            rules.put(rs.getString(1), new AuthRule(rs.getString(1), rs.getString(2), rs.getString(3), type,
                    AuthRule.State.valueOf(rs.getString(5)), activeVersion, draftVersion,
                    rs.getTimestamp(8).toInstant(), rs.getTimestamp(9).toInstant()));
        });
        return List.copyOf(rules.values());
    }

    /** A rule whose second version is not read yet: held with the one it has as whatever role it plays. */
    private static AuthRule partial(ResultSet rs, AuthRule.Type type, AuthRule.RuleVersion active,
            AuthRule.RuleVersion draft) throws SQLException {
        return new AuthRule(rs.getString(1), rs.getString(2), rs.getString(3), type, AuthRule.State.DRAFT,
                active, draft, rs.getTimestamp(8).toInstant(), rs.getTimestamp(9).toInstant());
    }

    private static AuthRule.RuleVersion version(AuthRule.Type type, ResultSet rs, int at) throws SQLException {
        Fields f = new Fields();
        RuleInputs.ParametersInput p = RuleInputs.Json.MAPPER.readValue(rs.getString(at + 2),
                RuleInputs.ParametersInput.class);
        RuleInputs.ScopeInput s = RuleInputs.Json.MAPPER.readValue(rs.getString(at + 3), RuleInputs.ScopeInput.class);
        RuleParameters parameters = RuleInputs.parameters(f, type, p);
        RuleScope scope = RuleInputs.scope(f, s);
        if (!f.ok()) {
            throw new IllegalStateException("a stored rule version no longer reads: " + f.rejection().fields());
        }
        Instant created = rs.getTimestamp(at + 5).toInstant();
        return new AuthRule.RuleVersion(rs.getInt(at), rs.getString(at + 1), parameters, scope,
                AuthRule.Mode.valueOf(rs.getString(at + 4)), created);
    }
}
