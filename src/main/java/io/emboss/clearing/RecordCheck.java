package io.emboss.clearing;

import io.emboss.authorization.AuthorizationRequest;
import io.emboss.cards.CardProduct;
import io.emboss.shared.Currency;
import io.emboss.shared.Money;
import io.emboss.shared.Outcome;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads a staged record's fields into a {@link Parsed} record, or says, naming the column, why the
 * record cannot be applied: an unknown network or type, an amount with more decimals than its
 * currency has, a card reference that is neither a card id nor a PAN fingerprint. Plain logic.
 */
final class RecordCheck {
    private static final Pattern RECORD_ID = Pattern.compile("[A-Za-z0-9_.:\\-]{1,80}");
    private static final Pattern CARD_REF = Pattern.compile("card_[A-Za-z0-9]{1,60}|[0-9a-f]{64}");
    private static final Pattern AUTH_CODE = Pattern.compile("[A-Za-z0-9]{1,12}");
    private static final Pattern REFERENCE = Pattern.compile("[\\x21-\\x7E]{1,64}");
    private static final Pattern MCC = Pattern.compile("\\d{4}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    private RecordCheck() {
    }

    enum Type {
        PRESENTMENT,
        REVERSAL,
        CHARGEBACK_REVERSAL,
        REPRESENTMENT;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A record whose every field is well formed; the card is yet to be found. */
    record Parsed(long line, String recordId, CardProduct.Network network, Type type, String cardRef,
                  String networkReference, String authCode, long transactionAmountMinor, Currency transactionCurrency,
                  long settlementAmountMinor, Currency settlementCurrency, long interchangeMinor,
                  AuthorizationRequest.Merchant merchant, LocalDate transactionDate) {
    }

    /** The record, or the reason it is rejected (starting with the column at fault). */
    static Outcome<Parsed> parse(long line, List<String> f) {
        String recordId = f.get(0).trim();
        if (!RECORD_ID.matcher(recordId).matches()) {
            return refuse("recordId must be 1 to 80 letters, digits or _.:-");
        }
        CardProduct.Network network = enumOf(CardProduct.Network.class, f.get(1));
        if (network == null) {
            return refuse("network must be visa or mastercard");
        }
        Type type = enumOf(Type.class, f.get(2));
        if (type == null) {
            return refuse("recordType must be presentment, reversal, chargeback_reversal or representment");
        }
        String card = f.get(3).trim();
        if (!CARD_REF.matcher(card).matches()) {
            return refuse("cardId must be a card id (card_…), a PAN or its 64-hex fingerprint");
        }
        String reference = blankToNull(f.get(4));
        if (reference != null && !REFERENCE.matcher(reference).matches()) {
            return refuse("networkReference must be 1 to 64 printable characters");
        }
        String authCode = blankToNull(f.get(5));
        if (authCode != null && !AUTH_CODE.matcher(authCode).matches()) {
            return refuse("authCode must be 1 to 12 letters or digits");
        }
        if (reference == null && authCode == null && type != Type.PRESENTMENT) {
            return refuse("networkReference or authCode is required to match a " + type.wire());
        }
        return amounts(line, f, recordId, network, type, card, reference, authCode);
    }

    private static Outcome<Parsed> amounts(long line, List<String> f, String recordId, CardProduct.Network network,
            Type type, String card, String reference, String authCode) {
        Currency transactionCurrency = Currency.parse(f.get(7)).orElse(null);
        if (transactionCurrency == null) {
            return refuse("transactionCurrency must be one of USD, EUR, COP, USDT");
        }
        Outcome<Long> transactionAmount = Money.parsePositive("transactionAmount", f.get(6), transactionCurrency);
        if (!transactionAmount.isOk()) {
            return refuse(transactionAmount.rejection().message());
        }
        Currency settlementCurrency = Currency.parse(f.get(9)).orElse(null);
        if (settlementCurrency == null) {
            return refuse("settlementCurrency must be one of USD, EUR, COP, USDT");
        }
        Outcome<Long> settlementAmount = Money.parsePositive("settlementAmount", f.get(8), settlementCurrency);
        if (!settlementAmount.isOk()) {
            return refuse(settlementAmount.rejection().message());
        }
        Outcome<Long> interchange = f.get(10).isBlank() ? Outcome.ok(0L)
                : Money.parse("interchangeFee", f.get(10), settlementCurrency);
        if (!interchange.isOk()) {
            return refuse(interchange.rejection().message());
        }
        if (interchange.value() < 0 || interchange.value() > settlementAmount.value()) {
            return refuse("interchangeFee must be from 0 to the settlementAmount");
        }
        return merchant(f).flatMap(m -> date(f.get(14)).map(d -> new Parsed(line, recordId, network, type, card,
                reference, authCode, transactionAmount.value(), transactionCurrency, settlementAmount.value(),
                settlementCurrency, interchange.value(), m, d)));
    }

    private static Outcome<AuthorizationRequest.Merchant> merchant(List<String> f) {
        String name = blankToNull(f.get(11));
        String mcc = blankToNull(f.get(12));
        String country = blankToNull(f.get(13));
        if (mcc != null && !MCC.matcher(mcc).matches()) {
            return refuse("mcc must be 4 digits");
        }
        if (country != null && !COUNTRY.matcher(country).matches()) {
            return refuse("merchantCountry must be an ISO 3166 alpha-2 code such as US");
        }
        return Outcome.ok(name == null && mcc == null ? null
                : new AuthorizationRequest.Merchant(name, mcc, null, country));
    }

    private static Outcome<LocalDate> date(String text) {
        String t = text.trim();
        try {
            return Outcome.ok(t.length() <= 10 ? LocalDate.parse(t) : LocalDate.ofInstant(Instant.parse(t),
                    java.time.ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return refuse("transactionDate must be a date (2026-12-01) or an instant (2026-12-01T10:15:30Z)");
        }
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(t)) {
                return e;
            }
        }
        return null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static <T> Outcome<T> refuse(String reason) {
        return Outcome.rejected(io.emboss.shared.Rejection.Kind.INVALID, "invalid_record", reason);
    }
}
