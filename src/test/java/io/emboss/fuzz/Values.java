package io.emboss.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import tools.jackson.databind.JsonNode;

/**
 * Values for parameters and body fields: plausible ones chosen by the field's name (the document
 * types most fields as plain strings, and amounts as "any value"), boundary values, values of the
 * wrong JSON type, huge strings and awkward Unicode.
 */
final class Values {
    static final List<String> STATUSES = List.of("active", "frozen", "closed", "inactive", "blocked", "cancelled",
            "suspended", "shipped", "delivered", "pending", "succeeded", "failed", "approved", "rejected", "locked");
    private static final Map<String, List<String>> WORDS = Map.ofEntries(
            Map.entry("currency", List.of("USD", "EUR", "COP", "USDT", "usd", "XXX")),
            Map.entry("creditcurrency", List.of("USD", "EUR", "USDT")),
            Map.entry("decision", List.of("approved", "rejected", "pending")),
            Map.entry("result", List.of("succeeded", "failed")),
            Map.entry("alter", List.of("LOCK", "UNLOCK", "CLOSE", "lock")),
            Map.entry("network", List.of("visa", "mastercard", "VISA")),
            Map.entry("formfactor", List.of("virtual", "physical")),
            Map.entry("settlementmode", List.of("sync", "async")),
            Map.entry("standin", List.of("approve", "decline")),
            Map.entry("format", List.of("native", "alix", "ops")),
            Map.entry("source", List.of("wallet", "tenant", "card")),
            Map.entry("environment", List.of("sandbox", "live")),
            Map.entry("channel", List.of("online", "pos", "atm")),
            Map.entry("kycstatus", List.of("pending", "approved", "rejected")),
            Map.entry("type", List.of("passport", "national_id", "authorization", "refund", "customer.created",
                    "card.created", "topup")),
            Map.entry("country", List.of("US", "CO", "DE", "ZZ")),
            Map.entry("mcc", List.of("5411", "5812", "6011", "0000")),
            Map.entry("url", List.of("http://127.0.0.1:9/hook", "https://127.0.0.1:9/decide", "http://localhost:9/x")),
            Map.entry("events", List.of("*", "customer.created", "card.created", "authorization.created")),
            Map.entry("permissions", List.of("cards:read", "cards:write", "cards:read_sensitive", "customers:read")),
            Map.entry("pin", List.of("4826", "1234", "0000")),
            Map.entry("code", List.of("123456", "000000")),
            Map.entry("bin", List.of("424242", "51234567")),
            Map.entry("phone", List.of("+15555550123", "3001234567")),
            Map.entry("search", List.of("a", "4242", "Shop")),
            Map.entry("start_date", List.of("2025-01-01 00:00:00", "2025-01-01")),
            Map.entry("end_date", List.of("2099-01-01 00:00:00", "2099-12-31")),
            Map.entry("date", List.of("2026-12-01", "2026-11-30")),
            Map.entry("settlementdate", List.of("2026-12-01")));
    private static final List<String> AMOUNT_FIELDS = List.of("amount", "initialbalance", "issuancefee", "mintopup",
            "minbalance", "maxbalance", "pertransaction", "daily", "monthly", "fixed", "threedsthreshold",
            "transactionamount", "settlementamount", "interchangefee");

    /**
     * Optional fields a valid request leaves out: each is valid only together with others (a BIN
     * with its network's range, a card number instead of a card id), which values chosen one by one
     * rarely make.
     */
    private static final java.util.Set<String> TIED = java.util.Set.of("bin", "number", "expiryMonth", "expiryYear",
            "cvv", "shipping");
    /** Amounts a body must keep in order (a minimum below a maximum, a transaction's limit within the day's). */
    private static final Map<String, String> ORDERED_AMOUNTS = Map.of("minTopup", "1.00", "minBalance", "0.00",
            "maxBalance", "10000.00", "perTransaction", "500.00", "daily", "1000.00", "monthly", "5000.00");
    /** Values of the patterns the document gives text fields (merchant categories, countries). */
    private static final Map<String, List<String>> BY_PATTERN = Map.of("^[0-9]{4}$", List.of("5411", "5812", "5732"),
            "^[A-Z]{2}$", List.of("US", "CO", "DE"));

    private final Random random;
    private final Fixtures fixtures;

    Values(Random random, Fixtures fixtures) {
        this.random = random;
        this.fixtures = fixtures;
    }

