package io.emboss.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationFailedEvent;

/**
 * The test database's housekeeping: a schema is dropped even when its context fails to start, the
 * schemas of crashed runs are swept, and a database short of connections (or out of reach) stops
 * the run once with the cause. Run: {@code ./mvnw -q -o test -Dtest=PostgresSchemaTest}.
 */
class PostgresSchemaTest {
    private static final PostgresCapacity.Budget BUDGET = new PostgresCapacity.Budget(2, 8, 4, 3);
    private static final String URL = "jdbc:postgresql://db.test:5432/test";

    @Test
    void a_context_that_fails_to_start_drops_its_schema() throws Exception {
        AtomicReference<String> schema = new AtomicReference<>();
        // the pool cannot open a connection (as when PostgreSQL has none free): Flyway, and so the context, fail
        SpringApplicationBuilder app = new SpringApplicationBuilder(io.emboss.EmbossApplication.class)
                .initializers(new PostgresSchema())
                .listeners(event -> {
                    if (event instanceof ApplicationFailedEvent failed) {
                        schema.set(failed.getApplicationContext().getEnvironment().getProperty("emboss.test.schema"));
                    }
                });
        assertThatThrownBy(() -> app.run("--server.port=0", "--spring.datasource.hikari.connection-init-sql=SELECT 1/0"))
                .isNotNull();
        assertThat(schema.get()).as("the schema the failed context was given").startsWith("t_");
        assertThat(exists(schema.get())).as("the failed context's schema is dropped at once").isFalse();
    }

    @Test
    void the_suite_stops_when_the_database_has_fewer_connections_free_than_its_budget() {
        PostgresCapacity.Snapshot busy = new PostgresCapacity.Snapshot(100, 3, 80, List.of());
        assertThat(busy.free()).isEqualTo(17);
        assertThat(PostgresCapacity.shortfall(URL, busy, BUDGET)).hasValue("PostgreSQL at " + URL
                + " has 17 of 100 connections free (80 in use, 3 reserved for superusers); the test suite needs up to "
                + "23 (2 cached application contexts x pool 8 + another instance's pool 4 + 3 direct connections). "
                + "Close idle sessions (see pg_stat_activity) or raise max_connections, then run the tests again.");
        assertThat(PostgresCapacity.shortfall(URL, new PostgresCapacity.Snapshot(100, 3, 74, List.of()), BUDGET))
                .as("exactly the budget free").isEmpty();
        PostgresCapacity.Snapshot roleLimited = new PostgresCapacity.Snapshot(400, 3, 10,
                List.of(new PostgresCapacity.Limit("role", 30, 10)));
        assertThat(roleLimited.free()).isEqualTo(20);
        assertThat(PostgresCapacity.shortfall(URL, roleLimited, BUDGET)).get().asString()
                .contains("has 20 of 400 connections free").contains("role limit 30 with 10 used");
        assertThat(new PostgresCapacity.Snapshot(10, 3, 50, List.of()).free()).as("never negative").isZero();
    }

    @Test
    void a_database_out_of_reach_or_out_of_connections_is_named_as_such() {
        Optional<String> refused = PostgresCapacity.check("jdbc:postgresql://127.0.0.1:1/test", "postgres", "", BUDGET);
        assertThat(refused).get().asString()
                .startsWith("PostgreSQL for the tests is unreachable at jdbc:postgresql://127.0.0.1:1/test as user postgres")
                .contains("EMBOSS_TEST_DB_URL");
        String full = PostgresCapacity.unreachable(URL, "postgres",
                new SQLException("FATAL: sorry, too many clients already", PostgresCapacity.TOO_MANY_CONNECTIONS), BUDGET);
        assertThat(full).startsWith("PostgreSQL at " + URL + " has no connection free (FATAL: sorry, too many clients "
                + "already); the test suite needs up to 23");
    }

