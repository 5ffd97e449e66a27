package io.emboss.cards;

import io.swagger.v3.oas.annotations.media.Schema;
import io.emboss.shared.Currency;
import io.emboss.shared.Money;
import java.time.Instant;

/** A card product as the API shows it; amounts in the product's currency. */
record CardProductView(String id, String name, CardProduct.Network network, CardProduct.FormFactor formFactor,
                       Currency currency, @Schema(nullable = true) String bin, String issuanceFee,
                       TopupFeeView topupFee, String minTopup, String minBalance,
                       @Schema(nullable = true) String maxBalance, CardView.SpendingLimitsView limits,
                       int validityMonths, CardProduct.SettlementMode settlementMode, boolean isDefault,
                       @Schema(nullable = true) String threeDsThreshold,
                       @Schema(description = "Whether a submitted dispute credits the card at once")
                       boolean provisionalCredit,
                       @Schema(description = "Percent (0 to 100) of the interchange credited to the tenant at settlement")
                       int interchangeSharePercent, boolean livemode, Instant createdAt, Instant updatedAt) {

    static CardProductView of(CardProduct p) {
        Currency c = p.currency();
        return new CardProductView(p.id(), p.name(), p.network(), p.formFactor(), c, p.bin(),
                Money.format(p.issuanceFeeMinor(), c), new TopupFeeView(Money.format(p.topupFeeFixedMinor(), c),
                p.topupFeePercent()), Money.format(p.minTopupMinor(), c), Money.format(p.minBalanceMinor(), c),
                Money.format(p.maxBalanceMinor(), c), CardView.SpendingLimitsView.of(p.limits(), c), p.validityMonths(),
                p.settlementMode(), p.isDefault(),
                p.threeDsThresholdMinor() == null ? null : Money.format(p.threeDsThresholdMinor(), c),
                p.backOffice().provisionalCredit(), p.backOffice().interchangeSharePercent(),
                "live".equals(p.environment()), p.createdAt(), p.updatedAt());
    }

    /** A top-up's fee: a fixed amount plus a percent of the amount (a decimal string such as "1.5"). */
    record TopupFeeView(String fixed, String percent) {
    }
}
