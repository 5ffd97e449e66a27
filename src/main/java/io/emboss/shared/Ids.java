package io.emboss.shared;

import java.security.SecureRandom;

/** Prefixed, opaque, unguessable identifiers ({@code cus_…}, {@code evt_…}). */
public final class Ids {
    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int LENGTH = 24;

    private Ids() {
    }

    public static String next(String prefix) {
        return prefix + "_" + random(LENGTH);
    }

    /** A random base62 string, used for ids and for secrets (with a longer length). */
    public static String random(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }

    /** Cheap sanity check before an id reaches SQL: prefix and base62 body of bounded length. */
    public static boolean looksLike(String id, String prefix) {
        if (id == null || !id.startsWith(prefix + "_") || id.length() > prefix.length() + 1 + 64) {
            return false;
        }
        for (int i = prefix.length() + 1; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128)) {
                return false;
            }
        }
        return id.length() > prefix.length() + 1;
    }
}
