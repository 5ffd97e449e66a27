package io.emboss.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;
import java.util.Map;

/**
 * Gives each test class's application context a fresh PostgreSQL schema (and drops it when the
 * context closes or fails to start), so test classes never see each other's rows. The database
 * comes from EMBOSS_TEST_DB_URL / EMBOSS_TEST_DB_USER / EMBOSS_TEST_DB_PASSWORD, by default the
 * local {@code test} database as user {@code postgres}.
 *
 * <p>The pool sizes here and the context cache size in {@code src/test/resources/spring.properties}
 * make the suite's connection budget ({@link #BUDGET}, README "Tests"), which
 * {@link PostgresPreflight} checks against the database before the first context starts.
 */
public class PostgresSchema implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
    /** Connections of each test application context's pool. */
    public static final int POOL_SIZE = 8;
    /** Connections of the pool of an instance a test starts beside its own. */
    public static final int SECOND_INSTANCE_POOL_SIZE = 4;
    /**
     * What the suite holds at once at worst: the contexts the test context cache may keep (every
     * {@link ApiTest} class dirties its context, so that is an outer class's and a nested class's),
     * one other instance, and schema creation and drop, SQL fixtures and the preflight check.
     */
    public static final PostgresCapacity.Budget BUDGET = new PostgresCapacity.Budget(cachedContexts(), POOL_SIZE,
            SECOND_INSTANCE_POOL_SIZE, 3);
    /** Schemas whose context closed and whose drop has not run yet (the JVM may exit first). */
    private static final Set<String> DROPS_PENDING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> DROPS_PENDING.forEach(PostgresSchema::dropPending),
                "drop-test-schemas"));
    }

    private static int cachedContexts() {
        String size = org.springframework.core.SpringProperties.getProperty("spring.test.context.cache.maxSize");
        return size == null ? 32 : Integer.parseInt(size.trim()); // 32 is Spring's default
    }

    /** The fixed test keys every instance of a test shares (none of them is used outside tests). */
    public static final Map<String, String> KEYS = Map.of(
            "emboss.secret-key", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
            "emboss.pan-key", "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
            "emboss.cvk", "0123456789ABCDEFFEDCBA9876543210",
            "emboss.pvk", "89ABCDEF0123456776543210FEDCBA98");

    public static String baseUrl() {
        return env("EMBOSS_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    }

    public static String user() {
        return env("EMBOSS_TEST_DB_USER", "postgres");
    }

    public static String password() {
        return env("EMBOSS_TEST_DB_PASSWORD", "");
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** Creates a new empty schema, stamped with its creation time for {@link StaleSchemas}, and returns its name. */
    public static String createSchema() {
        PostgresPreflight.require();
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        execute("CREATE SCHEMA " + schema + "; COMMENT ON SCHEMA " + schema + " IS '"
                + StaleSchemas.comment(Instant.now()) + "'");
        return schema;
    }

    public static String urlFor(String schema) {
        String base = baseUrl();
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    public static void dropSchema(String schema) {
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(baseUrl(), user(), password());
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL for tests is unavailable at " + baseUrl(), e);
        }
    }

    /**
     * The tests' webhook receivers and decision endpoints listen on 127.0.0.1, which a sandbox on
     * PostgreSQL refuses unless the operator allows it: the suite opts in explicitly, and a test
     * class that sets the property itself ({@code @TestPropertySource}) decides instead.
     */
    public static final String PRIVATE_TARGETS = "emboss.webhooks.allow-private-targets";

    /** Properties a test passes to every instance it starts on its schema (the database and the keys). */
    static final java.util.List<String> SHARED_PROPERTIES = java.util.List.of("spring.datasource.url",
            "spring.datasource.username", "spring.datasource.password", "emboss.admin-token", "emboss.secret-key",
            "emboss.pan-key", "emboss.cvk", "emboss.pvk", PRIVATE_TARGETS);

    /**
     * Starts another Emboss instance on the same schema as the test's own (a second node of a
     * cluster). Extra arguments ("--name=value") come last and win. The caller closes it.
     */
    public static ConfigurableApplicationContext secondInstance(org.springframework.core.env.Environment first,
            String... extra) {
        // one argument per name: Spring joins repeated command-line options with commas, so an extra
        // that names a shared property must replace it, not follow it
        java.util.Map<String, String> args = new java.util.LinkedHashMap<>();
        for (String property : SHARED_PROPERTIES) {
            args.put(property, first.getProperty(property, ""));
        }
        args.put("spring.datasource.hikari.maximum-pool-size", Integer.toString(SECOND_INSTANCE_POOL_SIZE));
        args.put("server.port", "0");
        args.put("spring.flyway.enabled", "false");
        for (String e : extra) {
            int eq = e.indexOf('=');
            args.put(e.substring(2, eq), e.substring(eq + 1));
        }
        // command-line arguments outrank application.yml, which default properties would not
        return new org.springframework.boot.builder.SpringApplicationBuilder(io.emboss.EmbossApplication.class)
                .run(args.entrySet().stream().map(a -> "--" + a.getKey() + "=" + a.getValue()).toArray(String[]::new));
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String schema = createSchema();
        org.springframework.core.env.PropertySource<?> inlined = context.getEnvironment().getPropertySources()
                .get(org.springframework.test.context.support.TestPropertySourceUtils
                        .INLINED_PROPERTIES_PROPERTY_SOURCE_NAME);
        if (inlined == null || !inlined.containsProperty(PRIVATE_TARGETS)) {
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("emboss-test-webhooks",
                    Map.of(PRIVATE_TARGETS, "true")));
        }
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("emboss-test-db", Map.ofEntries(
                Map.entry("spring.datasource.url", urlFor(schema)),
                Map.entry("spring.datasource.username", user()),
                Map.entry("spring.datasource.password", password()),
                Map.entry("spring.datasource.hikari.maximum-pool-size", Integer.toString(POOL_SIZE)),
                // an idle context (an outer class while its nested class runs) keeps one connection, not its pool
                Map.entry("spring.datasource.hikari.minimum-idle", "1"),
                Map.entry("spring.flyway.schemas", schema),
                Map.entry("spring.flyway.default-schema", schema),
                Map.entry("emboss.admin-token", ADMIN_TOKEN),
                Map.entry("emboss.secret-key", KEYS.get("emboss.secret-key")),
                Map.entry("emboss.pan-key", KEYS.get("emboss.pan-key")),
                Map.entry("emboss.cvk", KEYS.get("emboss.cvk")),
                Map.entry("emboss.pvk", KEYS.get("emboss.pvk")),
                Map.entry("emboss.test.schema", schema))));
        context.addApplicationListener(event -> {
            if (event instanceof ApplicationFailedEvent) {
                // a context that failed to start has closed its pool already, and never sends ContextClosedEvent
                DROPS_PENDING.add(schema);
                dropPending(schema);
            } else if (event instanceof ContextClosedEvent) {
                // the pool and the scheduled jobs stop after this event: drop once they have
                DROPS_PENDING.add(schema);
                Thread later = new Thread(() -> {
                    try {
                        Thread.sleep(2000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    dropPending(schema);
                }, "drop-" + schema);
                later.setDaemon(true);
                later.start();
            }
        });
    }

    /** Drops a schema once, whichever of the delayed drop and the shutdown hook comes first. */
    private static void dropPending(String schema) {
        if (DROPS_PENDING.remove(schema)) {
            try {
                dropSchema(schema);
            } catch (RuntimeException e) {
                // left behind: the next run's StaleSchemas sweep drops it
            }
        }
    }
}
