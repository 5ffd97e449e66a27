package io.emboss.web;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * What text a request may carry, checked once for every endpoint: JSON strings must be valid
 * Unicode (no unpaired UTF-16 surrogate, which PostgreSQL's driver would store as {@code ?}) without
 * NUL or other control characters (tab, LF and CR excepted; single-line fields refuse those too, see
 * {@link Fields#text}); query parameters and path segments must be percent-encoded UTF-8 without
 * any control character. Also decides which names of a request may be echoed in an error.
 */
final class RequestText {
    static final String NOT_UNICODE = "must be valid Unicode text (it has an unpaired UTF-16 surrogate)";
    static final String CONTROL = "must not contain NUL or control characters";
    /** A name we may repeat in an error or a log: an identifier, never something that could be a PAN. */
    private static final Pattern ECHOABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\[\\]-]{0,63}");
    private static final Pattern LONG_NUMBER = Pattern.compile(".*\\d{5,}.*");

    private RequestText() {
    }

    /** Why a string of a JSON body is refused, or null when it is acceptable. */
    static String jsonTextProblem(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return NOT_UNICODE;
            } else if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                return CONTROL;
            }
        }
        return null;
    }

    /**
     * A percent-encoded component (a query parameter's name or value, a path) decoded strictly: every
     * {@code %} followed by two hex digits, the bytes valid UTF-8 (no overlong forms, no encoded
     * surrogates), no control character at all. Null when any of that fails.
     */
    static String decode(String raw, boolean plusIsSpace) {
        byte[] bytes = new byte[raw.length()];
        int n = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || !HexFormat.isHexDigit(raw.charAt(i + 1))
                        || !HexFormat.isHexDigit(raw.charAt(i + 2))) {
                    return null;
                }
                bytes[n++] = (byte) HexFormat.fromHexDigits(raw, i + 1, i + 3);
                i += 2;
            } else if (c > 0x7e || c < 0x20) {
                return null;
            } else {
                bytes[n++] = (byte) (plusIsSpace && c == '+' ? ' ' : c);
            }
        }
        try {
            CharBuffer text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, n));
            return text.chars().anyMatch(Character::isISOControl) ? null : text.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** {@code name} when it may be repeated in an error, {@code fallback} otherwise. */
    static String echoable(String name, String fallback) {
        return name != null && ECHOABLE.matcher(name).matches() && !LONG_NUMBER.matcher(name).matches() ? name
                : fallback;
    }
}
