package io.emboss.disputes;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * What an evidence file is, decided from its bytes (never from the name or type the client claimed): PDF, PNG,
 * JPEG or plain UTF-8 text. Text that is markup (HTML, SVG, XML) or a script is refused: a browser or a viewer
 * could run it. Also makes the uploaded name safe to show and to offer as a download name.
 */
final class EvidenceTypes {
    private static final int MAX_NAME = 100;
    private static final String[] MARKUP = {"<html", "<script", "<!doctype", "<svg", "<iframe", "<?xml", "<body",
            "<object", "<embed"};

    /** A detected type: its media type and the file extension that goes with it. */
    enum Type {
        PDF("application/pdf", ".pdf"),
        PNG("image/png", ".png"),
        JPEG("image/jpeg", ".jpg"),
        TEXT("text/plain", ".txt");

        final String mediaType;
        final String extension;

        Type(String mediaType, String extension) {
            this.mediaType = mediaType;
            this.extension = extension;
        }
    }

    private EvidenceTypes() {
    }

    static Optional<Type> detect(byte[] b) {
        if (startsWith(b, 0x25, 0x50, 0x44, 0x46, 0x2D)) { // %PDF-
            return Optional.of(Type.PDF);
        }
        if (startsWith(b, 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(Type.PNG);
        }
        if (startsWith(b, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(Type.JPEG);
        }
        return isPlainText(b) ? Optional.of(Type.TEXT) : Optional.empty();
    }

    private static boolean startsWith(byte[] b, int... magic) {
        if (b.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((b[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /** Strict UTF-8 with no control character but tab, line breaks and form feed, and no markup or script. */
    private static boolean isPlainText(byte[] b) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
                return false;
            }
        }
        String start = text.stripLeading().replace("\uFEFF", "");
        if (start.startsWith("<") || start.startsWith("#!")) {
            return false;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        for (String tag : MARKUP) {
            if (lower.contains(tag)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The name without any path, with only letters, digits, dot, dash, underscore and space, and ending in the
     * detected type's extension (so "invoice.html" that holds a PDF is offered as "invoice.html.pdf").
     */
    static String safeName(String claimed, Type type) {
        String name = claimed == null ? "" : claimed;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length() && out.length() < MAX_NAME; i++) {
            char c = name.charAt(i);
            boolean safe = c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_' || c == ' ');
            out.append(safe ? c : '_');
        }
        String clean = out.toString().replaceAll("^[. ]+|[. ]+$", "");
        if (clean.isEmpty() || clean.replace("_", "").isEmpty()) {
            clean = "evidence";
        }
        String lower = clean.toLowerCase(Locale.ROOT);
        boolean matches = lower.endsWith(type.extension) || (type == Type.JPEG && lower.endsWith(".jpeg"));
        return matches ? clean : clean + type.extension;
    }
}
