package io.emboss.network;

import io.emboss.authorization.AuthorizationRequest;
import io.emboss.shared.Currency;
import java.util.Optional;

/**
 * The fields of a financial message (0100, 0120, 0200, 0220, 0400, 0420) read into domain values,
 * or nothing when one the message needs is missing or unreadable (the answer is then 30). Holds the
 * PAN, CVV2 and PIN block only while the message is processed; {@link #toString()} prints none.
 */
final class Request {
    final Exchange.Key key;
    final String pan;
    final String processingCode;
    final long amountMinor;
    final String currencyNumeric;
    /** ISO 4217 alphabetic code of field 49, as the engine names currencies. */
    final String currency;
    final Integer expiryMonth;
    final Integer expiryYear;
    final String rrn;
    final String authCode;
    final String cvv2;
    final String pinBlock;
    final String channel;
    final AuthorizationRequest.Merchant merchant;
    /** Field 90: the message a completion or reversal refers to. */
    final Exchange.Key original;
    /** Field 95's actual amount: what really happened, when a reversal is partial. */
    final Long replacementAmountMinor;

    private Request(Exchange.Key key, String pan, String processingCode, long amountMinor, String currencyNumeric,
            String currency, Integer expiryMonth, Integer expiryYear, String rrn, String authCode, String cvv2,
            String pinBlock, String channel, AuthorizationRequest.Merchant merchant, Exchange.Key original,
            Long replacementAmountMinor) {
        this.key = key;
        this.pan = pan;
        this.processingCode = processingCode;
        this.amountMinor = amountMinor;
        this.currencyNumeric = currencyNumeric;
        this.currency = currency;
        this.expiryMonth = expiryMonth;
        this.expiryYear = expiryYear;
        this.rrn = rrn;
        this.authCode = authCode;
        this.cvv2 = cvv2;
        this.pinBlock = pinBlock;
        this.channel = channel;
        this.merchant = merchant;
        this.original = original;
        this.replacementAmountMinor = replacementAmountMinor;
    }

