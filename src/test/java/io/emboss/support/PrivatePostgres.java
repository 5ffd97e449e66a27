package io.emboss.support;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of the test's own, made with the machine's PostgreSQL binaries in a
 * temporary directory and listening on a free port, so a test may stop it, crash it, pause its
 * processes and terminate its connections without touching the shared test database. When the
 * JVM runs as root the cluster runs as the {@code postgres} system user (PostgreSQL refuses root).
 */
public final class PrivatePostgres implements AutoCloseable {
    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgresUser;

    private PrivatePostgres(Path bin, Path dir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** The directory of initdb and pg_ctl: EMBOSS_TEST_PG_BIN, else the newest /usr/lib/postgresql/N/bin. */
    public static Optional<Path> binaries() {
        String configured = System.getenv("EMBOSS_TEST_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(p -> Files.isExecutable(p.resolve("initdb")));
        }
        File[] versions = new File("/usr/lib/postgresql").listFiles();
        if (versions == null) {
            return Optional.empty();
        }
        return Arrays.stream(versions).map(v -> v.toPath().resolve("bin"))
                .filter(p -> Files.isExecutable(p.resolve("initdb")) && Files.isExecutable(p.resolve("pg_ctl")))
                .max(Comparator.comparingInt(p -> versionOf(p.getParent().getFileName().toString())));
    }

    private static int versionOf(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public static PrivatePostgres start(Path bin) throws IOException, InterruptedException {
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("emboss-pg-");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        PrivatePostgres pg = new PrivatePostgres(bin, dir, port, root);
        if (root) {
            pg.run(List.of("chown", "postgres:postgres", dir.toString()), false);
        }
        pg.run(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-A", "trust",
                "-U", "postgres", "--no-sync", "-E", "UTF8"), true);
        Files.writeString(dir.resolve("data").resolve("postgresql.conf"), String.join("\n",
                "port = " + port, "listen_addresses = '127.0.0.1'", "unix_socket_directories = '" + dir + "'",
                "max_connections = 60", "shared_buffers = 32MB", "fsync = on", "log_min_messages = warning", ""),
                java.nio.file.StandardOpenOption.APPEND);
        pg.startServer();
        return pg;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public void startServer() throws IOException, InterruptedException {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
                dir.resolve("server.log").toString(), "-w", "-t", "60", "start"), true);
    }

    /** {@code fast}: connections terminated, clean shutdown; {@code immediate}: a crash, WAL recovery at start. */
    public void stopServer(String mode) throws IOException, InterruptedException {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", mode, "-w",
                "stop"), true);
    }

    /** SIGSTOP (true) or SIGCONT (false) to the postmaster and every backend: a database that hangs. */
    public void pause(boolean stop) throws IOException, InterruptedException {
        List<String> pids = processes();
        List<String> command = new ArrayList<>(List.of("kill", stop ? "-STOP" : "-CONT"));
        command.addAll(pids);
        run(command, false);
    }

    /** pg_terminate_backend of every client connection but this one. */
    public int terminateConnections() throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), "postgres", "");
             var rs = c.createStatement().executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                     + "WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private List<String> processes() throws IOException {
        String postmaster = Files.readAllLines(dir.resolve("data").resolve("postmaster.pid")).get(0).trim();
        List<String> pids = new ArrayList<>(List.of(postmaster));
        try (Stream<ProcessHandle> children = ProcessHandle.of(Long.parseLong(postmaster))
                .map(ProcessHandle::children).orElse(Stream.empty())) {
            children.forEach(p -> pids.add(Long.toString(p.pid())));
        }
        return pids;
    }

    private void run(List<String> command, boolean asPostgres) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgres && asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", full) + " failed: " + out);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            pause(false);
            stopServer("immediate");
        } catch (IOException alreadyStopped) {
            // nothing to stop
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
