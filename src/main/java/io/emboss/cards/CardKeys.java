package io.emboss.cards;

import io.emboss.shared.EmbeddedMode;
import io.emboss.shared.KeyMaterial;
import io.emboss.shared.SecretBox;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The card keys: EMBOSS_PAN_KEY (AES-256, seals PANs; an HMAC key derived from it fingerprints
 * them), EMBOSS_CVK (double-length DES card verification key) and EMBOSS_PVK (PIN key).
 */
@Component
public class CardKeys {
    private final SecretBox panBox;
    private final byte[] fingerprintKey;
    private final byte[] cvk;
    private final PinHasher pins;

    CardKeys(@Value("${emboss.pan-key:}") String panKey, @Value("${emboss.cvk:}") String cvk,
            @Value("${emboss.pvk:}") String pvk, @Value("${spring.datasource.url}") String dbUrl,
            @Value("${emboss.data-dir}") String dataDir) {
        boolean embedded = EmbeddedMode.isEmbedded(dbUrl);
        byte[] pan = KeyMaterial.load("EMBOSS_PAN_KEY", panKey, 64, embedded, dataDir);
        this.panBox = new SecretBox(pan);
        this.fingerprintKey = hmac(pan, "emboss pan fingerprint v1".getBytes(StandardCharsets.UTF_8));
        this.cvk = KeyMaterial.load("EMBOSS_CVK", cvk, 32, embedded, dataDir);
        this.pins = new PinHasher(KeyMaterial.load("EMBOSS_PVK", pvk, 32, embedded, dataDir));
    }

    String sealPan(String cardId, String pan) {
        return panBox.seal(pan, cardId);
    }

    String openPan(String cardId, String sealed) {
        return panBox.open(sealed, cardId);
    }

    /** A keyed fingerprint: finds a card by PAN without decrypting every card. */
    public String fingerprint(String pan) {
        return HexFormat.of().formatHex(hmac(fingerprintKey, pan.getBytes(StandardCharsets.UTF_8)));
    }

    String cvv2(String pan, int expiryMonth, int expiryYear) {
        String yymm = String.format("%02d%02d", expiryYear % 100, expiryMonth);
        return CardVerificationValue.cvv2(cvk, pan, yymm);
    }

    PinHasher pins() {
        return pins;
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
