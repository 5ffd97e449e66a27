package io.emboss.authorization;

import io.emboss.shared.Currency;
import io.emboss.shared.Outcome;
import io.emboss.web.Fields;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A simulated purchase as a front hands it in, unchecked: the body of
 * {@code POST /v1/simulate/authorizations} and the dashboard's Sandbox form. {@link #request()}
 * checks it with the one set of rules both use. The card is named by {@code cardId} or by
 * {@code number} with its expiry.
 */
public record SimulateAuthorization(String cardId, String number, JsonNode expiryMonth, JsonNode expiryYear,
                                    String cvv, String pin, JsonNode amount, String currency,
                                    MerchantInput merchant, String channel, String networkReference) {
    private static final Pattern DIGITS = Pattern.compile("\\d{12,19}");
    private static final Pattern CVV = Pattern.compile("\\d{3,4}");
    private static final Pattern PIN = Pattern.compile("\\d{4,6}");

    /** A purchase on a card named by its id, as the dashboard asks for one. */
    public static SimulateAuthorization byCard(String cardId, JsonNode amount, String currency, MerchantInput merchant,
            String channel) {
        return new SimulateAuthorization(cardId, null, null, null, null, null, amount, currency, merchant, channel,
                null);
    }

    /** The engine's request, or a validation rejection naming every offending field. */
    public Outcome<AuthorizationRequest> request() {
        Fields f = new Fields();
        boolean byId = cardId != null;
        if (byId == (number != null)) {
            f.problem("cardId", "give either cardId or number (with expiryMonth, expiryYear)");
        }
        String id = byId ? f.text("cardId", cardId, 1, 64) : null;
        String pan = number == null ? null : f.matches("number", number, DIGITS, "must be 12 to 19 digits", true);
        Integer month = f.intRange("expiryMonth", expiryMonth, 1, 12);
        Integer year = f.intRange("expiryYear", expiryYear, 2000, 2100);
        if (!byId && (month == null || year == null)) {
            f.problem("expiryMonth", "and expiryYear are required with number");
        }
        String checkedCvv = cvv == null ? null : f.matches("cvv", cvv, CVV, "must be 3 or 4 digits", true);
        String checkedPin = pin == null ? null : f.matches("pin", pin, PIN, "must be 4 to 6 digits", true);
        Currency checkedCurrency = f.currency("currency", currency);
        Long amountMinor = f.positiveAmount("amount", amount, checkedCurrency);
        AuthorizationRequest.Merchant checkedMerchant = MerchantInput.parse(f, merchant, true);
        String checkedChannel = channel == null ? "online" : channel;
        if (!List.of("online", "in_person").contains(checkedChannel)) {
            f.problem("channel", "must be online or in_person");
        }
        String reference = f.optionalText("networkReference", networkReference, 64);
        if (!f.ok()) {
            return Outcome.rejected(f.rejection());
        }
        return Outcome.ok(new AuthorizationRequest(id, pan, month, year, checkedCvv, checkedPin, amountMinor,
                checkedCurrency.name(), checkedMerchant, checkedChannel, reference, false, false));
    }

    @Override
    public String toString() {
        // a request may carry a PAN, CVV and PIN: never print them
        return "SimulateAuthorization[card=" + (cardId != null ? cardId : "by PAN") + ", amount=" + amount + " "
                + currency + "]";
    }
}
