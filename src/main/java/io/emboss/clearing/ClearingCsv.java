package io.emboss.clearing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Emboss clearing file: UTF-8 CSV, a header row naming the fifteen columns in order, one record
 * per line (RFC 4180 quoting within a line; a quoted field does not span lines). Read line by line
 * with a bound on a line's length, so a file of any size (or 100 MB of garbage) is never held
 * whole in memory; a line that is not a record is that record's rejection, not the file's.
 */
final class ClearingCsv {
    static final List<String> COLUMNS = List.of("recordId", "network", "recordType", "cardId", "networkReference",
            "authCode", "transactionAmount", "transactionCurrency", "settlementAmount", "settlementCurrency",
            "interchangeFee", "merchantName", "mcc", "merchantCountry", "transactionDate");
    /** Column 4 may be named for what it holds: a card id, or a PAN (fingerprinted on arrival). */
    private static final List<String> CARD_COLUMN_NAMES = List.of("cardid", "panfingerprint", "pan", "card");
    static final int MAX_LINE_BYTES = 4096;

    private ClearingCsv() {
    }

    /** Why the header row is not the format's, or empty when it is. */
    static Optional<String> headerProblem(String line) {
        if (line == null) {
            return Optional.of("the file is empty; it starts with a header row: " + String.join(",", COLUMNS));
        }
        Optional<List<String>> names = fields(line.startsWith("\uFEFF") ? line.substring(1) : line);
        if (names.isEmpty() || names.get().size() != COLUMNS.size()) {
            return Optional.of("the header row must name the " + COLUMNS.size() + " columns " + String.join(",", COLUMNS));
        }
        for (int i = 0; i < COLUMNS.size(); i++) {
            String name = names.get().get(i).trim().toLowerCase(Locale.ROOT);
            boolean ok = i == 3 ? CARD_COLUMN_NAMES.contains(name) : name.equals(COLUMNS.get(i).toLowerCase(Locale.ROOT));
            if (!ok) {
                return Optional.of("header column " + (i + 1) + " must be " + COLUMNS.get(i) + "; the columns are "
                        + String.join(",", COLUMNS));
            }
        }
        return Optional.empty();
    }

    /** A line's fields (RFC 4180 within one line), or empty when its quoting is broken. */
    static Optional<List<String>> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        int n = line.length();
        while (true) {
            field.setLength(0);
            if (i < n && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= n) {
                        return Optional.empty(); // the quote never closes
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < n && line.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(c);
                    }
                }
                if (i < n && line.charAt(i) != ',') {
                    return Optional.empty(); // text after a closing quote
                }
            } else {
                while (i < n && line.charAt(i) != ',') {
                    char c = line.charAt(i++);
                    if (c == '"') {
                        return Optional.empty(); // a quote inside an unquoted field
                    }
                    field.append(c);
                }
            }
            out.add(field.toString());
            if (i >= n) {
                return Optional.of(out);
            }
            i++; // the comma
        }
    }

    /** Quotes a field when it must be (a comma, a quote), for the files Emboss writes itself. */
    static String quote(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    /** A line longer than {@link #MAX_LINE_BYTES}: the file is not a clearing file. */
    static final class LineTooLong extends Exception {
        LineTooLong(long line) {
            super("line " + line + " is longer than " + MAX_LINE_BYTES + " bytes; this is not a clearing file");
        }
    }

    /** The lines of a stream, each at most {@link #MAX_LINE_BYTES}; a line that is not UTF-8 reads as null text. */
    static final class Lines {
        private final InputStream in;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        private long number;
        private boolean ended;

        Lines(InputStream in) {
            this.in = in;
        }

        long number() {
            return number;
        }

        /** The next line (without its CR LF), {@link Line#text()} null when not UTF-8; null at the end. */
        Line next() throws IOException, LineTooLong {
            if (ended) {
                return null;
            }
            buffer.reset();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                if (buffer.size() >= MAX_LINE_BYTES) {
                    throw new LineTooLong(number + 1);
                }
                buffer.write(b);
            }
            if (b < 0) {
                ended = true;
                if (buffer.size() == 0) {
                    return null;
                }
            }
            number++;
            byte[] bytes = buffer.toByteArray();
            int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
            return new Line(number, decode(bytes, length));
        }

        private static String decode(byte[] bytes, int length) {
            try {
                String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, length))
                        .toString();
                for (int i = 0; i < text.length(); i++) {
                    char c = text.charAt(i);
                    if (c < 0x20 && c != '\t') {
                        return null; // control characters: not text a network writes
                    }
                }
                return text;
            } catch (CharacterCodingException e) {
                return null;
            }
        }
    }

    /** One line of a file and its number (the header is line 1). */
    record Line(long number, String text) {
    }
}
