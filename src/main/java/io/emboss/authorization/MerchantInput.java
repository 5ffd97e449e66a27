package io.emboss.authorization;

import io.emboss.web.Fields;
import java.util.regex.Pattern;

/** Where a simulated purchase, refund or force-post is spent, as a front hands it in (unchecked). */
public record MerchantInput(String name, String mcc, String city, String country, String id) {
    private static final Pattern MCC = Pattern.compile("\\d{4}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    /** The merchant with the API's rules; null (and a problem when required) when absent or invalid. */
    static AuthorizationRequest.Merchant parse(Fields f, MerchantInput m, boolean required) {
        if (m == null) {
            if (required) {
                f.problem("merchant", "is required: {name, mcc, country, city?}");
            }
            return null;
        }
        String name = f.text("merchant.name", m.name(), 1, 100);
        String mcc = f.matches("merchant.mcc", m.mcc(), MCC, "must be a 4-digit merchant category code", true);
        String city = f.optionalText("merchant.city", m.city(), 60);
        String country = f.matches("merchant.country", m.country(), COUNTRY,
                "must be an ISO 3166 alpha-2 code such as CO", true);
        String id = f.optionalText("merchant.id", m.id(), 40);
        return new AuthorizationRequest.Merchant(name, mcc, city, country, id);
    }
}
