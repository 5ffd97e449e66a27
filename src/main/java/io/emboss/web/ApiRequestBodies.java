package io.emboss.web;

import io.emboss.shared.Currency;
import io.emboss.shared.Environment;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import tools.jackson.databind.json.JsonMapper;

/**
 * Request bodies as the server reads them: each operation's body gets a schema of its own
 * ({@code CreateCardRequest}), with the fields it requires and an example; every object in a body
 * refuses unknown fields ({@code additionalProperties: false}: the mapper fails on unknown
 * properties, application.yml); and the fields the controllers read as raw JSON (amounts, which
 * also accept numbers; integers checked by range) are typed as they are checked.
 */
final class ApiRequestBodies {
    static final String AMOUNT = "Amount";
    private static final String ANY_JSON = ApiSchemas.SCHEMA_REF + "JsonNode";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** An authorization rule's window and a condition's value: shared by the rule's bodies and its answers. */
    static final String RULE_WINDOW = "AuthRuleWindow";
    static final String RULE_CONDITION_VALUE = "AuthRuleConditionValue";
    /** Response fields the views declare as Object, by schema and property: the component that types them. */
    private static final Map<String, String> TYPED_RESPONSE_FIELDS = Map.of("AuthRuleParameters.window", RULE_WINDOW,
            "AuthRuleCondition.value", RULE_CONDITION_VALUE);

    /** Fields read as raw JSON and checked by hand (web.Fields), by name: how they are checked. */
    private static final Map<String, Supplier<Schema<Object>>> RAW_FIELDS = new LinkedHashMap<>();
    private static final String MCC = "^[0-9]{4}$";
    private static final String COUNTRY = "^[A-Z]{2}$";

    static {
        for (String amount : List.of("amount", "initialBalance", "perTransaction", "daily", "monthly", "issuanceFee",
                "minTopup", "minBalance", "maxBalance", "threeDsThreshold", "fixed", "transactionAmount",
                "settlementAmount", "interchangeFee")) {
            RAW_FIELDS.put(amount, () -> ApiSchemas.ref(AMOUNT));
        }
        RAW_FIELDS.put("percent", () -> pattern("^\\d{1,3}(\\.\\d{1,4})?$", "A percentage from 0 to 100 with at most "
                + "4 decimals (\"1.5\"); a JSON number is accepted too."));
        RAW_FIELDS.put("interchangePercent", () -> pattern("^\\d{1,3}(\\.\\d{1,4})?$", "Interchange as a percentage "
                + "from 0 to 100 of each amount (\"1.5\"); a JSON number is accepted too."));
        RAW_FIELDS.put("pin", () -> pattern("^\\d{4,6}$", "4 to 6 digits, as a string."));
        RAW_FIELDS.put("expiryMonth", () -> range(1, 12, "integer"));
        RAW_FIELDS.put("expiryYear", () -> range(2000, 2100, "integer"));
        RAW_FIELDS.put("validityMonths", () -> range(1, 120, "integer"));
        RAW_FIELDS.put("timeoutMs", () -> range(100, 2000, "integer"));
        RAW_FIELDS.put("overlapSeconds", () -> range(0, 7 * 24 * 3600, "integer"));
        // a card product's back-office settings (read by Fields.bool and Fields.intRange)
        RAW_FIELDS.put("provisionalCredit", () -> ApiSchemas.typed("boolean"));
        RAW_FIELDS.put("interchangeSharePercent", () -> range(0, 100, "integer"));
        RAW_FIELDS.put("rateLimitPerHour", () -> range(1, 100_000_000, "integer", "null"));
        // authorization rules (authorization.rules.RuleInputs)
        RAW_FIELDS.put("window", () -> ApiSchemas.ref(RULE_WINDOW));
        RAW_FIELDS.put("countLimit", () -> range(1, 1_000_000, "integer"));
        RAW_FIELDS.put("amountLimit", () -> pattern("^(?=.*[1-9])\\d{1,13}(\\.\\d{1,4})?$", "A positive amount in the "
                + "card's currency, as a decimal string (\"30.00\") with at most 4 decimals; a JSON number is "
                + "accepted too."));
        RAW_FIELDS.put("value", () -> ApiSchemas.ref(RULE_CONDITION_VALUE));
    }

    /** Text fields whose name says which values they take, in every body that has them. */
    private static final Map<String, List<String>> NAMED_VALUES = new LinkedHashMap<>();

