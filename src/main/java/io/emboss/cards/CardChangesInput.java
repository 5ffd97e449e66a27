package io.emboss.cards;

import io.emboss.shared.Currency;
import io.emboss.web.Fields;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The one reading of a change to a card (its name, status, limits and controls), for
 * {@code PATCH /v1/cards/{id}} and for the dashboard's card page alike, so both refuse the same
 * input with the same words. Problems are collected in the caller's {@link Fields}.
 */
public final class CardChangesInput {
    static final Pattern MCC = Pattern.compile("\\d{4}");
    static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    /** ISO 3166-1 alpha-2 codes as the JDK knows them, plus XK (Kosovo), which card networks use. */
    static final Set<String> COUNTRIES = countries();

    /**
     * The change as sent; null leaves a field unchanged. Limits are decimal strings or JSON numbers
     * in the card's currency; controls are lists of 4-digit MCCs or ISO alpha-2 country codes.
     */
    public record Sent(String name, String status, String reason, JsonNode perTransaction, JsonNode daily,
                       JsonNode monthly, List<String> allowedMccs, List<String> blockedMccs,
                       List<String> allowedCountries, List<String> blockedCountries) {
    }

    private CardChangesInput() {
    }

    /** The changes to hand to {@link CardService#update}; meaningful only when {@code f.ok()} afterwards. */
    public static CardService.CardChanges read(Fields f, Currency currency, Sent sent) {
        String name = sent.name() == null ? null : f.text("name", sent.name(), 1, 100);
        Card.Status status = f.oneOf("status", sent.status(), Card.Status.class, false);
        String reason = f.optionalText("reason", sent.reason(), 200);
        Long per = f.amount("limits.perTransaction", sent.perTransaction(), currency, false);
        Long daily = f.amount("limits.daily", sent.daily(), currency, false);
        Long monthly = f.amount("limits.monthly", sent.monthly(), currency, false);
        List<String> allowedMccs = codes(f, "controls.allowedMccs", sent.allowedMccs(), MCC);
        List<String> blockedMccs = codes(f, "controls.blockedMccs", sent.blockedMccs(), MCC);
        List<String> allowedCountries = codes(f, "controls.allowedCountries", sent.allowedCountries(), COUNTRY);
        List<String> blockedCountries = codes(f, "controls.blockedCountries", sent.blockedCountries(), COUNTRY);
        return new CardService.CardChanges(name, status, reason, per, daily, monthly, allowedMccs, blockedMccs,
                allowedCountries, blockedCountries);
    }

    /** The codes without repeats, in the order sent; null when not sent or when a problem was noted. */
    static List<String> codes(Fields f, String field, List<String> values, Pattern pattern) {
        if (values == null) {
            return null;
        }
        if (values.size() > 200) {
            f.problem(field, "must list at most 200 entries");
            return null;
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String v : values) {
            if (v == null || !pattern.matcher(v).matches() || (pattern == COUNTRY && !COUNTRIES.contains(v))) {
                f.problem(field, pattern == MCC ? "must list 4-digit merchant category codes"
                        : "must list ISO 3166 alpha-2 country codes such as CO");
                return null;
            }
            out.add(v);
        }
        return new ArrayList<>(out);
    }

    private static Set<String> countries() {
        Set<String> all = new java.util.HashSet<>(java.util.Locale.getISOCountries(
                java.util.Locale.IsoCountryCode.PART1_ALPHA2));
        all.add("XK");
        return Set.copyOf(all);
    }
}
