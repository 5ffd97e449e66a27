package io.emboss.network;

import com.solab.iso8583.IsoMessage;
import com.solab.iso8583.IsoType;
import com.solab.iso8583.MessageFactory;
import com.solab.iso8583.parse.FieldParseInfo;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The wire format of jPOS's ISO87APackager: ISO 8583:1987, ASCII MTI, hex-ASCII bitmap (16 or 32
 * characters), ASCII fields, variable fields with 2 or 3 ASCII length digits. j8583 does the bitmap
 * and the field layout; this class adds what j8583 leaves to its caller on input from a stranger:
 * printable ASCII only, a well-formed bitmap, each field's content and maximum length, and no
 * bytes left over.
 */
final class Iso87A {
    /** ISO-8859-1 maps bytes to chars one to one, so lengths stay byte lengths. */
    static final String ENCODING = StandardCharsets.ISO_8859_1.name();

    enum Content {
        /** digits */
        N,
        /** printable ASCII */
        ANS,
        /** hex digits (a binary field, 2 characters a byte) */
        HEX,
        /** C or D, then digits (ISO87A's IFA_AMOUNT) */
        AMOUNT
    }

    /** One field of the layout: fixed (ALPHA, at {@code length}) or variable (LLVAR/LLLVAR, up to it). */
    record Spec(IsoType type, int length, Content content) {
        boolean variable() {
            return type != IsoType.ALPHA;
        }
    }

    static final Spec[] FIELDS = new Spec[129];

    static {
        int[] n = {3, 6, 4, 12, 5, 12, 6, 12, 7, 10, 8, 8, 9, 8, 10, 8, 11, 6, 12, 6, 13, 4, 14, 4, 15, 4, 16, 4,
            17, 4, 18, 4, 19, 3, 20, 3, 21, 3, 22, 3, 23, 3, 24, 3, 25, 2, 26, 2, 27, 1, 53, 16, 66, 1, 67, 2, 68, 3,
            69, 3, 70, 3, 71, 4, 72, 4, 73, 6, 74, 10, 75, 10, 76, 10, 77, 10, 78, 10, 79, 10, 80, 10, 81, 10, 82, 12,
            83, 12, 84, 12, 85, 12, 86, 16, 87, 16, 88, 16, 89, 16, 90, 42};
        for (int i = 0; i < n.length; i += 2) {
            FIELDS[n[i]] = new Spec(IsoType.ALPHA, n[i + 1], Content.N);
        }
        int[] ans = {37, 12, 38, 6, 39, 2, 40, 3, 41, 8, 42, 15, 43, 40, 49, 3, 50, 3, 51, 3, 91, 1, 92, 2, 93, 5,
            94, 7, 95, 42, 98, 25};
        for (int i = 0; i < ans.length; i += 2) {
            FIELDS[ans[i]] = new Spec(IsoType.ALPHA, ans[i + 1], Content.ANS);
        }
        for (int f : new int[] {52, 64, 65, 96, 128}) {
            FIELDS[f] = new Spec(IsoType.ALPHA, (f == 65 ? 1 : f == 96 ? 16 : 8) * 2, Content.HEX);
        }
        for (int f = 28; f <= 31; f++) {
            FIELDS[f] = new Spec(IsoType.ALPHA, 9, Content.AMOUNT);
        }
        FIELDS[97] = new Spec(IsoType.ALPHA, 17, Content.AMOUNT);
        int[] llnum = {2, 19, 32, 11, 33, 11, 35, 37, 99, 11, 100, 11};
        for (int i = 0; i < llnum.length; i += 2) {
            FIELDS[llnum[i]] = new Spec(IsoType.LLVAR, llnum[i + 1], Content.N);
        }
        int[] llchar = {34, 28, 44, 25, 45, 76, 101, 17, 102, 28, 103, 28};
        for (int i = 0; i < llchar.length; i += 2) {
            FIELDS[llchar[i]] = new Spec(IsoType.LLVAR, llchar[i + 1], Content.ANS);
        }
        for (int f = 2; f <= 128; f++) {
            if (FIELDS[f] == null) {
                // 36, 46-48, 54-63, 104-127: LLLVAR; 36 is 104 long at most, 54 120, 104 100, the rest 999
                FIELDS[f] = new Spec(IsoType.LLLVAR, f == 36 ? 104 : f == 54 ? 120 : f == 104 ? 100 : 999, Content.ANS);
            }
        }
    }

