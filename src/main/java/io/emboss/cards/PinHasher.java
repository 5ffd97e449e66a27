package io.emboss.cards;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * PINs are stored as {@code pbkdf2$iterations$salt$hash}: PBKDF2-HMAC-SHA256 over the PIN
 * peppered by HMAC under the PIN verification key (EMBOSS_PVK). A stolen database alone does not
 * let anyone try the 10^4–10^6 possible PINs offline; without the key the hash is useless, and
 * with it each guess still costs the slow hash. A PIN is never recoverable.
 */
final class PinHasher {
    private static final int ITERATIONS = 20_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private final byte[] pepperKey;

    PinHasher(byte[] pvk) {
        this.pepperKey = pvk.clone();
    }

    String hash(String cardId, String pin) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return "pbkdf2$" + ITERATIONS + "$" + Base64.getEncoder().encodeToString(salt) + "$"
                + Base64.getEncoder().encodeToString(derive(cardId, pin, salt, ITERATIONS));
    }

    boolean matches(String cardId, String pin, String stored) {
        if (stored == null) {
            return false;
        }
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals("pbkdf2")) {
            return false;
        }
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        byte[] actual = derive(cardId, pin, Base64.getDecoder().decode(parts[2]), Integer.parseInt(parts[1]));
        return MessageDigest.isEqual(expected, actual);
    }

    private byte[] derive(String cardId, String pin, byte[] salt, int iterations) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(pepperKey, "HmacSHA256"));
            byte[] peppered = mac.doFinal((cardId + ":" + pin).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            char[] password = Base64.getEncoder().encodeToString(peppered).toCharArray();
            SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
            return f.generateSecret(new PBEKeySpec(password, salt, iterations, 256)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2 unavailable", e);
        }
    }
}
