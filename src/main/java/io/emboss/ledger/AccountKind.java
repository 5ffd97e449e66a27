package io.emboss.ledger;

/**
 * What an account is for. Accounts whose balance is checked (they may not go negative) are locked
 * while they change; the others are hot, shared by many operations, and only appended to.
 */
public enum AccountKind {
    TENANT_FUNDING(true),
    CUSTOMER_WALLET(true),
    CARD(true),
    FEE_REVENUE(false),
    NETWORK_SETTLEMENT(false),
    EXTERNAL_FUNDING(false),
    FX_CONVERSION(false);

    private final boolean debitsMustNotExceedCredits;

    AccountKind(boolean debitsMustNotExceedCredits) {
        this.debitsMustNotExceedCredits = debitsMustNotExceedCredits;
    }

    public boolean debitsMustNotExceedCredits() {
        return debitsMustNotExceedCredits;
    }

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
