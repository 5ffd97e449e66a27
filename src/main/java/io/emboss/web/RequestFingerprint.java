package io.emboss.web;

import io.emboss.shared.EmbeddedMode;
import io.emboss.shared.KeyMaterial;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Fingerprints a request for idempotency under a key derived from EMBOSS_SECRET_KEY. A bare hash
 * would let anyone with the table try the few possible values of a secret in the body (a 4-digit
 * PIN has 10,000); a keyed one cannot be searched without the key.
 */
@Component
public class RequestFingerprint {
    private final byte[] key;

    RequestFingerprint(@Value("${emboss.secret-key:}") String secretKey, @Value("${spring.datasource.url}") String dbUrl,
            @Value("${emboss.data-dir}") String dataDir) {
        byte[] master = KeyMaterial.load("EMBOSS_SECRET_KEY", secretKey, 64, EmbeddedMode.isEmbedded(dbUrl), dataDir);
        this.key = hmac(master, "emboss idempotency fingerprint v1".getBytes(StandardCharsets.UTF_8));
    }

    public String of(String method, String path, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
