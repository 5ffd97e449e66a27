package io.emboss;

import io.emboss.shared.EmbeddedMode;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Before anything starts: on a production database every secret must be configured, and an
 * operator sees every missing or malformed one in a single message, not one per restart.
 */
public class ProductionSettings implements EnvironmentPostProcessor, Ordered {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        String dbUrl = env.getProperty("spring.datasource.url");
        if (EmbeddedMode.isEmbedded(dbUrl)) {
            return;
        }
        List<String> problems = new ArrayList<>();
        String admin = env.getProperty("emboss.admin-token", "");
        if (admin.isBlank()) {
            problems.add("EMBOSS_ADMIN_TOKEN is required when EMBOSS_DB_URL is set "
                    + "(the platform operator's bearer token, at least 16 characters)");
        } else if (admin.trim().length() < 16) {
            problems.add("EMBOSS_ADMIN_TOKEN must be at least 16 characters");
        }
        requireHex(env, "emboss.secret-key", "EMBOSS_SECRET_KEY", 64, problems);
        requireHex(env, "emboss.pan-key", "EMBOSS_PAN_KEY", 64, problems);
        requireHex(env, "emboss.cvk", "EMBOSS_CVK", 32, problems);
        requireHex(env, "emboss.pvk", "EMBOSS_PVK", 32, problems);
        if ("true".equalsIgnoreCase(env.getProperty("emboss.iso8583.enabled", "").trim())) {
            // the ISO 8583 front is off on a production database unless asked for; then it needs its key
            requireHex(env, "emboss.iso8583.zpk", "EMBOSS_ZPK", 32, problems);
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Emboss cannot start on " + dbUrl.replaceAll("password=[^&;]*", "password=***")
                    + ":\n  - " + String.join("\n  - ", problems));
        }
    }

    private static void requireHex(ConfigurableEnvironment env, String property, String variable, int digits,
            List<String> problems) {
        String value = env.getProperty(property, "");
        if (value.isBlank()) {
            problems.add(variable + " is required when EMBOSS_DB_URL is set (" + digits
                    + " hexadecimal digits, e.g. from: openssl rand -hex " + digits / 2 + ")");
        } else if (!value.trim().matches("[0-9a-fA-F]{" + digits + "}")) {
            problems.add(variable + " must be exactly " + digits + " hexadecimal digits");
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