    static {
        List<String> currencies = java.util.Arrays.stream(Currency.values()).map(Enum::name).toList();
        NAMED_VALUES.put("currency", currencies);
        NAMED_VALUES.put("creditCurrency", currencies);
        NAMED_VALUES.put("environment", java.util.Arrays.stream(Environment.values()).map(Environment::wire).toList());
        NAMED_VALUES.put("network", List.of("visa", "mastercard"));
        NAMED_VALUES.put("formFactor", List.of("virtual", "physical"));
        NAMED_VALUES.put("settlementMode", List.of("instant", "async"));
        NAMED_VALUES.put("standIn", List.of("approve", "decline"));
        NAMED_VALUES.put("decision", List.of("approved", "rejected"));
        NAMED_VALUES.put("channel", List.of("online", "in_person"));
        NAMED_VALUES.put("source", List.of("wallet", "tenant"));
        NAMED_VALUES.put("result", List.of("succeeded", "failed"));
    }

    /** Text fields, and lists of texts, whose name says their form: merchant categories and countries. */
    private static final Map<String, String> NAMED_PATTERNS = Map.of("mcc", MCC, "country", COUNTRY,
            "allowedMccs", MCC, "blockedMccs", MCC, "allowedCountries", COUNTRY, "blockedCountries", COUNTRY);

    private ApiRequestBodies() {
    }

    /** A text schema that takes these values only (the description of the one it replaces kept). */
    static Schema<Object> oneOf(Schema<?> replaced, List<String> values) {
        Schema<Object> s = ApiSchemas.typed("string");
        s.setEnum(new ArrayList<>(values));
        s.setDescription(replaced == null ? null : replaced.getDescription());
        return s;
    }

    static void addComponents(Components components) {
        Schema<Object> amount = pattern("^\\d+(\\.\\d+)?$", "An amount in the currency's unit, as a decimal string "
                + "(\"100.50\"), with no more decimals than the currency has; a JSON number is accepted too.");
        amount.setExamples(List.of("100.50"));
        components.addSchemas(AMOUNT, amount);
        components.addSchemas(RULE_WINDOW, ruleWindow());
        components.addSchemas(RULE_CONDITION_VALUE, conditionValue());
    }

    /** {"seconds": N} (a sliding window of 1 s to 31 days), "day" or "month" (the current UTC calendar one). */
    private static Schema<Object> ruleWindow() {
        Schema<Object> seconds = ApiSchemas.typed("object");
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("seconds", range(1, 31 * 24 * 3600, "integer"));
        seconds.setProperties(properties);
        seconds.setRequired(List.of("seconds"));
        seconds.setAdditionalProperties(false);
        Schema<Object> calendar = ApiSchemas.typed("string");
        calendar.setEnum(new ArrayList<>(List.of("day", "month")));
        Schema<Object> window = new io.swagger.v3.oas.models.media.JsonSchema();
        window.setOneOf(new ArrayList<>(List.of(seconds, calendar)));
        window.setDescription("A velocity rule's window: {\"seconds\": N} slides back N seconds (1 to 2678400, 31 "
                + "days) from each authorization; \"day\" and \"month\" are the current UTC calendar day and month.");
        return window;
    }

    /** A condition's value, by attribute and operation (docs/auth-rules.md). */
    private static Schema<Object> conditionValue() {
        Schema<Object> text = ApiSchemas.typed("string");
        text.setMinLength(1);
        text.setMaxLength(100);
        Schema<Object> texts = ApiSchemas.typed("array");
        texts.setItems(text);
        texts.setMinItems(1);
        texts.setMaxItems(500);
        Schema<Object> integers = ApiSchemas.typed("array");
        integers.setItems(range(0, 1_000_000, "integer"));
        integers.setMinItems(1);
        integers.setMaxItems(500);
        Schema<Object> value = new io.swagger.v3.oas.models.media.JsonSchema();
        value.setOneOf(new ArrayList<>(List.of(texts, integers, ApiSchemas.typed("string"),
                range(0, 1_000_000, "integer"), ApiSchemas.typed("boolean"))));
        value.setDescription("What the attribute is compared with. is_one_of and is_not_one_of: a list of 1 to 500 "
                + "texts (mcc: 4 digits; merchant_country: ISO 3166 alpha-2; a single text is a list of one) or, for "
                + "hour_of_day_utc and card_age_days, of integers; for three_ds_verified and pin_present, true or "
                + "false. greater_than and less_than: for amount a positive decimal string (\"500.00\", a JSON number "
                + "is accepted too), for hour_of_day_utc (0 to 23) and card_age_days an integer. matches: a regular "
                + "expression of at most 200 characters, for the text attributes.");
        return value;
    }

