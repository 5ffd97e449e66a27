package io.emboss.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Boots the packaged jar exactly as the README's run command does (no database settings, so the
 * embedded H2 default under ./data), reads the credentials it prints, and uses them over HTTP.
 * Then restarts it on the same data directory: the data and the printed credentials survive.
 */
class EmbeddedDefaultIT {
    private static final Pattern LISTENING = Pattern.compile("Listening on http://localhost:(\\d+)");
    private Process process;

    @AfterEach
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void the_run_command_starts_a_usable_server_on_the_embedded_default() throws Exception {
        Path workDir = Files.createTempDirectory("emboss-e2e");
        Started first = start(workDir);
        assertThat(Files.exists(workDir.resolve("data"))).isTrue();
        Api api = new Api(first.port());

        String customerEmail = "newcomer@example.com";
        Api.Resp customer = api.post("/v1/customers", first.sandboxKey(),
                Api.map("name", "Newcomer", "email", customerEmail));
        assertThat(customer.status()).as(customer.toString()).isEqualTo(201);
        String customerId = customer.text("id");
        assertThat(api.post("/v1/simulate/customers/" + customerId + "/kyc", first.sandboxKey(),
                Api.map("decision", "approved")).status()).isEqualTo(200);
        Api.Resp deposit = api.post("/v1/simulate/deposits", first.sandboxKey(),
                Api.map("customerId", customerId, "currency", "USD", "amount", "250.75"));
        assertThat(deposit.status()).as(deposit.toString()).isEqualTo(201);
        Api.Resp wallets = api.get("/v1/customers/" + customerId + "/wallets", first.sandboxKey());
        assertThat(wallets.data().get("items").get(0).get("available").asString()).isEqualTo("250.75");

        Api.Resp login = api.post("/v1/auth/login", null,
                Api.map("email", first.loginEmail(), "password", first.loginPassword()));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        assertThat(api.get("/v1/customers/" + customerId, login.text("accessToken")).status()).isEqualTo(200);

        Api.Resp verification = api.get("/v1/platform/ledger/verification", first.adminToken());
        assertThat(verification.status()).isEqualTo(200);
        assertThat(verification.data().get("balanced").asBoolean()).isTrue();
        assertThat(api.get("/actuator/health", null).status()).isEqualTo(200);
        assertThat(api.get("/v3/api-docs", null).status()).isEqualTo(200);

        stop();
        Started second = start(workDir);
        assertThat(second.adminToken()).isEqualTo(first.adminToken());
        assertThat(second.sandboxKey()).isEqualTo(first.sandboxKey());
        Api again = new Api(second.port());
        Api.Resp kept = again.get("/v1/customers/" + customerId, second.sandboxKey());
        assertThat(kept.status()).as(kept.toString()).isEqualTo(200);
        assertThat(kept.text("kycStatus")).isEqualTo("approved");
        Api.Resp list = again.get("/v1/customers", second.sandboxKey());
        assertThat(list.data().get("items").size()).isEqualTo(1);
    }

    record Started(int port, String sandboxKey, String adminToken, String loginEmail, String loginPassword) {
    }

    private Started start(Path workDir) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("user.dir"), "target", "emboss.jar");
        assertThat(jar).exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-jar", jar.toString(), "--server.port=0")
                .directory(workDir.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("EMBOSS_"));
        process = pb.start();
        List<String> lines = new ArrayList<>();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        Integer port = null;
        String key = null;
        String admin = null;
        String email = null;
        String password = null;
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            lines.add(line);
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
            } else if (line.startsWith("Sandbox API key:")) {
                key = line.substring(line.indexOf(':') + 1).trim();
            } else if (line.startsWith("Platform admin token:")) {
                admin = line.substring(line.indexOf(':') + 1).trim();
            } else if (line.startsWith("Dashboard login:")) {
                String[] parts = line.substring(line.indexOf(':') + 1).trim().split(" / ");
                email = parts[0].trim();
                password = parts[1].trim();
            } else if (line.startsWith("=====") && port != null) {
                break;
            }
        }
        assertThat(port).as("server output:\n" + String.join("\n", lines)).isNotNull();
        assertThat(key).as(String.join("\n", lines)).startsWith("sk_test_");
        assertThat(admin).as(String.join("\n", lines)).isNotBlank();
        assertThat(email).isEqualTo("admin@emboss.local");
        // keep draining the output so the server never blocks on a full pipe
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
        return new Started(port, key, admin, email, password);
    }
}
