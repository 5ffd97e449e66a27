package io.emboss.network;

import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * ISO 9564 format 0 PIN blocks under a double-length 3DES zone PIN key: the clear block is
 * {@code 0 L P P P P (P…) F…} XOR {@code 0000} and the rightmost 12 PAN digits before the check
 * digit. A block that does not decode to that shape (a wrong key, a wrong PAN, garbage) yields
 * nothing, and the PIN is never kept beyond the call.
 */
final class PinBlocks {
    private final SecretKeySpec zpk;

    PinBlocks(byte[] doubleLengthKey) {
        if (doubleLengthKey.length != 16) {
            throw new IllegalArgumentException("a zone PIN key is 16 bytes (32 hex digits)");
        }
        byte[] k = new byte[24];
        System.arraycopy(doubleLengthKey, 0, k, 0, 16);
        System.arraycopy(doubleLengthKey, 0, k, 16, 8);
        this.zpk = new SecretKeySpec(k, "DESede");
    }

    /** The clear PIN of an encrypted block (16 hex digits) for this PAN, if the block is well formed. */
    Optional<String> clearPin(String encryptedHex, String pan) {
        if (encryptedHex == null || encryptedHex.length() != 16 || pan == null || pan.length() < 13) {
            return Optional.empty();
        }
        byte[] clear = crypt(Cipher.DECRYPT_MODE, HexFormat.of().parseHex(encryptedHex));
        byte[] panBlock = panBlock(pan);
        for (int i = 0; i < 8; i++) {
            clear[i] ^= panBlock[i];
        }
        String block = HexFormat.of().withUpperCase().formatHex(clear);
        int length = Character.digit(block.charAt(1), 16);
        if (block.charAt(0) != '0' || length < 4 || length > 12) {
            return Optional.empty();
        }
        String pin = block.substring(2, 2 + length);
        String fill = block.substring(2 + length);
        if (!pin.chars().allMatch(c -> c >= '0' && c <= '9') || !fill.chars().allMatch(c -> c == 'F')) {
            return Optional.empty();
        }
        return Optional.of(pin);
    }

    /** The encrypted block of a PIN (for tests and the command-line client's counterpart). */
    String encrypt(String pin, String pan) {
        String block = "0" + Integer.toHexString(pin.length()).toUpperCase() + pin;
        block = block + "F".repeat(16 - block.length());
        byte[] clear = HexFormat.of().parseHex(block);
        byte[] panBlock = panBlock(pan);
        for (int i = 0; i < 8; i++) {
            clear[i] ^= panBlock[i];
        }
        return HexFormat.of().withUpperCase().formatHex(crypt(Cipher.ENCRYPT_MODE, clear));
    }

    private static byte[] panBlock(String pan) {
        String digits = pan.substring(pan.length() - 13, pan.length() - 1);
        return HexFormat.of().parseHex("0000" + digits);
    }

    private byte[] crypt(int mode, byte[] block) {
        try {
            Cipher c = Cipher.getInstance("DESede/ECB/NoPadding");
            c.init(mode, zpk);
            return c.doFinal(block);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("3DES unavailable", e);
        }
    }
}
