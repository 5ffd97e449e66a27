package io.emboss.tenancy;

import io.emboss.shared.Caller;
import io.emboss.shared.Ids;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * On the embedded default, the first start creates a sandbox tenant so a newcomer can call the
 * API at once; its credentials are printed and kept in data/first-run-credentials.txt (readable
 * by the owner only). Every start prints where the server listens and the admin token.
 */
@Component
class FirstRun {
    private static final Logger log = LoggerFactory.getLogger(FirstRun.class);

    private final TenantService tenants;
    private final AdminTokenSource adminToken;
    private final Environment environment;
    private final String dbUrl;
    private final String dataDir;

    FirstRun(TenantService tenants, AdminTokenSource adminToken, Environment environment,
            @Value("${spring.datasource.url}") String dbUrl, @Value("${emboss.data-dir}") String dataDir) {
        this.tenants = tenants;
        this.adminToken = adminToken;
        this.environment = environment;
        this.dbUrl = dbUrl;
        this.dataDir = dataDir;
    }

    @EventListener(ApplicationReadyEvent.class)
    void onReady() throws IOException {
        String port = environment.getProperty("local.server.port", "8080");
        StringBuilder out = new StringBuilder("\n================ Emboss ================\n");
        out.append("Listening on http://localhost:").append(port).append("  (OpenAPI UI: /docs)\n");
        out.append("Dashboard:    http://localhost:").append(port).append("/dashboard\n");
        if (io.emboss.shared.EmbeddedMode.isEmbedded(dbUrl)) {
            out.append("Embedded default database (H2) under ").append(Path.of(dataDir).toAbsolutePath())
                    .append(" -- for trying Emboss, not for production.\n");
            Path credentials = Path.of(dataDir, "first-run-credentials.txt");
            if (!tenants.any()) {
                String password = Ids.random(20);
                // the embedded default's first start acts as its operator
                var created = tenants.create(Caller.platformAdmin(), "Sandbox tenant", "admin@emboss.local", password)
                        .value();
                String text = "Dashboard login:   admin@emboss.local / " + password + "\n"
                        + "Sandbox API key:   " + created.sandboxApiKey() + "\n"
                        + "Live API key:      " + created.liveApiKey() + "\n"
                        + "Tenant id:         " + created.tenant().id() + "\n";
                Files.createDirectories(credentials.getParent());
                Files.writeString(credentials, text, StandardCharsets.UTF_8);
                AdminTokenSource.restrict(credentials);
                out.append("Created a sandbox tenant on first start:\n").append(text);
            } else if (Files.exists(credentials)) {
                out.append(Files.readString(credentials, StandardCharsets.UTF_8));
            }
            if (adminToken.generated()) {
                out.append("Platform admin token: ").append(adminToken.token())
                        .append("\nWARNING: development secrets were generated into ").append(dataDir)
                        .append("; set EMBOSS_ADMIN_TOKEN and EMBOSS_DB_URL for production.\n");
            }
        }
        out.append("=========================================");
        // printed to stdout, not the log: these are the newcomer's credentials, not log events
        System.out.println(out);
        log.info("Emboss ready on port {}", port);
    }
}
