package io.emboss.support;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.env.Environment;

/**
 * Another Emboss node in a process of its own, on the test's schema, that a test can kill -9:
 * what a crashed server leaves behind (an open transaction, a half-done request) is then real.
 */
public final class EmbossProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private EmbossProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts a node sharing the first instance's database and keys; {@code extra} are name=value pairs. */
    public static EmbossProcess start(Environment first, String... extra) throws IOException, InterruptedException {
        int port = freePort();
        Map<String, String> args = new LinkedHashMap<>();
        for (String property : PostgresSchema.SHARED_PROPERTIES) {
            args.put(property, first.getProperty(property, ""));
        }
        args.put("spring.datasource.hikari.maximum-pool-size", "4");
        args.put("spring.flyway.enabled", "false");
        args.put("server.port", Integer.toString(port));
        args.put("emboss.iso8583.enabled", "false");
        for (String e : extra) {
            int eq = e.indexOf('=');
            args.put(e.substring(0, eq), e.substring(eq + 1));
        }
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "io.emboss.EmbossApplication"));
        args.forEach((k, v) -> command.add("--" + k + "=" + v));
        Path log = Files.createTempFile("emboss-node-", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        EmbossProcess node = new EmbossProcess(process, port, log);
        node.awaitReady(Duration.ofSeconds(180));
        return node;
    }

    public int port() {
        return port;
    }

    /** SIGKILL: no shutdown hook, no rollback sent, sockets closed by the kernel. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Emboss node exited at start; its log: " + log);
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/health")).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the Emboss node did not become healthy; its log: " + log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
        new File(log.toString()).delete();
    }
}