    @Test
    void the_local_database_is_read_for_real_and_has_the_budget_free() throws Exception {
        try (Connection c = DriverManager.getConnection(PostgresSchema.baseUrl(), PostgresSchema.user(),
                PostgresSchema.password())) {
            PostgresCapacity.Snapshot s = PostgresCapacity.read(c);
            assertThat(s.maxConnections()).isPositive();
            assertThat(s.inUse()).isBetween(0, s.maxConnections());
            assertThat(s.free()).isLessThanOrEqualTo(s.maxConnections() - s.inUse());
        }
        assertThat(PostgresCapacity.check(PostgresSchema.baseUrl(), PostgresSchema.user(), PostgresSchema.password(),
                PostgresSchema.BUDGET)).isEmpty();
    }

    @Test
    void the_budget_is_the_one_the_readme_states() throws Exception {
        assertThat(PostgresSchema.BUDGET).isEqualTo(new PostgresCapacity.Budget(2, PostgresSchema.POOL_SIZE,
                PostgresSchema.SECOND_INSTANCE_POOL_SIZE, 3));
        assertThat(Files.readString(Path.of("README.md")))
                .contains("at most " + PostgresSchema.BUDGET.total() + " connections");
    }

    @Test
    void a_failed_check_fails_the_first_caller_and_skips_the_others() {
        AtomicInteger checks = new AtomicInteger();
        PostgresPreflight.Gate gate = new PostgresPreflight.Gate(() -> {
            checks.incrementAndGet();
            return Optional.of("PostgreSQL is full");
        });
        assertThatThrownBy(gate::pass).isInstanceOf(IllegalStateException.class).hasMessage("PostgreSQL is full");
        assertThatThrownBy(gate::pass).isInstanceOf(TestAbortedException.class).hasMessageContaining("PostgreSQL is full");
        assertThatThrownBy(gate::pass).isInstanceOf(TestAbortedException.class);
        assertThat(checks).as("checked once per run").hasValue(1);
        new PostgresPreflight.Gate(Optional::empty).pass();
    }

    @Test
    void schemas_of_crashed_runs_are_dropped_and_unstamped_ones_get_a_time() throws Exception {
        String old = PostgresSchema.createSchema();
        String fresh = PostgresSchema.createSchema();
        String unstamped = PostgresSchema.createSchema();
        Instant now = Instant.now();
        try (Connection c = DriverManager.getConnection(PostgresSchema.baseUrl(), PostgresSchema.user(),
                PostgresSchema.password()); Statement s = c.createStatement()) {
            s.execute("COMMENT ON SCHEMA " + old + " IS '" + StaleSchemas.comment(now.minus(Duration.ofHours(7))) + "'");
            // stamped at `now` itself: on a loaded machine creating three schemas can take over a second,
            // and a stamp from before `now` made the "not yet" bound below one second short
            s.execute("COMMENT ON SCHEMA " + fresh + " IS '" + StaleSchemas.comment(now) + "'");
            s.execute("COMMENT ON SCHEMA " + unstamped + " IS NULL");
            // only this test's schemas: other runs may be using the database at the same time
            String these = "^(" + old + "|" + fresh + "|" + unstamped + ")$";
            assertThat(StaleSchemas.sweep(c, now, these)).isEqualTo(1);
            assertThat(exists(old)).isFalse();
            assertThat(exists(fresh)).isTrue();
            assertThat(comment(c, unstamped)).isEqualTo(StaleSchemas.comment(now));
            assertThat(StaleSchemas.sweep(c, now.plus(StaleSchemas.MAX_AGE).minusSeconds(1), these)).isZero();
            assertThat(StaleSchemas.sweep(c, now.plus(StaleSchemas.MAX_AGE).plusSeconds(1), these)).isEqualTo(2);
            assertThat(exists(fresh) || exists(unstamped)).isFalse();
        } finally {
            for (String schema : List.of(old, fresh, unstamped)) {
                PostgresSchema.dropSchema(schema);
            }
        }
    }

    private static String comment(Connection c, String schema) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = ?")) {
            s.setString(1, schema);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    private static boolean exists(String schema) {
        try (Connection c = DriverManager.getConnection(PostgresSchema.baseUrl(), PostgresSchema.user(),
                PostgresSchema.password());
             PreparedStatement s = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            s.setString(1, schema);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
