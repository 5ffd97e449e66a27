package io.emboss.authorization;

/** Where money was spent: {@code mcc} a 4-digit merchant category code, {@code country} ISO alpha-2. */
record MerchantView(String name, String mcc, String city, String country) {

    /** The merchant, or null when there is none (a top-up, a withdrawal). */
    static MerchantView of(AuthorizationRequest.Merchant m) {
        return m == null ? null : new MerchantView(m.name(), m.mcc(), m.city(), m.country());
    }
}
