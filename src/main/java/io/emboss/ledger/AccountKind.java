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
    FX_CONVERSION(false),
    /** Interchange the networks pay on the program's purchases, before the tenant's share is paid out. */
    PROGRAM_REVENUE(false),
    /** The platform's advance on disputes: provisional credits out, chargebacks from the network in. */
    DISPUTE_SUSPENSE(false);

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