    /** What a frame turned out to be. */
    static final class Decoded {
        /** The MTI when the first four bytes are digits, else null (the stream is out of step). */
        final String mti;
        /** The message when it is well formed, else null. */
        final NetworkMessage message;
        /** Why it is not well formed (names fields, never values). */
        final String problem;
        /** When not well formed: the matching fields (7, 11, 32, 37, 41) that could be read, for the 30. */
        final NetworkMessage matching;

        private Decoded(String mti, NetworkMessage message, String problem) {
            this(mti, message, problem, null);
        }

        private Decoded(String mti, NetworkMessage message, String problem, NetworkMessage matching) {
            this.mti = mti;
            this.message = message;
            this.problem = problem;
            this.matching = matching;
        }

        Decoded withMatching(NetworkMessage m) {
            return new Decoded(mti, message, problem, m);
        }

        boolean ok() {
            return message != null;
        }
    }

    private final MessageFactory<IsoMessage> factory = new MessageFactory<>();

    Iso87A() {
        factory.setCharacterEncoding(ENCODING);
        factory.setUseBinaryMessages(false);
        factory.setUseBinaryBitmap(false);
        Map<Integer, FieldParseInfo> guide = new HashMap<>();
        for (int f = 2; f <= 128; f++) {
            guide.put(f, FieldParseInfo.getInstance(FIELDS[f].type(), FIELDS[f].variable() ? 0 : FIELDS[f].length(),
                    ENCODING));
        }
        factory.setParseMap(LAYOUT_TYPE, guide);
    }

    /** Every MTI shares ISO87APackager's one layout; j8583 wants a guide per type, so it is parsed as this. */
    private static final int LAYOUT_TYPE = 0x0800;

    Decoded decode(byte[] frame) {
        Decoded d = strictly(frame);
        return d.mti == null || d.ok() ? d : d.withMatching(new NetworkMessage(d.mti, matchingFields(frame)));
    }

    /** Fields an ISOMux-style peer matches a response by; a 30 repeats those that read well. */
    static final int[] MATCHING = {7, 11, 32, 37, 41};

    /**
     * Walks the bitmap as far as the layout can be followed and keeps the {@link #MATCHING} fields
     * that are well formed on their own, whatever is wrong elsewhere in the message.
     */
    static Map<Integer, String> matchingFields(byte[] frame) {
        Map<Integer, String> found = new TreeMap<>();
        if (frame.length < 20 || !hex(frame, 4, 20)) {
            return found;
        }
        boolean secondary = Character.digit(frame[4], 16) >= 8;
        if (secondary && (frame.length < 36 || !hex(frame, 20, 36))) {
            return found;
        }
        int last = secondary ? 128 : 64;
        int at = secondary ? 36 : 20;
        for (int f = 2; f <= last && f <= 41; f++) {
            int nibble = Character.digit(frame[4 + (f - 1) / 4], 16);
            if ((nibble & (8 >> ((f - 1) % 4))) == 0) {
                continue;
            }
            Spec spec = FIELDS[f];
            int prefix = spec.type() == IsoType.LLVAR ? 2 : spec.type() == IsoType.LLLVAR ? 3 : 0;
            int length = spec.length();
            if (prefix > 0) {
                if (at + prefix > frame.length || !digits(frame, at, at + prefix)) {
                    return found;
                }
                length = Integer.parseInt(new String(frame, at, prefix, StandardCharsets.US_ASCII));
                if (length > spec.length()) {
                    return found;
                }
                at += prefix;
            }
            if (at + length > frame.length) {
                return found;
            }
            String value = new String(frame, at, length, StandardCharsets.ISO_8859_1);
            at += length;
            boolean printable = value.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
            int field = f;
            if (java.util.Arrays.stream(MATCHING).anyMatch(m -> m == field) && printable
                    && matches(value, spec.content())) {
                found.put(f, value);
            }
        }
        return found;
    }

