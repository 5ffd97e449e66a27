package io.emboss.fuzz;

import io.emboss.support.Api;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What exists on the server before and during a fuzz run, so that generated requests name real
 * objects: ids by kind, the credentials, a card's details and the tenant user's login.
 */
final class Fixtures {
    /** Kinds of ids, by the path segment that precedes {@code {id}} in a route. */
    static final Map<String, String> KIND_OF_SEGMENT = Map.ofEntries(Map.entry("customers", "customer"),
            Map.entry("cards", "card"), Map.entry("card-products", "product"),
            Map.entry("authorizations", "authorization"), Map.entry("topups", "topup"),
            Map.entry("deposits", "deposit"), Map.entry("webhook-endpoints", "endpoint"),
            Map.entry("events", "event"), Map.entry("transactions", "transaction"), Map.entry("users", "user"),
            Map.entry("api-keys", "apikey"), Map.entry("tenants", "tenant"), Map.entry("3ds", "otp"),
            Map.entry("auth-rules", "auth rule"), Map.entry("backtests", "backtest"),
            Map.entry("clearing-files", "clearing file"), Map.entry("settlement-reports", "settlement report"),
            Map.entry("disputes", "dispute"), Map.entry("files", "dispute file"));

    /**
     * For the pass of valid requests: the operations that need a particular object where any of its
     * kind would not do (a physical card to ship, a pending top-up to settle, an unassigned card to
     * assign, a customer whose KYC is still to submit), by the kind they name and the kind to use.
     */
    static final Map<String, Map<String, String>> NEEDS = Map.ofEntries(
            Map.entry("POST /v1/simulate/cards/{id}/shipping", Map.of("card", "physical card")),
            Map.entry("POST /v1/simulate/topups/{id}", Map.of("topup", "pending topup")),
            Map.entry("POST /v1/cards/{id}/assign", Map.of("card", "unassigned card", "customer", "approved customer")),
            Map.entry("POST /compat/core/cards/assign", Map.of("card", "unassigned card", "customer", "approved customer")),
            Map.entry("POST /v1/customers/{id}/kyc", Map.of("customer", "new customer")),
            Map.entry("POST /v1/cards/{id}/activation", Map.of("card", "inactive card")),
            Map.entry("POST /v1/cards/{id}/topups", Map.of("card", "active card")),
            Map.entry("POST /v1/cards/{id}/withdrawals", Map.of("card", "active card")),
            Map.entry("POST /compat/alix/api/v2/cards/topup", Map.of("card", "active card")),
            Map.entry("POST /v1/simulate/authorizations", Map.of("card", "active card")),
            Map.entry("POST /v1/auth-rules/{id}/promote", Map.of("auth rule", "drafted auth rule")),
            Map.entry("GET /v1/auth-rules/{id}/backtests/{backtestId}", Map.of("auth rule", "backtested auth rule")),
            Map.entry("POST /v1/simulate/disputes/{id}/resolve", Map.of("dispute", "submitted dispute")));

    /**
     * For the pass of valid requests: bodies for the operations whose body the document's schema
     * cannot make valid by chance (which condition values suit which attribute and operation, a
     * backtest's end after its start). Each must also be valid by the document: the test checks it.
     */
    static final Map<String, List<Map<String, Object>>> VALID_BODIES = Map.of(
            "POST /v1/auth-rules", List.of(
                    Api.map("name", "Fuzz block", "type", "conditional_block", "parameters", Api.map("conditions", List.of(
                            Api.map("attribute", "mcc", "operation", "is_one_of", "value", List.of("7995")),
                            Api.map("attribute", "hour_of_day_utc", "operation", "is_one_of", "value", List.of(2, 3)),
                            Api.map("attribute", "amount", "operation", "greater_than", "value", "900.00"))),
                            "mode", "shadow"),
                    Api.map("name", "Fuzz velocity", "type", "velocity_limit", "parameters", Api.map("window",
                            Api.map("seconds", 3600), "countLimit", 50, "amountLimit", "3000.00", "scope", "card",
                            "filters", Api.map("channel", "online")), "mode", "shadow", "state", "draft"),
                    Api.map("name", "Fuzz lock", "type", "merchant_lock", "parameters", Api.map("merchants",
                            List.of(Api.map("name", "Corner Shop"), Api.map("mcc", "5411"))), "mode", "shadow",
                            "scope", Api.map("level", "tenant")),
                    Api.map("name", "Fuzz 3DS", "type", "conditional_3ds", "parameters", Api.map("conditions", List.of(
                            Api.map("attribute", "three_ds_verified", "operation", "is_one_of", "value", false),
                            Api.map("attribute", "merchant_name", "operation", "matches", "value", "^Casino")))),
                    Api.map("name", "Fuzz month", "type", "velocity_limit", "parameters", Api.map("window", "month",
                            "amountLimit", "5000", "scope", "customer"), "mode", "shadow")),
            "PATCH /v1/auth-rules/{id}", List.of(
                    Api.map("name", "Fuzz renamed"),
                    Api.map("mode", "shadow", "scope", Api.map("level", "tenant", "excludedCardIds", List.of()))),
            "POST /v1/auth-rules/{id}/backtests", List.of(
                    Api.map("start", "2026-01-01T00:00:00Z", "end", "2026-01-15T00:00:00Z")));

    final Map<String, List<String>> ids = new LinkedHashMap<>();
    /** The operation a valid request is being made for, while it is ({@link #NEEDS}); else null. */
    String validFor;
    String sandboxKey;
    String liveKey;
    String adminToken;
    String accessToken;
    String refreshToken;
    /** The compat dialects' tokens of the tenant's user: core's bearer token and alix's access-token. */
    String coreToken;
    String alixToken;
    String alixRefreshToken;
    String email;
    String password;
    String pan;
    String cvv;
    int expiryMonth;
    int expiryYear;
    /** The numeric aliases of the ops dialect ({@code user_id}, {@code card_id}). */
    final List<Long> opsUserIds = new ArrayList<>();
    final List<Long> opsCardIds = new ArrayList<>();

    void add(String kind, String id) {
        if (id != null) {
            ids.computeIfAbsent(kind, k -> new ArrayList<>()).add(id);
        }
    }

    /** A known id of the kind (of the kind the operation needs, in the valid pass), or null when none exists. */
    String any(String kind, Random random) {
        String needed = validFor == null ? null : NEEDS.getOrDefault(validFor, Map.of()).get(kind);
        List<String> known = ids.get(needed != null && ids.containsKey(needed) ? needed : kind);
        return known == null || known.isEmpty() ? null : known.get(random.nextInt(known.size()));
    }

    /** An id of any kind (a card's id where a customer's is expected, and so on). */
    String anyOfAnyKind(Random random) {
        List<String> kinds = new ArrayList<>(ids.keySet());
        return kinds.isEmpty() ? "cus_0" : any(kinds.get(random.nextInt(kinds.size())), random);
    }

    /** A well-formed id of the kind that names nothing: the prefix of a known one and random characters. */
    String unknown(String kind, Random random) {
        String known = any(kind, random);
        String prefix = known == null || known.indexOf('_') < 0 ? "obj_" : known.substring(0, known.indexOf('_') + 1);
        StringBuilder s = new StringBuilder(prefix);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < 24; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