    <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    /** A value that could be right for a field of this name and schema. */
    Object plausible(String name, JsonNode schema, ApiDocument doc, int depth) {
        String n = name.toLowerCase(Locale.ROOT);
        Object byName = byName(n);
        if (byName != null) {
            return byName;
        }
        if (ApiDocument.isAny(schema)) {
            return random.nextBoolean() ? "1" : 1;
        }
        JsonNode s = doc.resolve(schema);
        String type = s.path("type").asString("object");
        switch (type) {
            case "object" -> {
                Map<String, Object> o = new LinkedHashMap<>();
                if (depth < 4) {
                    for (Map.Entry<String, JsonNode> p : s.path("properties").properties()) {
                        if (random.nextInt(10) < 8) {
                            o.put(p.getKey(), plausible(p.getKey(), p.getValue(), doc, depth + 1));
                        }
                    }
                }
                return o;
            }
            case "array" -> {
                List<Object> a = new ArrayList<>();
                for (int i = random.nextInt(3); i > 0; i--) {
                    a.add(plausible(singular(name), s.path("items"), doc, depth + 1));
                }
                return a;
            }
            case "boolean" -> {
                return random.nextBoolean();
            }
            case "integer", "number" -> {
                return random.nextInt(100);
            }
            default -> {
                return word();
            }
        }
    }

    /**
     * A value the schema accepts, for the pass of valid requests: every required property and some of
     * the others, a value of the schema's enum when it has one, else one chosen by the field's name
     * (real ids, amounts, the tenant's login), else one of the schema's type.
     */
    Object valid(String name, JsonNode schema, ApiDocument doc, int depth) {
        JsonNode s = doc.resolve(schema);
        for (String alternatives : List.of("oneOf", "anyOf")) {
            for (JsonNode alt : s.path(alternatives)) {
                if (!"null".equals(doc.resolve(alt).path("type").asString(""))) {
                    return valid(name, alt, doc, depth);
                }
            }
        }
        if (s.has("enum") && !s.get("enum").isEmpty()) {
            List<Object> options = new ArrayList<>();
            s.get("enum").forEach(v -> options.add(v.isNumber() ? v.numberValue() : v.isNull() ? null : v.asString()));
            options.removeIf(java.util.Objects::isNull);
            if (!options.isEmpty()) {
                return pick(options);
            }
        }
        String type = s.path("type").isArray() ? s.path("type").get(0).asString() : s.path("type").asString("");
        if ("object".equals(type) || s.has("properties")) {
            Map<String, Object> o = new LinkedHashMap<>();
            java.util.Set<String> required = new java.util.HashSet<>();
            s.path("required").forEach(r -> required.add(r.asString()));
            for (Map.Entry<String, JsonNode> p : s.path("properties").properties()) {
                if (depth < 4 && (required.contains(p.getKey()) || !TIED.contains(p.getKey()) && random.nextBoolean())) {
                    o.put(p.getKey(), valid(p.getKey(), p.getValue(), doc, depth + 1));
                }
            }
            return o;
        }
        if (BY_PATTERN.containsKey(s.path("pattern").asString(""))) {
            return pick(BY_PATTERN.get(s.path("pattern").asString()));
        }
        Object named = "pin".equals(name) ? "4826" : ORDERED_AMOUNTS.containsKey(name)
                ? ORDERED_AMOUNTS.get(name) : AMOUNT_FIELDS.contains(name.toLowerCase(Locale.ROOT))
                ? pick(List.of("25.00", "30", "12.50")) : "currency".equals(name) && random.nextInt(4) > 0 ? "USD"
                : byName(name.toLowerCase(Locale.ROOT));
        if (named instanceof Number number && s.has("minimum") && number.doubleValue() < s.get("minimum").asDouble()
                || named instanceof Number high && s.has("maximum") && high.doubleValue() > s.get("maximum").asDouble()) {
            named = s.has("minimum") ? s.get("minimum").numberValue() : s.get("maximum").numberValue();
        }
        if ("array".equals(type) && named instanceof List && !doc.resolve(s.path("items")).has("enum")) {
            return named;
        }
        if (("number".equals(type) || "integer".equals(type)) && named instanceof String text) {
            try {
                return new java.math.BigDecimal(text);
            } catch (NumberFormatException notNumber) {
                // the name's value is not a number: one of the type below
            }
        }
        if ("array".equals(type)) {
            List<Object> a = new ArrayList<>();
            int size = Math.max(s.path("minItems").asInt(0), 1);
            for (int i = 0; i < size; i++) {
                a.add(valid(singular(name), s.path("items"), doc, depth + 1));
            }
            return a;
        }
        Object byName = ApiDocument.isAny(schema) || "string".equals(type) || "integer".equals(type)
                || "number".equals(type) || type.isEmpty() ? named : null;
        if (byName != null && !(byName instanceof List) && !(byName instanceof Map)) {
            return "string".equals(type) && !(byName instanceof String) ? String.valueOf(byName) : byName;
        }
        return switch (type) {
            case "boolean" -> random.nextBoolean();
            case "integer", "number" -> Math.max(s.path("minimum").asInt(1), 1);
            default -> "date-time".equals(s.path("format").asString("")) ? "2030-01-01T00:00:00Z"
                    : "date".equals(s.path("format").asString("")) ? "2026-12-01" : word();
        };
    }

    /** A plausible value for a field known by name only (a query parameter), else a word. */
    Object byNameOrWord(String name) {
        Object v = byName(name.toLowerCase(Locale.ROOT));
        return v == null ? word() : v;
    }

