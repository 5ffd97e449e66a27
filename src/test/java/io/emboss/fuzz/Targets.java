package io.emboss.fuzz;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Request targets (path and query) for an operation: its path parameters filled with known ids,
 * its query parameters with plausible values, then, by mode, odd encodings of either.
 */
final class Targets {
    /** Odd spellings of a path parameter, percent-encoding tricks first. */
    private static final List<String> ODD_IDS = List.of("%2F", "%2f..%2f", "%00", "%zz", "%", "%C0%AF", "%FF",
            "%E2%82%AC", "..", "%2e%2e", "%20", "+", "%ED%A0%80", "a%0Ab", "*", "null", "0", "-1", "%252F", "%u0041",
            "\\", "..%5C", "%3B", "x".repeat(300));
    /** Odd query strings: empty names, broken escapes, invalid UTF-8, NUL, repeats, arrays. */
    private static final List<String> ODD_QUERIES = List.of("=x", "%zz", "%", "a=%C0%AF", "limit=%FF",
            "customerId=%00", "limit=1&limit=2", "&&&", "a[]=1", "limit=", "limit", "limit=abc", "limit=1e2",
            "limit=%2B1", "startingAfter=%zz", "search=4000001234567899%FF", "x=" + "y".repeat(9000), "%3D=%3D",
            "limit=0", "limit=101", "limit=-1", "limit=99999999999", "status=%ED%A0%80", "type=..%2F", "from=not-a-date",
            "createdFrom=2025-13-45T99:00:00Z", "to=9999999999999");

    private final Fixtures fixtures;
    private final Random random;
    private final Values values;

    Targets(Fixtures fixtures, Random random, Values values) {
        this.fixtures = fixtures;
        this.random = random;
        this.values = values;
    }

    String target(ApiDocument.Operation op, RequestGenerator.Mode mode) {
        String path = fill(op, mode);
        String query = query(op, mode);
        return path + (query.isEmpty() ? "" : "?" + query);
    }

    private String fill(ApiDocument.Operation op, RequestGenerator.Mode mode) {
        String[] segments = op.path().split("/", -1);
        List<Integer> literal = new ArrayList<>();
        for (int i = 1; i < segments.length; i++) {
            if (segments[i].startsWith("{")) {
                String kind = segments[i].equals("{otpId}") ? "otp" : Fixtures.KIND_OF_SEGMENT.get(segments[i - 1]);
                String known = kind == null ? null : fixtures.any(kind, random);
                segments[i] = mode == RequestGenerator.Mode.ODD_PATH && random.nextBoolean() ? values.pick(ODD_IDS)
                        : mode == RequestGenerator.Mode.VALID && known != null ? known : id(kind);
            } else if (!segments[i].isEmpty()) {
                literal.add(i);
            }
        }
        String path = String.join("/", segments);
        return mode == RequestGenerator.Mode.ODD_PATH ? odd(path, segments, literal) : path;
    }

    private String id(String kind) {
        int dice = random.nextInt(20);
        String known = kind == null ? null : fixtures.any(kind, random);
        if (known != null && dice < 17) {
            return known;
        }
        return dice < 19 ? fixtures.unknown(kind == null ? "card" : kind, random) : fixtures.anyOfAnyKind(random);
    }

    /** One odd spelling of the path: an encoded letter, doubled or dotted slashes, a matrix parameter, a case change. */
    private String odd(String path, String[] segments, List<Integer> literal) {
        int which = random.nextInt(8);
        if (literal.isEmpty() || which == 0) {
            return path + values.pick(List.of("/", "//", "/.", "/..", "%2F", ";", "?", "#x"));
        }
        int i = literal.get(random.nextInt(literal.size()));
        String s = segments[i];
        int at = random.nextInt(s.length());
        String hex = String.format("%%%02X", (int) s.charAt(at));
        segments[i] = switch (which) {
            case 1 -> s.substring(0, at) + (random.nextBoolean() ? hex : hex.toLowerCase(Locale.ROOT)) + s.substring(at + 1);
            case 2 -> s + ";x=1";
            case 3 -> "." + "/" + s;
            case 4 -> "/" + s;
            case 5 -> s.toUpperCase(Locale.ROOT);
            case 6 -> "x/../" + s;
            default -> s + "%20";
        };
        return String.join("/", segments);
    }

    private String query(ApiDocument.Operation op, RequestGenerator.Mode mode) {
        List<String> pairs = new ArrayList<>();
        for (ApiDocument.Param p : op.params()) {
            // a valid request starts at the first page: a cursor must name an item of that very list
            boolean cursor = p.name().equals("startingAfter") && mode == RequestGenerator.Mode.VALID;
            if (p.in().equals("query") && (p.required() || !cursor && random.nextBoolean())) {
                Object value = mode == RequestGenerator.Mode.BOUNDARY && random.nextBoolean() ? values.boundary()
                        : mode == RequestGenerator.Mode.UNICODE && random.nextBoolean() ? values.unicode()
                        : mode == RequestGenerator.Mode.VALID && !p.values().isEmpty() ? values.pick(p.values())
                        : queryValue(p.name(), op, mode);
                pairs.add(p.name() + "=" + encode(String.valueOf(value)));
            }
        }
        if (mode == RequestGenerator.Mode.ODD_QUERY) {
            pairs.add(random.nextInt(pairs.size() + 1), values.pick(ODD_QUERIES));
        }
        return String.join("&", pairs);
    }

    private Object queryValue(String name, ApiDocument.Operation op, RequestGenerator.Mode mode) {
        if (op.path().endsWith("/report") && List.of("from", "to").contains(name)) { // dates, at most 92 days apart
            return mode == RequestGenerator.Mode.VALID ? java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString()
                    : values.pick(List.of("2025-06-01", "2025-06-01T00:00:00Z", "0000-01-01", "2025-02-30"));
        }
        switch (name) {
            case "limit" -> {
                return 1 + random.nextInt(100);
            }
            case "startingAfter" -> {
                String[] segments = op.path().split("/");
                String kind = Fixtures.KIND_OF_SEGMENT.get(segments[segments.length - 1]);
                return random.nextInt(3) == 0 ? fixtures.anyOfAnyKind(random) : id(kind);
            }
            case "from", "to", "createdFrom", "createdTo" -> {
                return values.pick(List.of("2025-01-01T00:00:00Z", "2099-01-01T00:00:00Z", "2025-06-01",
                        "2025-01-01T00:00:00.123456789Z", "1700000000"));
            }
            default -> {
                return values.byNameOrWord(name);
            }
        }
    }

    /** Percent-encodes as UTF-8; a lone surrogate, which UTF-8 cannot carry, goes as its CESU-8 bytes. */
    private static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1)))) {
                out.append(String.format("%%%02X%%%02X%%%02X", 0xE0 | (c >> 12), 0x80 | ((c >> 6) & 0x3F),
                        0x80 | (c & 0x3F)));
            } else if (Character.isHighSurrogate(c)) {
                out.append(URLEncoder.encode(value.substring(i, i + 2), StandardCharsets.UTF_8));
                i++;
            } else {
                out.append(URLEncoder.encode(String.valueOf(c), StandardCharsets.UTF_8));
            }
        }
        return out.toString();
    }
}
