package io.emboss.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The test suite's connection budget, and whether the test database has that many connections
 * free. The budget is what the suite can hold at once at worst: every application context the
 * Spring test context cache may keep alive with its pool full, one other instance a test starts
 * beside its own ({@link PostgresSchema#secondInstance}), and the direct JDBC connections of the
 * fixtures (schema creation and drop, SQL fixtures, this check).
 */
public final class PostgresCapacity {
    /** PostgreSQL's error for "too many clients already" (too_many_connections). */
    static final String TOO_MANY_CONNECTIONS = "53300";

    private PostgresCapacity() {
    }

    /** The worst case of connections the suite holds at once. */
    public record Budget(int cachedContexts, int poolSize, int otherInstancePool, int direct) {
        public int total() {
            return cachedContexts * poolSize + otherInstancePool + direct;
        }

        String describe() {
            return cachedContexts + " cached application contexts x pool " + poolSize + " + another instance's pool "
                    + otherInstancePool + " + " + direct + " direct connections";
        }
    }

    /** A per-role or per-database connection limit (PostgreSQL does not apply them to superusers). */
    public record Limit(String what, int limit, int used) {
    }

    /** What the server allows and what other sessions use now (this check's own session not counted). */
    public record Snapshot(int maxConnections, int reserved, int inUse, List<Limit> limits) {
        public int free() {
            int free = maxConnections - reserved - inUse;
            for (Limit l : limits) {
                free = Math.min(free, l.limit() - l.used());
            }
            return Math.max(free, 0);
        }
    }

    /** The message that stops the run when the budget does not fit, or empty when it does. */
    public static Optional<String> shortfall(String url, Snapshot s, Budget budget) {
        if (s.free() >= budget.total()) {
            return Optional.empty();
        }
        StringBuilder why = new StringBuilder().append(s.inUse()).append(" in use");
        if (s.reserved() > 0) {
            why.append(", ").append(s.reserved()).append(" reserved for superusers");
        }
        for (Limit l : s.limits()) {
            why.append(", ").append(l.what()).append(" limit ").append(l.limit()).append(" with ").append(l.used())
                    .append(" used");
        }
        return Optional.of("PostgreSQL at " + url + " has " + s.free() + " of " + s.maxConnections()
                + " connections free (" + why + "); the test suite needs up to " + budget.total() + " ("
                + budget.describe() + "). Close idle sessions (see pg_stat_activity) or raise max_connections, "
                + "then run the tests again.");
    }

    /** The message for a database the suite cannot connect to at all. */
    static String unreachable(String url, String user, SQLException e, Budget budget) {
        if (TOO_MANY_CONNECTIONS.equals(e.getSQLState())) {
            return "PostgreSQL at " + url + " has no connection free (" + e.getMessage() + "); the test suite needs up to "
                    + budget.total() + " (" + budget.describe() + "). Close idle sessions (see pg_stat_activity) or "
                    + "raise max_connections, then run the tests again.";
        }
        return "PostgreSQL for the tests is unreachable at " + url + " as user " + user + " (" + e.getMessage()
                + "). Start it, or point EMBOSS_TEST_DB_URL, EMBOSS_TEST_DB_USER and EMBOSS_TEST_DB_PASSWORD at one.";
    }

    /** Reads the limits and the sessions in use on the connection given. */
    static Snapshot read(Connection c) throws SQLException {
        String others = "FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()";
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT current_setting('max_connections')::int, "
                     + "current_setting('superuser_reserved_connections')::int, ro.rolsuper, ro.rolconnlimit, "
                     + "d.datconnlimit, (SELECT count(*) " + others + "), "
                     + "(SELECT count(*) " + others + " AND usename = current_user), "
                     + "(SELECT count(*) " + others + " AND datname = current_database()) "
                     + "FROM pg_roles ro, pg_database d "
                     + "WHERE ro.rolname = current_user AND d.datname = current_database()")) {
            r.next();
            boolean superuser = r.getBoolean(3);
            List<Limit> limits = new ArrayList<>();
            if (!superuser && r.getInt(4) >= 0) {
                limits.add(new Limit("role", r.getInt(4), r.getInt(7)));
            }
            if (!superuser && r.getInt(5) >= 0) {
                limits.add(new Limit("database", r.getInt(5), r.getInt(8)));
            }
            return new Snapshot(r.getInt(1), superuser ? 0 : r.getInt(2), r.getInt(6), limits);
        }
    }

    /** Connects to the test database and decides: empty when the budget fits, else the reason. */
    static Optional<String> check(String url, String user, String password, Budget budget) {
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            StaleSchemas.sweep(c);
            return shortfall(url, read(c), budget);
        } catch (SQLException e) {
            return Optional.of(unreachable(url, user, e, budget));
        }
    }
}
