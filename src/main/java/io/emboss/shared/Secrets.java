package io.emboss.shared;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Hashing of high-entropy secrets (API keys, tokens). They are random enough that a fast hash is
 * safe; passwords, which are not, use a slow hash instead.
 */
public final class Secrets {
    private Secrets() {
    }

    public static String sha256Hex(String secret) {
        return sha256Hex(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** The SHA-256 of bytes (a file's content), as hex. */
    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    /** A fresh SHA-256 digest, for content hashed while it streams. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JVM", e);
        }
    }

    public static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
