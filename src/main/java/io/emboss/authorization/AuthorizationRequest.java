package io.emboss.authorization;

/**
 * A request to spend, as any front hands it to the engine. The card is named by id (the
 * simulator) or by PAN with expiry and optionally CVV2 and PIN (a network). {@code amountMinor}
 * is in minor units of {@code merchantCurrency}.
 */
public record AuthorizationRequest(String cardId, String pan, Integer expiryMonth, Integer expiryYear, String cvv,
                                   String pin, long amountMinor, String merchantCurrency, Merchant merchant,
                                   String channel, String networkReference, boolean advice,
                                   boolean threeDsVerified) {

    /** Where the money is spent. {@code mcc} is a 4-digit merchant category code; country ISO alpha-2. */
    public record Merchant(String name, String mcc, String city, String country, String id) {
        /** A merchant known without the acquirer's id for it (ISO 8583 field 42). */
        public Merchant(String name, String mcc, String city, String country) {
            this(name, mcc, city, country, null);
        }
    }

    public boolean byPan() {
        return cardId == null;
    }

    @Override
    public String toString() {
        // a request carries a PAN, CVV and PIN: never print them
        return "AuthorizationRequest[card=" + (cardId != null ? cardId : "by PAN") + ", amount=" + amountMinor + " "
                + merchantCurrency + ", merchant=" + merchant + ", channel=" + channel + "]";
    }
}