    private Object byName(String n) {
        if (AMOUNT_FIELDS.contains(n)) {
            return pick(List.of("1.00", "10", "0.50", "2.5", "25.00", 5, 1));
        }
        if (n.equals("percent")) {
            return pick(List.of("1.5", "0", 2));
        }
        if (n.equals("user_id")) {
            return fixtures.opsUserIds.isEmpty() ? 10001 : pick(fixtures.opsUserIds);
        }
        if (n.equals("card_id")) {
            return fixtures.opsCardIds.isEmpty() ? 10002 : pick(fixtures.opsCardIds);
        }
        if (n.endsWith("id") && n.length() > 2 && !n.equals("externalid")) {
            String kind = n.substring(0, n.length() - 2);
            String id = fixtures.any(kind, random);
            return id != null ? id : fixtures.anyOfAnyKind(random);
        }
        if (n.equals("ids")) {
            String customer = fixtures.any("customer", random);
            String card = fixtures.any("card", random);
            return customer == null || card == null ? List.of(fixtures.anyOfAnyKind(random), fixtures.anyOfAnyKind(random))
                    : List.of(customer, card);
        }
        return textByName(n);
    }

    private Object textByName(String n) {
        return switch (n) {
            case "email", "adminemail" -> "fz-" + Long.toHexString(random.nextLong()) + "@fuzz.test";
            case "partnercode" -> random.nextBoolean() ? fixtures.email : "nobody@fuzz.test";
            case "password", "signature" -> random.nextBoolean() ? fixtures.password : "wrong password " + word();
            case "adminpassword" -> "correct horse battery staple";
            case "refreshtoken" -> random.nextBoolean() && fixtures.refreshToken != null ? fixtures.refreshToken
                    : "rt_" + word();
            case "number" -> fixtures.pan;
            case "cvv" -> fixtures.cvv;
            case "expirymonth" -> fixtures.expiryMonth;
            case "expiryyear" -> fixtures.expiryYear;
            case "status" -> pick(STATUSES);
            case "limit", "skip" -> random.nextInt(12);
            case "timeoutms" -> pick(List.of(500, 1000));
            case "overlapseconds", "validitymonths", "ratelimitperhour" -> pick(List.of(0, 12, 60, 100000));
            case "events" -> List.of(pick(WORDS.get("events")));
            case "permissions" -> List.of(pick(WORDS.get("permissions")));
            case "documents" -> List.of(Map.of("type", "passport", "country", "US", "reference", "P123"));
            default -> WORDS.containsKey(n) ? pick(WORDS.get(n)) : null;
        };
    }

    private static String singular(String name) {
        return name.endsWith("s") ? name.substring(0, name.length() - 1) : name;
    }

    String word() {
        return pick(List.of("Corner Shop", "Ada Lovelace", "x", "Bogota", "reason", "fuzz", "Main St 1", "10001"));
    }

    /** Values at and past the edges: zero, negative, too precise, too large, empty, only spaces, not a number. */
    Object boundary() {
        return pick(List.of("0", "-1", "-0.01", "0.001", "0.0000001", "9223372036854775807", "9223372036854775808",
                "4611686018427387904", "99999999999999999999.99", "1e400", "", " ", "NaN", "Infinity", "-0",
                "00001.00", "1.", ".5", "1,00", "1 000", "+5", "0x10", 0, -1, Long.MAX_VALUE, Integer.MIN_VALUE,
                new Json.Raw("1e400"), new Json.Raw("-0.0"), new Json.Raw("1E+2"), new Json.Raw("123456789012345678901234567890"),
                new Json.Raw("0.1e-400"), 2.5e-7, "x".repeat(256), "x".repeat(4096)));
    }

    /** A value of another JSON type than the one given. */
    Object wrongType(Object current) {
        List<Object> options = new ArrayList<>(List.of(123, -7.5, true, false, List.of(), List.of("a", 1),
                Map.of(), Map.of("value", "1"), "text"));
        options.add(null);
        options.removeIf(o -> o != null && current != null && o.getClass().equals(current.getClass()));
        return options.get(random.nextInt(options.size()));
    }

    String huge() {
        int size = pick(List.of(10_000, 100_000, 300_000));
        return pick(List.of("a", "9", "é", "😀", "%")).repeat(size / 2);
    }

    /** Text that tests what a field stores and echoes: surrogates, NUL, controls, bidi, combining marks. */
    String unicode() {
        return pick(List.of("\ud800", "\udfff", "a\ud83db", "\ud83d\ude00", "\u0000", "x\u0000y", "\u202eevil",
                "e\u0301", "\ufeff", "\uffff", "\u0007\u001b[31m", "line\nbreak", "tab\tx", "日本語", "\u00a0",
                "\u2028", "' OR 1=1 --", "<script>alert(1)</script>", "${jndi:ldap://x}", "%s%n", "../../etc/passwd"));
    }
}
