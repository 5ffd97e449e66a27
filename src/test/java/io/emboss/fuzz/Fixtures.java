package io.emboss.fuzz;

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
            Map.entry("api-keys", "apikey"), Map.entry("tenants", "tenant"), Map.entry("3ds", "otp"));

    /**
     * For the pass of valid requests: the operations that need a particular object where any of its
     * kind would not do (a physical card to ship, a pending top-up to settle, an unassigned card to
     * assign, a customer whose KYC is still to submit), by the kind they name and the kind to use.
     */
    static final Map<String, Map<String, String>> NEEDS = Map.of(
            "POST /v1/simulate/cards/{id}/shipping", Map.of("card", "physical card"),
            "POST /v1/simulate/topups/{id}", Map.of("topup", "pending topup"),
            "POST /v1/cards/{id}/assign", Map.of("card", "unassigned card", "customer", "approved customer"),
            "POST /compat/core/cards/assign", Map.of("card", "unassigned card", "customer", "approved customer"),
            "POST /v1/customers/{id}/kyc", Map.of("customer", "new customer"),
            "POST /v1/cards/{id}/activation", Map.of("card", "inactive card"),
            "POST /v1/cards/{id}/topups", Map.of("card", "active card"),
            "POST /v1/cards/{id}/withdrawals", Map.of("card", "active card"),
            "POST /compat/alix/api/v2/cards/topup", Map.of("card", "active card"),
            "POST /v1/simulate/authorizations", Map.of("card", "active card"));

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
