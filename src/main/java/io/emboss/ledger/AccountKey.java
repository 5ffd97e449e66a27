package io.emboss.ledger;

import io.emboss.shared.Currency;
import io.emboss.shared.Environment;
import io.emboss.shared.Secrets;
import java.util.Objects;

/**
 * Names an account by what it is (tenant, environment, kind, owner, currency). The account id is
 * derived from the key, so an account can be created on first use without a lookup.
 */
public record AccountKey(String tenantId, Environment environment, AccountKind kind, String ownerId,
                         Currency currency) {

    public AccountKey {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(currency, "currency");
    }

    public String accountId() {
        return "acc_" + Secrets.sha256Hex(tenantId + "|" + environment.wire() + "|" + kind.wire() + "|"
                + ownerId + "|" + currency.name()).substring(0, 32);
    }

    public static AccountKey tenantFunding(String tenantId, Environment env, Currency currency) {
        return new AccountKey(tenantId, env, AccountKind.TENANT_FUNDING, tenantId, currency);
    }

    public static AccountKey feeRevenue(String tenantId, Environment env, Currency currency) {
        return new AccountKey(tenantId, env, AccountKind.FEE_REVENUE, tenantId, currency);
    }

    public static AccountKey externalFunding(String tenantId, Environment env, Currency currency) {
        return new AccountKey(tenantId, env, AccountKind.EXTERNAL_FUNDING, tenantId, currency);
    }

    public static AccountKey fxConversion(String tenantId, Environment env, Currency currency) {
        return new AccountKey(tenantId, env, AccountKind.FX_CONVERSION, tenantId, currency);
    }

    public static AccountKey networkSettlement(String tenantId, Environment env, Currency currency) {
        return new AccountKey(tenantId, env, AccountKind.NETWORK_SETTLEMENT, tenantId, currency);
    }

    public static AccountKey programRevenue(String tenantId, Environment env, Currency currency) {
        return new AccountKey(tenantId, env, AccountKind.PROGRAM_REVENUE, tenantId, currency);
    }

    public static AccountKey disputeSuspense(String tenantId, Environment env, Currency currency) {
        return new AccountKey(tenantId, env, AccountKind.DISPUTE_SUSPENSE, tenantId, currency);
    }

    public static AccountKey wallet(String tenantId, Environment env, String customerId, Currency currency) {
        return new AccountKey(tenantId, env, AccountKind.CUSTOMER_WALLET, customerId, currency);
    }

    public static AccountKey card(String tenantId, Environment env, String cardId, Currency currency) {
        return new AccountKey(tenantId, env, AccountKind.CARD, cardId, currency);
    }
}
