package io.emboss.shared;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Every wait on the database is bounded by {@code EMBOSS_DB_TIMEOUT_MS} (a few seconds), so that a
 * database that stops answering is noticed at once. The few statements that may legitimately run
 * longer on a large database (ledger verification over every transfer) ask for more here, for the
 * current transaction only: the pool restores the bound when the connection comes back.
 */
public final class LongStatements {
    private LongStatements() {
    }

    public static void allow(DataSource dataSource, Duration timeout) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("a longer timeout applies to the current transaction's connection");
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            connection.setNetworkTimeout(Runnable::run, Math.toIntExact(timeout.toMillis()));
        } catch (java.sql.SQLFeatureNotSupportedException embedded) {
            // H2 in-process has no network to time out
        } catch (SQLException e) {
            throw new IllegalStateException("cannot lengthen the statement timeout", e);
        }
    }
}
