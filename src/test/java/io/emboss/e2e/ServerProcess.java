package io.emboss.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged jar run as a separate process, as a user runs it: {@code java -jar target/emboss.jar}.
 * Reads its output until the start banner ends (or the process exits).
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("Listening on http://localhost:(\\d+)");
    private static final Pattern ISO8583 = Pattern.compile("ISO 8583 listening on port (\\d+)");

    final Process process;
    final List<String> lines = new ArrayList<>();
    Integer port;
    /** The ISO 8583 listener's port, when it is on (it is on the embedded default). */
    Integer iso8583Port;
    String sandboxKey;
    String adminToken;
    String loginEmail;
    String loginPassword;

    private ServerProcess(Process process) {
        this.process = process;
    }

    /** Starts the jar in workDir with only the given EMBOSS_* variables set. */
    static ServerProcess start(Path workDir, Map<String, String> embossEnv) throws IOException {
        Path jar = Path.of(System.getProperty("user.dir"), "target", "emboss.jar");
        if (!jar.toFile().exists()) {
            throw new IllegalStateException("run the package phase first: " + jar + " is missing");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-jar", jar.toString(), "--server.port=0",
                "--emboss.iso8583.port=0")
                .directory(workDir.toFile())
                .redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("EMBOSS_"));
        pb.environment().putAll(embossEnv);
        ServerProcess server = new ServerProcess(pb.start());
        server.readBanner();
        return server;
    }

    private void readBanner() throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            lines.add(line);
            Matcher m = LISTENING.matcher(line);
            Matcher iso = ISO8583.matcher(line);
            if (iso.find()) {
                iso8583Port = Integer.parseInt(iso.group(1));
            }
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
            } else if (line.startsWith("Sandbox API key:")) {
                sandboxKey = after(line);
            } else if (line.startsWith("Platform admin token:")) {
                adminToken = after(line);
            } else if (line.startsWith("Dashboard login:")) {
                String[] parts = after(line).split(" / ");
                loginEmail = parts[0].trim();
                loginPassword = parts[1].trim();
            } else if (line.startsWith("=====") && port != null) {
                break;
            }
        }
        // keep draining so the server never blocks on a full pipe
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // discard
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        drain.setDaemon(true);
        drain.start();
    }

    private static String after(String line) {
        return line.substring(line.indexOf(':') + 1).trim();
    }

    String output() {
        return String.join("\n", lines);
    }

    /** Waits for the process to exit by itself (a refused start-up) and returns its exit code. */
    int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("the server did not exit:\n" + output());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
