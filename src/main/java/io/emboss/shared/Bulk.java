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
    public void update(String unnestSql, String batchSql, String[] arrayTypes, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        if (!postgres) {
            jdbc.batchUpdate(batchSql, rows);
            return;
        }
        jdbc.execute((Connection c) -> {
            try (var statement = c.prepareStatement(unnestSql)) {
                for (int column = 0; column < arrayTypes.length; column++) {
                    Object[] values = new Object[rows.size()];
                    for (int row = 0; row < rows.size(); row++) {
                        values[row] = rows.get(row)[column];
                    }
                    statement.setArray(column + 1, c.createArrayOf(arrayTypes[column], values));
                }
                return statement.executeUpdate();
            }
        });
    }

    /** A SQL array parameter of ids for {@code = ANY(?)}, on either database. */
    public Object idArray(List<String> ids) {
        return ids.toArray(new String[0]);
    }
}