    /** The response fields that the views declare as Object, typed as the bodies that write them. */
    static void typeResponseFields(Components components) {
        TYPED_RESPONSE_FIELDS.forEach((field, component) -> {
            String[] at = field.split("\\.");
            Schema<?> holder = components.getSchemas() == null ? null : components.getSchemas().get(at[0]);
            if (holder != null && holder.getProperties() != null && holder.getProperties().containsKey(at[1])) {
                holder.getProperties().put(at[1], ApiSchemas.ref(component));
            }
        });
    }

    /** Gives the operation's body its own schema, with required fields and an example. */
    static void describe(Components components, Operation operation, ApiOperations.Operation entry) {
        RequestBody body = operation.getRequestBody();
        if (entry.isUpload()) {
            describeUpload(components, operation, entry);
            return;
        }
        if (body == null || body.getContent() == null) {
            return;
        }
        MediaType json = body.getContent().get("application/json");
        if (json == null) {
            json = body.getContent().values().iterator().next();
        }
        body.setContent(new Content().addMediaType("application/json", json));
        Schema<Object> own = copy(ApiSchemas.resolve(components, json.getSchema()));
        Set<String> required = new LinkedHashSet<>(own.getRequired() == null ? List.of() : own.getRequired());
        String name = Character.toUpperCase(entry.id.charAt(0)) + entry.id.substring(1) + "Request";
        components.addSchemas(name, own);
        json.setSchema(ApiSchemas.ref(name));
        for (String field : entry.requiredFields()) {
            int dot = field.lastIndexOf('.');
            if (dot < 0) {
                required.add(field);
                continue;
            }
            Schema<?> target = nested(components, own, name, field.substring(0, dot));
            if (target == null) {
                throw new IllegalStateException(entry.key + ": no object " + field.substring(0, dot) + " in its body");
            }
            target.setRequired(merged(target.getRequired(), field.substring(dot + 1)));
        }
        own.setRequired(required.isEmpty() ? null : new ArrayList<>(required));
        entry.fieldValues().forEach((field, values) -> {
            boolean items = field.endsWith("[]"); // a list of texts: the values of its items
            String path = items ? field.substring(0, field.length() - 2) : field;
            int dot = path.lastIndexOf('.');
            Schema<?> holder = dot < 0 ? own : nested(components, own, name, path.substring(0, dot));
            String property = path.substring(dot + 1);
            if (holder == null || holder.getProperties() == null || !holder.getProperties().containsKey(property)) {
                throw new IllegalStateException(entry.key + ": no field " + field + " in its body");
            }
            Schema<?> replaced = holder.getProperties().get(property);
            if (items) {
                replaced.setItems(oneOf(replaced.getItems(), values));
            } else {
                holder.getProperties().put(property, oneOf(replaced, values));
            }
        });
        if (entry.exampleJson() != null) {
            json.setExample(JSON.readValue(entry.exampleJson(), LinkedHashMap.class));
        }
    }

    /** A multipart/form-data body of one binary part, {@code file}: named after the operation like a JSON body. */
    private static void describeUpload(Components components, Operation operation, ApiOperations.Operation entry) {
        Schema<Object> file = ApiSchemas.typed("string");
        file.setFormat("binary");
        file.setContentMediaType("application/octet-stream");
        file.setDescription("The file's bytes; its name is kept, sanitised, and its type is detected from the bytes.");
        Schema<Object> form = ApiSchemas.typed("object");
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("file", file);
        form.setProperties(properties);
        form.setRequired(new ArrayList<>(entry.requiredFields()));
        String name = Character.toUpperCase(entry.id.charAt(0)) + entry.id.substring(1) + "Request";
        components.addSchemas(name, form);
        operation.setRequestBody(new RequestBody().required(true).content(new Content()
                .addMediaType("multipart/form-data", new MediaType().schema(ApiSchemas.ref(name)))));
    }