    /** {@code mti} without the repeat digit. */
    static Optional<Request> parse(String mti, NetworkMessage m) {
        boolean reversal = mti.startsWith("04");
        boolean completion = mti.equals("0220");
        boolean spend = !reversal && !completion;
        if (!m.has(7) || !m.has(11) || (spend && (!m.has(2) || !m.has(3))) || (!reversal && !m.has(4))
                || (!reversal && !m.has(49)) || (reversal && !m.has(90)) || (completion && !m.has(90) && !m.has(37))) {
            return Optional.empty();
        }
        String pan = m.get(2);
        if (pan != null && pan.length() < 12) {
            return Optional.empty();
        }
        long amount = m.has(4) ? Long.parseLong(m.get(4)) : 0;
        if (!reversal && amount <= 0) {
            return Optional.empty();
        }
        String currency = null;
        if (m.has(49)) {
            Optional<String> alpha = alphabetic(m.get(49));
            if (alpha.isEmpty()) {
                return Optional.empty();
            }
            currency = alpha.get();
        }
        Integer month = null;
        Integer year = null;
        if (m.has(14)) {
            month = Integer.parseInt(m.get(14).substring(2));
            year = 2000 + Integer.parseInt(m.get(14).substring(0, 2));
            if (month < 1 || month > 12) {
                return Optional.empty();
            }
        }
        Optional<String> cvv2 = Optional.empty();
        if (m.has(48)) {
            Optional<Optional<String>> sub = subelement92(m.get(48));
            if (sub.isEmpty()) {
                return Optional.empty();
            }
            cvv2 = sub.get();
        }
        if (m.has(52) && pan == null) {
            return Optional.empty();
        }
        Exchange.Key original = null;
        if (m.has(90)) {
            String f = m.get(90);
            // original MTI (4), STAN (6), transmission date and time (10), acquirer (11), forwarder (11)
            original = new Exchange.Key(acquirer(f.substring(20, 31)), f.substring(4, 10), f.substring(10, 20),
                    NetworkFront.original(f.substring(0, 4)));
        }
        Long replacement = null;
        if (m.has(95)) {
            String actual = m.get(95).substring(0, 12);
            if (!actual.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            replacement = Long.parseLong(actual);
        }
        String rrn = blankToNull(m.get(37));
        Exchange.Key key = new Exchange.Key(acquirer(m.get(32)), m.get(11), m.get(7), mti);
        return Optional.of(new Request(key, pan, m.get(3), amount, m.get(49), currency, month, year, rrn,
                blankToNull(m.get(38)), cvv2.orElse(null), m.get(52), channel(m.get(22)), merchant(m.get(43), m.get(18), m.get(42)),
                original, replacement));
    }

    /** Goods and services (00) or cash (01); refunds, balance enquiries and the rest are not supported. */
    boolean purchase() {
        return processingCode.startsWith("00") || processingCode.startsWith("01");
    }

    String panLast4() {
        return pan == null ? null : pan.substring(pan.length() - 4);
    }

    /**
     * Field 32 as a number: 00012345 and 12345 are one acquirer (field 90 pads it to 11 digits), and a
     * message without field 32 is acquirer 0, as field 90's 00000000000 names it.
     */
    static String acquirer(String field) {
        String trimmed = field == null ? "" : field.replaceFirst("^0+", "");
        return trimmed.isEmpty() ? "0" : trimmed;
    }

    /** Emboss's currencies by their ISO numeric code; other ISO codes pass through for the engine to decline. */
    static Optional<String> alphabetic(String numeric) {
        for (Currency c : Currency.values()) {
            if (c.numericCode().filter(numeric::equals).isPresent()) {
                return Optional.of(c.name());
            }
        }
        if (!numeric.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        int code = Integer.parseInt(numeric);
        return java.util.Currency.getAvailableCurrencies().stream().filter(c -> c.getNumericCode() == code)
                .map(java.util.Currency::getCurrencyCode).sorted().findFirst();
    }

    /**
     * Field 48 the Mastercard way: an optional transaction category code letter, then subelements
     * of two digits of tag, two of length and the value. Empty when malformed; an empty inner value
     * when it is well formed without subelement 92.
     */
    static Optional<Optional<String>> subelement92(String field) {
        int i = !field.isEmpty() && !Character.isDigit(field.charAt(0)) ? 1 : 0;
        String cvv2 = null;
        while (i < field.length()) {
            if (i + 4 > field.length() || !field.substring(i, i + 4).chars().allMatch(Character::isDigit)) {
                return Optional.empty();
            }
            String tag = field.substring(i, i + 2);
            int length = Integer.parseInt(field.substring(i + 2, i + 4));
            if (i + 4 + length > field.length()) {
                return Optional.empty();
            }
            if (tag.equals("92")) {
                cvv2 = field.substring(i + 4, i + 4 + length);
                if (!cvv2.matches("\\d{3,4}")) {
                    return Optional.empty();
                }
            }
            i += 4 + length;
        }
        return Optional.of(Optional.ofNullable(cvv2));
    }

    /** Field 22's first two digits: keyed (01), credential on file (10) and e-commerce (81) are online. */
    private static String channel(String entryMode) {
        if (entryMode == null) {
            return "in_person";
        }
        String pan = entryMode.substring(0, 2);
        return pan.equals("01") || pan.equals("10") || pan.equals("81") ? "online" : "in_person";
    }

    /**
     * Field 43 as Visa lays it out: name (25), city (13), country (ISO alpha-2); field 18 the MCC;
     * field 42 the acquirer's id of the merchant (the card acceptor id code).
     */
    private static AuthorizationRequest.Merchant merchant(String nameLocation, String mcc, String acceptorId) {
        if (nameLocation == null && mcc == null) {
            return null;
        }
        String name = null;
        String city = null;
        String country = null;
        if (nameLocation != null) {
            name = blankToNull(nameLocation.substring(0, 25).trim());
            city = blankToNull(nameLocation.substring(25, 38).trim());
            String c = nameLocation.substring(38, 40);
            country = c.matches("[A-Za-z]{2}") ? c.toUpperCase(java.util.Locale.ROOT) : null;
        }
        return new AuthorizationRequest.Merchant(name, mcc, city, country, blankToNull(acceptorId));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @Override
    public String toString() {
        return "Request[" + key + ", amount=" + amountMinor + " " + currency + "]";
    }
}
