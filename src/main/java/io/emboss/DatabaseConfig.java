package io.emboss;

import com.zaxxer.hikari.HikariDataSource;
import io.emboss.shared.EmbeddedMode;
import io.emboss.shared.OutcomeUnknownException;
import io.emboss.web.Failures;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * How Emboss talks to its database when the database misbehaves: every wait is bounded
 * ({@code emboss.db.timeout}, default 3 s, for a connection from the pool and for any answer on
 * one), a COMMIT that fails on a broken connection is reported as of unknown outcome rather than
 * retried or rolled back, and health says DOWN as soon as the database stops answering.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfig {

    /** A commit that fails without the database saying why may have happened: say so. */
    @Bean
    PlatformTransactionManager transactionManager(DataSource dataSource) {
        return new JdbcTransactionManager(dataSource) {
            @Override
            protected void doCommit(DefaultTransactionStatus status) {
                try {
                    super.doCommit(status);
                } catch (RuntimeException e) {
                    if (Failures.commitInDoubt(e)) {
                        throw new OutcomeUnknownException(e);
                    }
                    throw e;
                }
            }
        };
    }

    /**
     * PostgreSQL connection settings that bound every wait: the socket timeout (a paused or
     * unreachable server fails a statement instead of hanging it), TCP keep-alives both ways, and
     * {@code idle_in_transaction_session_timeout}, which ends the transaction of a client that
     * vanished without closing its connection, and so frees whatever it held (an Idempotency-Key's
     * row among them) within that bound. Server error details, which quote the offending values,
     * are kept out of exception messages and so out of logs.
     */
    @Bean
    static BeanPostProcessor databaseTimeouts(Environment environment) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof HikariDataSource pool && EmbeddedMode.isPostgres(pool.getJdbcUrl())) {
                    Duration timeout = environment.getProperty("emboss.db.timeout", Duration.class,
                            Duration.ofSeconds(3));
                    Duration idle = environment.getProperty("emboss.db.idle-in-transaction-timeout", Duration.class,
                            Duration.ofSeconds(10));
                    int seconds = (int) Math.max(1, timeout.toSeconds());
                    pool.addDataSourceProperty("socketTimeout", String.valueOf(seconds));
                    pool.addDataSourceProperty("connectTimeout", String.valueOf(seconds));
                    pool.addDataSourceProperty("tcpKeepAlive", "true");
                    // a JDBC batch of inserts becomes multi-row INSERTs: N rows cost a handful of
                    // statements instead of N (the money pipeline writes its batches this way)
                    pool.addDataSourceProperty("reWriteBatchedInserts", "true");
                    pool.addDataSourceProperty("logServerErrorDetail", "false");
                    pool.addDataSourceProperty("options", "-c idle_in_transaction_session_timeout=" + idle.toMillis()
                            + " -c tcp_keepalives_idle=5 -c tcp_keepalives_interval=2 -c tcp_keepalives_count=3");
                }
                return bean;
            }
        };
    }

    /**
     * The database's health, answered within {@code emboss.db.health-timeout} (default 2 s) whatever
     * the database does: the stock check waits for a pool connection and then for an answer
     * without a bound of its own, so it kept saying UP through a whole outage.
     */
    @Bean(name = "dbHealthIndicator", destroyMethod = "")
    HealthIndicator dbHealthIndicator(DataSource dataSource,
            @Value("${emboss.db.health-timeout:PT2S}") Duration timeout) {
        ExecutorService checks = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "db-health");
            t.setDaemon(true);
            return t;
        });
        return () -> {
            Future<Boolean> answered = checks.submit(() -> {
                try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                    return s.execute("SELECT 1");
                }
            });
            try {
                answered.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return Health.up().build();
            } catch (java.util.concurrent.TimeoutException e) {
                answered.cancel(true);
                return Health.down().withDetail("reason", "no answer within " + timeout.toMillis() + " ms").build();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Health.down().build();
            } catch (java.util.concurrent.ExecutionException e) {
                return Health.down().withDetail("reason", Failures.describe(e.getCause())).build();
            }
        };
    }
}