    /**
     * The object schema at a dotted path ({@code merchant}, {@code documents[]}) under a body's schema,
     * made the operation's own on the way ({@code SimulateAuthorizationRequestMerchant}): what one
     * operation requires of a nested object, another that shares its type may not.
     */
    private static Schema<?> nested(Components components, Schema<?> root, String rootName, String path) {
        Schema<?> at = root;
        String name = rootName;
        for (String part : path.split("\\.")) {
            boolean items = part.endsWith("[]");
            String property = items ? part.substring(0, part.length() - 2) : part;
            Map<String, Schema> properties = at.getProperties();
            Schema<?> value = properties == null ? null : ApiSchemas.resolve(components, properties.get(property));
            name = name + Character.toUpperCase(property.charAt(0)) + property.substring(1);
            Schema<?> object = items && value != null ? value.getItems() : value;
            if (object == null) {
                return null;
            }
            if (!name.equals(ApiSchemas.refName(object))) {
                components.addSchemas(name, copy(ApiSchemas.resolve(components, object)));
                if (items) {
                    Schema<Object> array = ApiSchemas.typed("array");
                    array.setDescription(value.getDescription());
                    array.setMinItems(value.getMinItems());
                    array.setMaxItems(value.getMaxItems());
                    array.setItems(ApiSchemas.ref(name));
                    properties.put(property, array);
                } else {
                    properties.put(property, ApiSchemas.ref(name));
                }
            }
            at = components.getSchemas().get(name);
        }
        return at;
    }

    /** A new object schema with the same fields (the field schemas themselves are shared). */
    private static Schema<Object> copy(Schema<?> original) {
        Schema<Object> own = ApiSchemas.typed("object");
        if (original != null) {
            own.setDescription(original.getDescription());
            own.setProperties(original.getProperties() == null ? new LinkedHashMap<>()
                    : new LinkedHashMap<>(original.getProperties()));
            own.setRequired(original.getRequired() == null ? null : new ArrayList<>(original.getRequired()));
        } else {
            own.setProperties(new LinkedHashMap<>());
        }
        return own;
    }

    /**
     * Once every body has its schema: the objects the bodies reach refuse unknown fields and their
     * raw-JSON fields get their types. Objects the responses reach too are left as they are.
     */
    static void closeObjects(OpenAPI api, List<Schema<?>> bodyRoots, List<Schema<?>> responseRoots) {
        Components components = api.getComponents();
        Set<String> inResponses = ApiSchemas.reachable(components, responseRoots);
        List<Schema<?>> objects = new ArrayList<>();
        for (String name : ApiSchemas.reachable(components, bodyRoots)) {
            if (!inResponses.contains(name) && components.getSchemas().get(name) != null) {
                objects.add(components.getSchemas().get(name));
            }
        }
        for (Schema<?> body : bodyRoots) {
            if (body.get$ref() == null) {
                objects.add(body);
            }
        }
        for (Schema<?> object : objects) {
            if (object.getProperties() == null || object.getProperties().isEmpty()) {
                continue;
            }
            object.setAdditionalProperties(false);
            for (Map.Entry<String, Schema> p : object.getProperties().entrySet()) {
                if (ANY_JSON.equals(p.getValue().get$ref()) && RAW_FIELDS.containsKey(p.getKey())) {
                    p.setValue(RAW_FIELDS.get(p.getKey()).get());
                } else if (NAMED_VALUES.containsKey(p.getKey()) && p.getValue().getEnum() == null
                        && Set.of("string").equals(p.getValue().getTypes())) {
                    p.setValue(oneOf(p.getValue(), NAMED_VALUES.get(p.getKey())));
                } else if (NAMED_PATTERNS.containsKey(p.getKey())) {
                    Schema<?> text = p.getValue().getItems() != null ? p.getValue().getItems() : p.getValue();
                    if (Set.of("string").equals(text.getTypes()) && text.getPattern() == null) {
                        text.setPattern(NAMED_PATTERNS.get(p.getKey()));
                    }
                }
            }
        }
    }

    private static List<String> merged(List<String> existing, String field) {
        Set<String> out = new LinkedHashSet<>(existing == null ? List.of() : existing);
        out.add(field);
        return new ArrayList<>(out);
    }

    private static Schema<Object> pattern(String regex, String description) {
        Schema<Object> s = ApiSchemas.typed("string");
        s.setPattern(regex);
        s.setDescription(description);
        return s;
    }

    private static Schema<Object> range(int min, int max, String... types) {
        Schema<Object> s = ApiSchemas.typed(types);
        s.setMinimum(java.math.BigDecimal.valueOf(min));
        s.setMaximum(java.math.BigDecimal.valueOf(max));
        return s;
    }
}