    private Decoded strictly(byte[] frame) {
        String mti = frame.length >= 4 && digits(frame, 0, 4) ? new String(frame, 0, 4, StandardCharsets.US_ASCII)
                : null;
        if (mti == null) {
            return new Decoded(null, null, "no MTI");
        }
        for (byte b : frame) {
            if (b < 0x20 || b > 0x7e) {
                return new Decoded(mti, null, "bytes outside printable ASCII");
            }
        }
        if (frame.length < 20 || !hex(frame, 4, 20)) {
            return new Decoded(mti, null, "primary bitmap is not 16 hex digits");
        }
        boolean secondary = Character.digit(frame[4], 16) >= 8;
        if (secondary && (frame.length < 36 || !hex(frame, 20, 36))) {
            return new Decoded(mti, null, "secondary bitmap is not 16 hex digits");
        }
        IsoMessage parsed;
        byte[] copy = frame.clone();
        copy[0] = '0';
        copy[1] = '8';
        copy[2] = '0';
        copy[3] = '0';
        try {
            parsed = factory.parseMessage(copy, 0);
        } catch (java.text.ParseException | java.io.UnsupportedEncodingException | RuntimeException e) {
            // j8583's messages name positions and fields, not values
            return new Decoded(mti, null, "fields do not match the bitmap");
        }
        Map<Integer, String> fields = new TreeMap<>();
        int consumed = secondary ? 36 : 20;
        for (int f = 2; f <= 128; f++) {
            if (!parsed.hasField(f)) {
                continue;
            }
            Object raw = parsed.getObjectValue(f);
            String value = raw == null ? "" : raw.toString();
            Spec spec = FIELDS[f];
            if (spec.variable() ? value.length() > spec.length() : value.length() != spec.length()) {
                return new Decoded(mti, null, "field " + f + " has a wrong length");
            }
            if (!matches(value, spec.content())) {
                return new Decoded(mti, null, "field " + f + " is not " + spec.content());
            }
            consumed += value.length() + (spec.type() == IsoType.LLVAR ? 2 : spec.type() == IsoType.LLLVAR ? 3 : 0);
            fields.put(f, value);
        }
        if (consumed != frame.length) {
            return new Decoded(mti, null, "the frame is longer or shorter than its fields");
        }
        return new Decoded(mti, new NetworkMessage(mti, fields), null);
    }

    byte[] encode(NetworkMessage m) {
        IsoMessage out = new IsoMessage();
        out.setCharacterEncoding(ENCODING);
        out.setBinary(false);
        out.setBinaryBitmap(false);
        out.setType(Integer.parseInt(m.mti(), 16));
        for (Map.Entry<Integer, String> e : m.fields().entrySet()) {
            Spec spec = FIELDS[e.getKey()];
            String value = spec.variable() ? e.getValue() : fit(e.getValue(), spec);
            out.setValue(e.getKey(), value, spec.type(), spec.variable() ? 0 : spec.length());
        }
        return out.writeData();
    }

    /** A fixed field at its width: numbers zero-padded on the left, text space-padded on the right. */
    static String fit(String value, Spec spec) {
        boolean number = spec.content() == Content.N;
        if (value.length() >= spec.length()) {
            return number ? value.substring(value.length() - spec.length()) : value.substring(0, spec.length());
        }
        String pad = (number ? "0" : " ").repeat(spec.length() - value.length());
        return number ? pad + value : value + pad;
    }

    private static boolean matches(String value, Content content) {
        switch (content) {
            case N:
                return value.chars().allMatch(c -> c >= '0' && c <= '9');
            case HEX:
                return value.chars().allMatch(c -> Character.digit(c, 16) >= 0);
            case AMOUNT:
                return !value.isEmpty() && (value.charAt(0) == 'C' || value.charAt(0) == 'D')
                        && value.substring(1).chars().allMatch(c -> c >= '0' && c <= '9');
            default:
                return true; // printable ASCII was checked for the whole frame
        }
    }

    private static boolean digits(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean hex(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Character.digit(b[i], 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
