package io.emboss.fuzz;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One generated request: what was sent and why (the operation and the kind of mutation), in a form
 * that can be changed and sent again (the shrinker removes body fields and headers one by one).
 */
final class FuzzCase {
    final ApiDocument.Operation operation;
    final RequestGenerator.Mode mode;
    final String method;
    final String target;
    /** What the Authorization (or access-token) header holds, by name: "sandbox key", "admin token", ... */
    final String credential;
    final Map<String, String> headers;
    /** The body as a JSON value to write, or null when {@link #rawBody} is sent as it is. */
    final Object body;
    final boolean escapeNonAscii;
    final byte[] rawBody;

    FuzzCase(ApiDocument.Operation operation, RequestGenerator.Mode mode, String method, String target,
            String credential, Map<String, String> headers, Object body, boolean escapeNonAscii, byte[] rawBody) {
        this.operation = operation;
        this.mode = mode;
        this.method = method;
        this.target = target;
        this.credential = credential;
        this.headers = headers;
        this.body = body;
        this.escapeNonAscii = escapeNonAscii;
        this.rawBody = rawBody;
    }

    FuzzCase withBody(Object newBody) {
        return new FuzzCase(operation, mode, method, target, credential, headers, newBody, escapeNonAscii, rawBody);
    }

    FuzzCase withoutHeader(String name) {
        Map<String, String> fewer = new LinkedHashMap<>(headers);
        fewer.remove(name);
        return new FuzzCase(operation, mode, method, target, credential, fewer, body, escapeNonAscii, rawBody);
    }

    byte[] bodyBytes() {
        return body != null ? Json.write(body, escapeNonAscii).getBytes(StandardCharsets.UTF_8) : rawBody;
    }

    RawHttp.Request request() {
        return new RawHttp.Request(method, target, headers, bodyBytes());
    }

    /** The request as a reader can replay it: credentials by name, the body escaped and cut when long. */
    String repro() {
        StringBuilder s = new StringBuilder(method).append(' ').append(target);
        headers.forEach((k, v) -> s.append("\n    ").append(k).append(": ")
                .append(k.equalsIgnoreCase("Authorization") || k.equalsIgnoreCase("access-token") ? "<" + credential + ">"
                        : printable(v.getBytes(StandardCharsets.UTF_8), 200)));
        byte[] b = bodyBytes();
        if (b != null) {
            s.append("\n    body (").append(b.length).append(" bytes): ").append(printable(b, 600));
        }
        return s.toString();
    }

    /** UTF-8 text as it is, control characters escaped; bytes that are not UTF-8 as \xNN. */
    static String printable(byte[] bytes, int max) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException notUtf8) {
            StringBuilder hex = new StringBuilder();
            for (byte b : bytes) {
                hex.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02X", b & 0xff));
            }
            text = hex.toString();
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.length() >= max ? out + "… (cut)" : out.toString();
    }
}
