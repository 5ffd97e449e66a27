package io.emboss.clearing;

import io.emboss.shared.Currency;
import io.emboss.shared.Money;
import java.time.LocalDate;
import java.util.List;

/**
 * The operator's settlement for a day, network, currency and environment: the sums of every
 * tenant's report, and the reports themselves.
 */
record PlatformSettlementView(LocalDate date, String network, Currency currency, boolean livemode,
                              SettlementReportView.Count presentments, SettlementReportView.Count reversals,
                              SettlementReportView.Count chargebacks, String interchange, String tenantShare,
                              String netOwed, List<TenantReport> tenants) {

    /** One tenant's part of the platform's settlement. */
    record TenantReport(String tenantId, String reportId, String netOwed, String interchange) {
    }

    static PlatformSettlementView of(List<SettlementReport> group) {
        SettlementReport first = group.get(0);
        Currency c = first.currency();
        long presentments = 0, gross = 0, reversals = 0, reversalsMinor = 0, chargebacks = 0, chargebacksMinor = 0;
        long interchange = 0, share = 0, net = 0;
        for (SettlementReport r : group) {
            presentments += r.presentments();
            gross += r.grossMinor();
            reversals += r.reversals();
            reversalsMinor += r.reversalsMinor();
            chargebacks += r.chargebacks();
            chargebacksMinor += r.chargebacksMinor();
            interchange += r.interchangeMinor();
            share += r.tenantShareMinor();
            net += r.netMinor();
        }
        return new PlatformSettlementView(first.date(), first.network(), c, "live".equals(first.environment()),
                new SettlementReportView.Count(presentments, Money.format(gross, c)),
                new SettlementReportView.Count(reversals, Money.format(reversalsMinor, c)),
                new SettlementReportView.Count(chargebacks, Money.format(chargebacksMinor, c)),
                Money.format(interchange, c), Money.format(share, c), Money.format(net, c),
                group.stream().map(r -> new TenantReport(r.tenantId(), r.id(), Money.format(r.netMinor(), c),
                        Money.format(r.interchangeMinor(), c))).toList());
    }
}
