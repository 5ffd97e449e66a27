package io.emboss.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test schemas left behind by runs that crashed or were killed. Each schema carries its creation
 * time in its comment; a schema older than {@link #MAX_AGE} is dropped at the start of a run. A
 * schema without the comment (made before the comment existed, or by a run of older code that
 * may still be going on beside this one) is stamped with the time it is first seen, and so goes
 * {@link #MAX_AGE} later: no test run lasts that long, so a live run never loses its schema.
 */
final class StaleSchemas {
    static final Duration MAX_AGE = Duration.ofHours(6);
    /** The names {@link PostgresSchema#createSchema} makes, and nothing else in the database. */
    static final String NAME_PATTERN = "^t_[0-9a-f]{16}$";
    private static final Pattern CREATED = Pattern.compile("^emboss-test-schema created=(\\d+)$");

    private StaleSchemas() {
    }

    /** The comment a new test schema carries. */
    static String comment(Instant created) {
        return "emboss-test-schema created=" + created.getEpochSecond();
    }

    /** Drops the stale test schemas and stamps the unstamped ones; returns how many it dropped. */
    static int sweep(Connection c) {
        return sweep(c, Instant.now(), NAME_PATTERN);
    }

    /** The sweep as at {@code now}, over the schemas whose names match {@code names} (a regular expression). */
    static int sweep(Connection c, Instant now, String names) {
        Map<String, String> schemas = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT nspname, obj_description(oid, 'pg_namespace') "
                + "FROM pg_namespace WHERE nspname ~ ?")) {
            s.setString(1, names);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    schemas.put(r.getString(1), r.getString(2));
                }
            }
        } catch (SQLException e) {
            return 0; // a sweep that cannot read leaves things as they are; the run goes on
        }
        int dropped = 0;
        for (Map.Entry<String, String> schema : schemas.entrySet()) {
            Matcher m = CREATED.matcher(schema.getValue() == null ? "" : schema.getValue());
            String sql = !m.matches() ? "COMMENT ON SCHEMA " + schema.getKey() + " IS '" + comment(now) + "'"
                    : Instant.ofEpochSecond(Long.parseLong(m.group(1))).plus(MAX_AGE).isBefore(now)
                            ? "DROP SCHEMA IF EXISTS " + schema.getKey() + " CASCADE" : null;
            if (sql != null && execute(c, sql)) {
                dropped += sql.startsWith("DROP") ? 1 : 0;
            }
        }
        return dropped;
    }

    private static boolean execute(Connection c, String sql) {
        try (Statement s = c.createStatement()) {
            // another session holding a lock on the schema makes this one wait at most a few seconds
            s.execute("SET lock_timeout = '5s'");
            s.execute(sql);
            return true;
        } catch (SQLException e) {
            return false; // dropped meanwhile by another run's sweep, or locked: the next sweep tries again
        }
    }
}
