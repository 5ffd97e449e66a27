package io.emboss.events;

import io.emboss.shared.EmbeddedMode;
import io.emboss.shared.KeyMaterial;
import io.emboss.shared.SecretBox;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Seals webhook signing secrets at rest under EMBOSS_SECRET_KEY (64 hex digits, AES-256-GCM);
 * each sealed secret is bound to its endpoint id.
 */
@Component
class WebhookSecrets {
    private final SecretBox box;

    WebhookSecrets(@Value("${emboss.secret-key:}") String key, @Value("${spring.datasource.url}") String dbUrl,
            @Value("${emboss.data-dir}") String dataDir) {
        this.box = new SecretBox(KeyMaterial.load("EMBOSS_SECRET_KEY", key, 64, EmbeddedMode.isEmbedded(dbUrl),
                dataDir));
    }

    SecretBox box() {
        return box;
    }
}
