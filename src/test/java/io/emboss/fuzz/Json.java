package io.emboss.fuzz;

import java.util.List;
import java.util.Map;

/**
 * A JSON writer that writes what it is given, lone UTF-16 surrogates and NUL included (as
 * {@code \}{@code uXXXX} escapes, the only way they travel in JSON), and raw tokens such as
 * {@code 1e400} verbatim. A general-purpose mapper would refuse or repair those.
 */
final class Json {
    /** Text written as it is, e.g. a number no double can hold. */
    record Raw(String text) {
    }

    private Json() {
    }

    static String write(Object value, boolean escapeNonAscii) {
        StringBuilder out = new StringBuilder();
        write(out, value, escapeNonAscii);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value, boolean ascii) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Raw raw) {
            out.append(raw.text());
        } else if (value instanceof String s) {
            string(out, s, ascii);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.append(first ? "" : ",");
                first = false;
                string(out, String.valueOf(e.getKey()), ascii);
                out.append(':');
                write(out, e.getValue(), ascii);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ",");
                write(out, list.get(i), ascii);
            }
            out.append(']');
        } else {
            out.append(value); // Boolean, Number
        }
    }

    private static void string(StringBuilder out, String s, boolean ascii) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean lone = Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1)))
                    && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1)));
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || lone || (ascii && c > 0x7e)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
