package io.emboss.cards;

import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Visa CVV algorithm (also used by Mastercard for CVC). CVV2 is this with service code 000
 * and the expiry as YYMM. Emboss never stores a CVV; it computes one on demand from the card
 * verification key (a double-length DES key: CVK-A and CVK-B).
 *
 * <ol>
 *   <li>PAN + expiry + service code, right-padded with zeros to 32 hex digits, in two blocks;</li>
 *   <li>block 1 is DES-encrypted under CVK-A and XORed with block 2;</li>
 *   <li>the result is encrypted with triple DES (encrypt A, decrypt B, encrypt A);</li>
 *   <li>decimalisation: the decimal digits of the result from left to right, then its hex
 *       letters A-F as 0-5; the first three are the CVV.</li>
 * </ol>
 */
public final class CardVerificationValue {
    private CardVerificationValue() {
    }

    public static String cvv2(byte[] cvk, String pan, String expiryYymm) {
        return compute(cvk, pan, expiryYymm, "000", 3);
    }

    public static String compute(byte[] cvk, String pan, String expiry, String serviceCode, int length) {
        if (cvk.length != 16) {
            throw new IllegalArgumentException("CVK must be a double-length DES key (16 bytes)");
        }
        String data = pan + expiry + serviceCode;
        if (data.length() > 32 || !data.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("PAN, expiry and service code must be at most 32 digits");
        }
        StringBuilder padded = new StringBuilder(data);
        while (padded.length() < 32) {
            padded.append('0');
        }
        byte[] block1 = HexFormat.of().parseHex(padded.substring(0, 16));
        byte[] block2 = HexFormat.of().parseHex(padded.substring(16, 32));
        byte[] keyA = java.util.Arrays.copyOfRange(cvk, 0, 8);
        byte[] keyB = java.util.Arrays.copyOfRange(cvk, 8, 16);
        byte[] step = des(Cipher.ENCRYPT_MODE, keyA, block1);
        for (int i = 0; i < 8; i++) {
            step[i] ^= block2[i];
        }
        step = des(Cipher.ENCRYPT_MODE, keyA, des(Cipher.DECRYPT_MODE, keyB, des(Cipher.ENCRYPT_MODE, keyA, step)));
        String hex = HexFormat.of().withUpperCase().formatHex(step);
        StringBuilder digits = new StringBuilder();
        for (char c : hex.toCharArray()) {
            if (Character.isDigit(c)) {
                digits.append(c);
            }
        }
        for (char c : hex.toCharArray()) {
            if (!Character.isDigit(c)) {
                digits.append((char) ('0' + (c - 'A')));
            }
        }
        return digits.substring(0, length);
    }

    private static byte[] des(int mode, byte[] key, byte[] block) {
        try {
            Cipher cipher = Cipher.getInstance("DES/ECB/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "DES"));
            return cipher.doFinal(block);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("DES unavailable in this JVM", e);
        }
    }
}
