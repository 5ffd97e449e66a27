package io.emboss.clearing;

import io.emboss.ledger.Transfer;
import io.emboss.shared.Currency;
import io.emboss.shared.Money;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A day's settlement for one tenant, network and currency, with the ledger transfers that book it
 * (their reference is the report's id): interchange, the tenant's share, the payment to the network.
 */
record SettlementReportView(String id, LocalDate date, String network, Currency currency, Count presentments,
                            Count reversals, Count chargebacks,
                            @Schema(description = "Interchange the network pays on the day's purchases") String interchange,
                            @Schema(description = "The tenant's share of it, credited to its funding balance")
                            String tenantShare,
                            @Schema(description = "gross - reversals - chargebacks - interchange: paid to the network")
                            String netOwed, List<TransferLine> transfers, boolean livemode, Instant createdAt,
                            Instant updatedAt) {

    /** How many records and how much money. */
    record Count(long count, String amount) {
    }

    /** A ledger transfer behind the report. */
    record TransferLine(String id, String kind, String amount, String debitAccountId, String creditAccountId,
                        Instant createdAt) {
    }

    static SettlementReportView of(SettlementReport r, List<Transfer> transfers) {
        Currency c = r.currency();
        return new SettlementReportView(r.id(), r.date(), r.network(), c,
                new Count(r.presentments(), Money.format(r.grossMinor(), c)),
                new Count(r.reversals(), Money.format(r.reversalsMinor(), c)),
                new Count(r.chargebacks(), Money.format(r.chargebacksMinor(), c)),
                Money.format(r.interchangeMinor(), c), Money.format(r.tenantShareMinor(), c),
                Money.format(r.netMinor(), c),
                transfers.stream().map(t -> new TransferLine(t.id(), t.kind(), Money.format(t.amountMinor(), c),
                        t.debitAccountId(), t.creditAccountId(), t.createdAt())).toList(),
                "live".equals(r.environment()), r.createdAt(), r.updatedAt());
    }
}
