package io.emboss.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's packaged jar ({@code target/emboss.jar}, built by the server module first) run as an operator runs
 * it: a separate process on PostgreSQL (a fresh schema of its own, dropped on close), configured by EMBOSS_*
 * variables, on a free port. The database is the tests' (EMBOSS_TEST_DB_URL / _USER / _PASSWORD, by default
 * the local {@code test} database as {@code postgres}); the schema is named and stamped as the server's tests
 * stamp theirs, so their stale-schema sweep drops it if this JVM dies before it does.
 */
final class EmbossServer implements AutoCloseable {
    static final String ADMIN_TOKEN = "sdk-test-admin-token-0123456789";
    private static final String KEY = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    private static final Pattern LISTENING = Pattern.compile("Listening on http://localhost:(\\d+)");

    private final String schema;
    private final Process process;
    private final List<String> output = new ArrayList<>();
    private int port;

    private EmbossServer(String schema, Process process) {
        this.schema = schema;
        this.process = process;
    }

    static EmbossServer start() throws IOException {
        Path jar = Path.of(System.getProperty("emboss.server.jar", "../target/emboss.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: package the server module first");
        }
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        execute("CREATE SCHEMA " + schema + "; COMMENT ON SCHEMA " + schema + " IS 'emboss-test-schema created="
                + Instant.now().getEpochSecond() + "'");
        String base = env("EMBOSS_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/test");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-jar", jar.toAbsolutePath().toString(), "--server.port=0")
                .directory(Files.createTempDirectory("emboss-sdk-it").toFile())
                .redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("EMBOSS_"));
        pb.environment().put("EMBOSS_DB_URL", base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        pb.environment().put("EMBOSS_DB_USER", env("EMBOSS_TEST_DB_USER", "postgres"));
        pb.environment().put("EMBOSS_DB_PASSWORD", env("EMBOSS_TEST_DB_PASSWORD", ""));
        pb.environment().put("EMBOSS_DB_POOL_SIZE", "4");
        pb.environment().put("EMBOSS_ADMIN_TOKEN", ADMIN_TOKEN);
        pb.environment().put("EMBOSS_SECRET_KEY", KEY);
        pb.environment().put("EMBOSS_PAN_KEY", KEY);
        pb.environment().put("EMBOSS_CVK", "0123456789ABCDEFFEDCBA9876543210");
        pb.environment().put("EMBOSS_PVK", "89ABCDEF0123456776543210FEDCBA98");
        // the test's webhook receiver listens on 127.0.0.1
        pb.environment().put("EMBOSS_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true");
        EmbossServer server = new EmbossServer(schema, pb.start());
        try {
            server.readBanner();
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    private void readBanner() throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        String line;
        while (port == 0 && System.nanoTime() < deadline && (line = out.readLine()) != null) {
            output.add(line);
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
            }
        }
        if (port == 0) {
            throw new IllegalStateException("the server did not start:\n" + String.join("\n", output));
        }
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // discard: the server must never block on a full pipe
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "emboss-server-output");
        drain.setDaemon(true);
        drain.start();
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static void execute(String sql) {
        String url = env("EMBOSS_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/test");
        try (Connection c = DriverManager.getConnection(url, env("EMBOSS_TEST_DB_USER", "postgres"),
                env("EMBOSS_TEST_DB_PASSWORD", ""));
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL for tests is unavailable at " + url, e);
        }
    }
}
