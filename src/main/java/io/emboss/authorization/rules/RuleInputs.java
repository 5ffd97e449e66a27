package io.emboss.authorization.rules;

import io.emboss.web.Fields;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A rule as the API writes it, and the checks that turn it into a rule version (or name every field
 * that is wrong). The stored form of a version is this same shape, read back through the same checks.
 */
final class RuleInputs {
    static final int MAX_CONDITIONS = 20;
    static final int MAX_LIST = 500;
    static final int MAX_SCOPE_IDS = 1000;
    private static final Pattern MCC = Pattern.compile("\\d{4}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern CHANNEL = Pattern.compile("online|in_person");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3,4}");
    private static final Pattern DECIMAL = Pattern.compile("\\d{1,13}(\\.\\d{1,4})?");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_\\-]{1,40}");

    record RuleInput(@Schema(minLength = 1, maxLength = 200) String name, String type, ParametersInput parameters, ScopeInput scope, String mode,
                     String state) {
    }

    record ParametersInput(List<ConditionInput> conditions, JsonNode window, JsonNode countLimit,
                           JsonNode amountLimit, String scope, FiltersInput filters,
                           List<MerchantInput> merchants) {
    }

    record ConditionInput(String attribute, String operation, JsonNode value) {
    }

    @Schema(name = "AuthRuleFiltersInput")
    record FiltersInput(List<String> mccs, List<String> excludedMccs, List<String> countries, String channel) {
    }

    @Schema(name = "AuthRuleMerchantInput")
    record MerchantInput(String merchantId, String name, String mcc) {
    }

    record ScopeInput(String level, List<String> productIds, List<String> cardIds, List<String> customerIds,
                      List<String> excludedCardIds) {
    }

    private RuleInputs() {
    }

    static RuleParameters parameters(Fields f, AuthRule.Type type, ParametersInput p) {
        if (p == null) {
            f.problem("parameters", "is required");
            return null;
        }
        foreignFields(f, type, p);
        return switch (type) {
            case CONDITIONAL_BLOCK, CONDITIONAL_3DS -> conditions(f, p);
            case MERCHANT_LOCK -> merchantLock(f, p);
            case VELOCITY_LIMIT -> velocity(f, p);
        };
    }

    /** Parameters of another type are refused by name: a velocity window on a block would do nothing. */
    private static void foreignFields(Fields f, AuthRule.Type type, ParametersInput p) {
        boolean conditional = type == AuthRule.Type.CONDITIONAL_BLOCK || type == AuthRule.Type.CONDITIONAL_3DS;
        boolean velocity = type == AuthRule.Type.VELOCITY_LIMIT;
        java.util.Map<String, Boolean> given = new java.util.LinkedHashMap<>();
        given.put("conditions", p.conditions() != null && !conditional);
        given.put("merchants", p.merchants() != null && type != AuthRule.Type.MERCHANT_LOCK);
        given.put("window", p.window() != null && !velocity);
        given.put("countLimit", p.countLimit() != null && !velocity);
        given.put("amountLimit", p.amountLimit() != null && !velocity);
        given.put("scope", p.scope() != null && !velocity);
        given.put("filters", p.filters() != null && !velocity);
        given.forEach((field, foreign) -> {
            if (foreign) {
                f.problem("parameters." + field, "is no parameter of a " + type.wire() + " rule");
            }
        });
    }

    private static RuleParameters conditions(Fields f, ParametersInput p) {
        if (p.conditions() == null || p.conditions().isEmpty()) {
            f.problem("parameters.conditions", "is required: 1 to " + MAX_CONDITIONS + " conditions");
            return null;
        }
        if (p.conditions().size() > MAX_CONDITIONS) {
            f.problem("parameters.conditions", "may hold at most " + MAX_CONDITIONS + " conditions");
            return null;
        }
        List<Condition> out = new ArrayList<>();
        for (int i = 0; i < p.conditions().size(); i++) {
            Condition c = condition(f, "parameters.conditions[" + i + "]", p.conditions().get(i));
            if (c != null) {
                out.add(c);
            }
        }
        return out.size() == p.conditions().size() ? new RuleParameters.Conditions(out) : null;
    }

    private static Condition condition(Fields f, String field, ConditionInput c) {
        if (c == null) {
            f.problem(field, "must be {attribute, operation, value}");
            return null;
        }
        Condition.Attribute attribute = f.oneOf(field + ".attribute", c.attribute(), Condition.Attribute.class, true);
        Condition.Operation operation = f.oneOf(field + ".operation", c.operation(), Condition.Operation.class, true);
        if (attribute == null || operation == null) {
            return null;
        }
        JsonNode v = c.value();
        String at = field + ".value";
        if (v == null || v.isNull()) {
            f.problem(at, "is required");
            return null;
        }
        return switch (attribute.kind) {
            case TEXT -> textCondition(f, at, attribute, operation, v, field + ".operation");
            case FLAG -> flagCondition(f, at, attribute, operation, v, field + ".operation");
            case AMOUNT, INTEGER -> numberCondition(f, at, attribute, operation, v, field + ".operation");
        };
    }

    private static Condition textCondition(Fields f, String at, Condition.Attribute a, Condition.Operation op,
            JsonNode v, String opField) {
        if (op == Condition.Operation.MATCHES) {
            if (!v.isString()) {
                f.problem(at, "must be a regular expression (a string)");
                return null;
            }
            var refusal = BoundedRegex.refusal(v.asString());
            if (refusal.isPresent()) {
                f.problem(at, refusal.get());
                return null;
            }
            return new Condition(a, op, List.of(), null, null, Pattern.compile(v.asString()));
        }
        if (op != Condition.Operation.IS_ONE_OF && op != Condition.Operation.IS_NOT_ONE_OF) {
            f.problem(opField, "must be is_one_of, is_not_one_of or matches for " + a.wire());
            return null;
        }
        List<String> texts = texts(f, at, v, 1, 100);
        if (texts == null) {
            return null;
        }
        Pattern form = switch (a) {
            case MCC -> MCC;
            case MERCHANT_COUNTRY -> COUNTRY;
            case CHANNEL -> CHANNEL;
            case MERCHANT_CURRENCY -> CURRENCY;
            default -> null;
        };
        for (String t : texts) {
            if (form != null && !form.matcher(t).matches()) {
                f.problem(at, switch (a) {
                    case MCC -> "must list 4-digit merchant category codes";
                    case MERCHANT_COUNTRY -> "must list ISO 3166 alpha-2 country codes such as US";
                    case CHANNEL -> "must list online, in_person or both";
                    default -> "must list ISO 4217 currency codes such as EUR";
                });
                return null;
            }
        }
        return new Condition(a, op, texts, null, null, null);
    }

    private static Condition flagCondition(Fields f, String at, Condition.Attribute a, Condition.Operation op,
            JsonNode v, String opField) {
        if (op != Condition.Operation.IS_ONE_OF && op != Condition.Operation.IS_NOT_ONE_OF) {
            f.problem(opField, "must be is_one_of or is_not_one_of for " + a.wire());
            return null;
        }
        if (!v.isBoolean()) {
            f.problem(at, "must be true or false");
            return null;
        }
        return new Condition(a, op, List.of(), null, v.asBoolean(), null);
    }

    private static Condition numberCondition(Fields f, String at, Condition.Attribute a, Condition.Operation op,
            JsonNode v, String opField) {
        boolean amount = a.kind == Condition.Kind.AMOUNT;
        long max = a == Condition.Attribute.HOUR_OF_DAY_UTC ? 23 : 1_000_000;
        if (op == Condition.Operation.GREATER_THAN || op == Condition.Operation.LESS_THAN) {
            BigDecimal n = amount ? decimal(f, at, v) : integer(f, at, v, max);
            return n == null ? null : new Condition(a, op, List.of(), n, null, null);
        }
        if (amount || op == Condition.Operation.MATCHES) {
            f.problem(opField, "must be greater_than or less_than" + (amount ? "" : ", is_one_of or is_not_one_of")
                    + " for " + a.wire());
            return null;
        }
        if (!v.isArray() || v.isEmpty() || v.size() > MAX_LIST) {
            f.problem(at, "must be a list of 1 to " + MAX_LIST + " integers");
            return null;
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : v) {
            BigDecimal n = integer(f, at, item, max);
            if (n == null) {
                return null;
            }
            values.add(n.toPlainString());
        }
        return new Condition(a, op, values, null, null, null);
    }

    private static BigDecimal integer(Fields f, String at, JsonNode v, long max) {
        return integer(f, at, v, 0, max);
    }

    private static BigDecimal integer(Fields f, String at, JsonNode v, long min, long max) {
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            f.problem(at, "must be an integer from " + min + " to " + max);
            return null;
        }
        return BigDecimal.valueOf(v.asLong());
    }

    /** A positive decimal given as a string ("500.00") or a JSON number, at most 4 decimals. */
    static BigDecimal decimal(Fields f, String at, JsonNode v) {
        String text = v.isString() ? v.asString() : v.isNumber() ? v.decimalValue().toPlainString() : null;
        if (text == null || !DECIMAL.matcher(text).matches() || new BigDecimal(text).signum() <= 0) {
            f.problem(at, "must be a positive amount as a decimal string such as \"500.00\" (at most 4 decimals)");
            return null;
        }
        return new BigDecimal(text).stripTrailingZeros();
    }

    /** A non-empty list of short texts (a single text is a list of one). */
    private static List<String> texts(Fields f, String at, JsonNode v, int min, int maxLength) {
        List<String> out = new ArrayList<>();
        if (v.isString()) {
            out.add(v.asString());
        } else if (v.isArray() && v.size() <= MAX_LIST) {
            for (JsonNode item : v) {
                if (!item.isString()) {
                    f.problem(at, "must be a list of strings");
                    return null;
                }
                out.add(item.asString());
            }
        } else {
            f.problem(at, "must be a list of 1 to " + MAX_LIST + " strings");
            return null;
        }
        if (out.size() < min || out.stream().anyMatch(t -> t.isEmpty() || t.length() > maxLength
                || t.chars().anyMatch(Character::isISOControl))) {
            f.problem(at, "must be a list of 1 to " + MAX_LIST + " strings of 1 to " + maxLength + " characters");
            return null;
        }
        return List.copyOf(out);
    }

    private static RuleParameters merchantLock(Fields f, ParametersInput p) {
        if (p.merchants() == null || p.merchants().isEmpty() || p.merchants().size() > MAX_LIST) {
            f.problem("parameters.merchants", "is required: 1 to " + MAX_LIST + " merchants {merchantId?, name?, mcc?}");
            return null;
        }
        List<RuleParameters.Merchant> out = new ArrayList<>();
        for (int i = 0; i < p.merchants().size(); i++) {
            String at = "parameters.merchants[" + i + "]";
            MerchantInput m = p.merchants().get(i);
            if (m == null || (m.merchantId() == null && m.name() == null && m.mcc() == null)) {
                f.problem(at, "must name the merchant: merchantId, name or mcc");
                continue;
            }
            String id = f.optionalText(at + ".merchantId", m.merchantId(), 40);
            String name = f.optionalText(at + ".name", m.name(), 100);
            String mcc = f.matches(at + ".mcc", m.mcc(), MCC, "must be a 4-digit merchant category code", false);
            if (id != null || name != null || mcc != null) {
                out.add(new RuleParameters.Merchant(id, name, mcc));
            }
        }
        return out.size() == p.merchants().size() ? new RuleParameters.MerchantLock(out) : null;
    }

    private static RuleParameters velocity(Fields f, ParametersInput p) {
        RuleParameters.Window window = window(f, p.window());
        Long count = null;
        if (p.countLimit() != null && !p.countLimit().isNull()) {
            BigDecimal n = integer(f, "parameters.countLimit", p.countLimit(), 1, 1_000_000);
            count = n == null ? null : n.longValueExact();
        }
        BigDecimal amount = p.amountLimit() == null || p.amountLimit().isNull() ? null
                : decimal(f, "parameters.amountLimit", p.amountLimit());
        boolean countGiven = p.countLimit() != null && !p.countLimit().isNull();
        boolean amountGiven = p.amountLimit() != null && !p.amountLimit().isNull();
        if (!countGiven && !amountGiven) {
            f.problem("parameters.countLimit", "countLimit or amountLimit is required");
        }
        RuleParameters.Subject subject = f.oneOf("parameters.scope", p.scope(), RuleParameters.Subject.class, true);
        RuleParameters.Filters filters = filters(f, p.filters());
        if (window == null || subject == null || filters == null || (count == null && amount == null)
                || (countGiven && count == null) || (amountGiven && amount == null)) {
            return null;
        }
        return new RuleParameters.Velocity(window, count, amount, subject, filters);
    }

    private static RuleParameters.Window window(Fields f, JsonNode w) {
        String at = "parameters.window";
        if (w != null && w.isString() && ("day".equals(w.asString()) || "month".equals(w.asString()))) {
            return new RuleParameters.Window("day".equals(w.asString()) ? RuleParameters.Window.Kind.DAY
                    : RuleParameters.Window.Kind.MONTH, 0);
        }
        if (w != null && w.isObject() && w.size() == 1 && w.has("seconds")) {
            BigDecimal s = integer(f, at + ".seconds", w.get("seconds"), 1, RuleParameters.Window.MAX_SECONDS);
            if (s == null) {
                return null;
            }
            return new RuleParameters.Window(RuleParameters.Window.Kind.SECONDS, s.longValueExact());
        }
        f.problem(at, "is required: {\"seconds\": N} (1 to " + RuleParameters.Window.MAX_SECONDS
                + "), \"day\" or \"month\"");
        return null;
    }

    private static RuleParameters.Filters filters(Fields f, FiltersInput in) {
        if (in == null) {
            return RuleParameters.Filters.NONE;
        }
        List<String> mccs = coded(f, "parameters.filters.mccs", in.mccs(), MCC, "4-digit merchant category codes");
        List<String> excluded = coded(f, "parameters.filters.excludedMccs", in.excludedMccs(), MCC,
                "4-digit merchant category codes");
        List<String> countries = coded(f, "parameters.filters.countries", in.countries(), COUNTRY,
                "ISO 3166 alpha-2 country codes such as US");
        String channel = in.channel() == null ? null : f.matches("parameters.filters.channel", in.channel(),
                CHANNEL, "must be online or in_person", false);
        if (mccs == null || excluded == null || countries == null || (in.channel() != null && channel == null)) {
            return null;
        }
        return new RuleParameters.Filters(mccs, excluded, countries, channel);
    }

    private static List<String> coded(Fields f, String at, List<String> values, Pattern form, String what) {
        if (values == null) {
            return List.of();
        }
        if (values.size() > MAX_LIST || values.stream().anyMatch(v -> v == null || !form.matcher(v).matches())) {
            f.problem(at, "must list at most " + MAX_LIST + " " + what);
            return null;
        }
        return List.copyOf(values);
    }

    /** The scope; absent is the whole tenant. Ids are checked for form here and for existence by the service. */
    static RuleScope scope(Fields f, ScopeInput s) {
        if (s == null) {
            return new RuleScope(RuleScope.Level.TENANT, List.of(), List.of());
        }
        RuleScope.Level level = f.oneOf("scope.level", s.level(), RuleScope.Level.class, true);
        List<String> excluded = ids(f, "scope.excludedCardIds", s.excludedCardIds(), false);
        if (level == null || excluded == null) {
            return null;
        }
        List<String> products = ids(f, "scope.productIds", s.productIds(), level == RuleScope.Level.PRODUCT);
        List<String> cards = ids(f, "scope.cardIds", s.cardIds(), level == RuleScope.Level.CARD);
        List<String> customers = ids(f, "scope.customerIds", s.customerIds(), level == RuleScope.Level.CUSTOMER);
        if (products == null || cards == null || customers == null) {
            return null;
        }
        List<String> ids = switch (level) {
            case TENANT -> List.of();
            case PRODUCT -> products;
            case CARD -> cards;
            case CUSTOMER -> customers;
        };
        List<String> others = new ArrayList<>(products);
        others.addAll(cards);
        others.addAll(customers);
        if (others.size() != ids.size()) {
            f.problem("scope", "names ids only in the list of its level (" + level.wire() + ")");
            return null;
        }
        return new RuleScope(level, ids, excluded);
    }

    private static List<String> ids(Fields f, String at, List<String> values, boolean required) {
        if (values == null || values.isEmpty()) {
            if (required) {
                f.problem(at, "is required for this level: 1 to " + MAX_SCOPE_IDS + " ids");
                return null;
            }
            return List.of();
        }
        if (values.size() > MAX_SCOPE_IDS || values.stream().anyMatch(v -> v == null || !ID.matcher(v).matches())) {
            f.problem(at, "must list 1 to " + MAX_SCOPE_IDS + " ids");
            return null;
        }
        return values.stream().distinct().toList();
    }

    /** The API's and the store's form of parameters. */
    static ParametersInput input(RuleParameters p) {
        tools.jackson.databind.json.JsonMapper json = Json.MAPPER;
        if (p instanceof RuleParameters.Conditions c) {
            return new ParametersInput(c.conditions().stream()
                    .map(k -> new ConditionInput(k.attribute().wire(), k.operation().wire(),
                            json.valueToTree(k.value()))).toList(), null, null, null, null, null, null);
        }
        if (p instanceof RuleParameters.MerchantLock m) {
            return new ParametersInput(null, null, null, null, null, null,
                    m.merchants().stream().map(k -> new MerchantInput(k.merchantId(), k.name(), k.mcc())).toList());
        }
        RuleParameters.Velocity v = (RuleParameters.Velocity) p;
        return new ParametersInput(null, json.valueToTree(v.window().wire()),
                v.countLimit() == null ? null : json.valueToTree(v.countLimit()),
                v.amountLimit() == null ? null : json.valueToTree(v.amountLimit().toPlainString()),
                v.subject().wire(), new FiltersInput(v.filters().mccs(), v.filters().excludedMccs(),
                        v.filters().countries(), v.filters().channel()), null);
    }

    static ScopeInput input(RuleScope s) {
        List<String> none = null;
        List<String> ids = List.copyOf(s.ids());
        return new ScopeInput(s.level().wire(), s.level() == RuleScope.Level.PRODUCT ? ids : none,
                s.level() == RuleScope.Level.CARD ? ids : none,
                s.level() == RuleScope.Level.CUSTOMER ? ids : none,
                s.excludedCardIds().isEmpty() ? none : List.copyOf(s.excludedCardIds()));
    }

    /** The mapper of the stored forms: plain, with no null fields written. */
    static final class Json {
        static final tools.jackson.databind.json.JsonMapper MAPPER = tools.jackson.databind.json.JsonMapper.builder()
                .changeDefaultPropertyInclusion(i -> i.withValueInclusion(
                        com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL))
                .build();

        private Json() {
        }
    }
}
