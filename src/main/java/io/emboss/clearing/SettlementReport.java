package io.emboss.clearing;

import io.emboss.shared.Currency;
import java.time.Instant;
import java.time.LocalDate;

/**
 * What a day's clearing files moved for one tenant, network and currency: presentments, reversals
 * (money refunded), chargebacks (money the network returned on won disputes), the interchange the
 * network pays, the tenant's share of it, and what is owed to the network net of all that. Every
 * figure is backed by ledger transfers whose reference is the report's id.
 */
public record SettlementReport(String id, String tenantId, String environment, LocalDate date, String network,
                               Currency currency, long presentments, long grossMinor, long reversals,
                               long reversalsMinor, long chargebacks, long chargebacksMinor, long interchangeMinor,
                               long tenantShareMinor, long netMinor, Instant createdAt, Instant updatedAt) {

    public SettlementReport {
        if (netMinor != grossMinor - reversalsMinor - chargebacksMinor - interchangeMinor) {
            throw new IllegalStateException("a report's net is its gross less reversals, chargebacks and interchange");
        }
    }

    /** This report with a file's totals added. */
    SettlementReport plus(ClearingFileRepository.Totals t, Instant now) {
        return new SettlementReport(id, tenantId, environment, date, network, currency, presentments + t.presentments(),
                grossMinor + t.grossMinor(), reversals + t.reversals(), reversalsMinor + t.reversalsMinor(),
                chargebacks + t.chargebacks(), chargebacksMinor + t.chargebacksMinor(),
                interchangeMinor + t.interchangeMinor(), tenantShareMinor + t.tenantShareMinor(),
                netMinor + net(t), createdAt, now);
    }

    static long net(ClearingFileRepository.Totals t) {
        return t.grossMinor() - t.reversalsMinor() - t.chargebacksMinor() - t.interchangeMinor();
    }

    static SettlementReport empty(String id, String tenantId, String env, LocalDate date, String network,
            Currency currency, Instant now) {
        return new SettlementReport(id, tenantId, env, date, network, currency, 0, 0, 0, 0, 0, 0, 0, 0, 0, now, now);
    }
}
