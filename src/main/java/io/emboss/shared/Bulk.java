package io.emboss.shared;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Many rows in one statement. On PostgreSQL an update of N rows is one {@code UPDATE … FROM
 * unnest(…)} whose parameters are one array per column (one round trip, one statement however
 * many rows); on the embedded H2 it is a JDBC batch. Inserts need nothing from here: with
 * {@code reWriteBatchedInserts} the PostgreSQL driver turns a JDBC batch of inserts into
 * multi-row statements itself.
 */
@Component
public class Bulk {
    private final JdbcTemplate jdbc;
    private final boolean postgres;

    public Bulk(JdbcTemplate jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.postgres = isPostgres(dataSource);
    }

    private static boolean isPostgres(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell which database this is", e);
        }
    }

    public boolean postgres() {
        return postgres;
    }

    /**
     * Runs {@code unnestSql} once with one array per column on PostgreSQL, or {@code batchSql} once
     * per row elsewhere. {@code rows} are in the column order of both statements.
     *
     * @param arrayTypes the PostgreSQL element type of each column ({@code text}, {@code bigint}, …)
     */
    public int update(String unnestSql, String batchSql, String[] arrayTypes, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        if (!postgres) {
            return java.util.Arrays.stream(jdbc.batchUpdate(batchSql, rows)).sum();
        }
        Integer updated = jdbc.execute((Connection c) -> {
            try (var statement = prepare(c, unnestSql, arrayTypes, rows)) {
                return statement.executeUpdate();
            }
        });
        return updated == null ? 0 : updated;
    }

    /**
     * Writes rows that may not all apply (an insert {@code ON CONFLICT DO NOTHING}, a conditional
     * update) and tells, per row in order, whether it did. On PostgreSQL one statement over
     * {@code unnest(…)} with {@code RETURNING} the rows' first {@code keyColumns} (distinct per
     * row); elsewhere a JDBC batch of {@code batchSql}, in the same column order, and its counts.
     */
    public List<Boolean> eachAffected(String unnestSql, String batchSql, String[] arrayTypes, List<Object[]> rows,
            int keyColumns) {
        if (rows.isEmpty()) {
            return List.of();
        }
        if (!postgres) {
            return java.util.Arrays.stream(jdbc.batchUpdate(batchSql, rows)).mapToObj(n -> n != 0).toList();
        }
        java.util.Set<List<Object>> inserted = new java.util.HashSet<>();
        jdbc.execute((Connection c) -> {
            try (var statement = prepare(c, unnestSql, arrayTypes, rows); var rs = statement.executeQuery()) {
                while (rs.next()) {
                    List<Object> key = new java.util.ArrayList<>(keyColumns);
                    for (int i = 1; i <= keyColumns; i++) {
                        key.add(rs.getObject(i));
                    }
                    inserted.add(key);
                }
                return null;
            }
        });
        return rows.stream().map(r -> inserted.contains(java.util.Arrays.asList(r).subList(0, keyColumns))).toList();
    }

    private static java.sql.PreparedStatement prepare(Connection c, String sql, String[] arrayTypes,
            List<Object[]> rows) throws SQLException {
        var statement = c.prepareStatement(sql);
        for (int column = 0; column < arrayTypes.length; column++) {
            Object[] values = new Object[rows.size()];
            for (int row = 0; row < rows.size(); row++) {
                values[row] = rows.get(row)[column];
            }
            statement.setArray(column + 1, c.createArrayOf(arrayTypes[column], values));
        }
        return statement;
    }

    /** A SQL array parameter of ids for {@code = ANY(?)}, on either database. */
    public Object idArray(List<String> ids) {
        return ids.toArray(new String[0]);
    }
}
