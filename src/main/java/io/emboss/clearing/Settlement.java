package io.emboss.clearing;

import io.emboss.ledger.AccountKey;
import io.emboss.ledger.LedgerService;
import io.emboss.ledger.Transfer;
import io.emboss.ledger.TransferSpec;
import io.emboss.shared.BusinessEvent;
import io.emboss.shared.Currency;
import io.emboss.shared.Environment;
import io.emboss.shared.Ids;
import io.emboss.shared.Outcome;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Books a completed clearing file's settlement: per tenant, environment, network and currency, the
 * interchange the network pays moves from the network settlement account to program revenue, the
 * tenant's share of it on to the tenant's funding balance, and what is then owed to the network
 * is paid out of the network settlement account. The day's report adds the file's figures; the
 * transfers carry the report's id, so the ledger proves the report.
 */
@Component
class Settlement {
    private final ClearingFileRepository files;
    private final SettlementReportRepository reports;
    private final LedgerService ledger;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Settlement(ClearingFileRepository files, SettlementReportRepository reports, LedgerService ledger,
            ApplicationEventPublisher events, Clock clock) {
        this.files = files;
        this.reports = reports;
        this.ledger = ledger;
        this.events = events;
        this.clock = clock;
    }

    /** A report created or changed, for webhooks. */
    record ReportChanged(String type, SettlementReport report) implements BusinessEvent {
        @Override
        public String tenantId() {
            return report.tenantId();
        }

        @Override
        public Environment environment() {
            return Environment.fromWire(report.environment());
        }

        @Override
        public Object snapshot() {
            return SettlementReportView.of(report, List.of());
        }
    }

    void settle(ClearingFile file) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        for (ClearingFileRepository.Totals t : files.totals(file.id())) {
            Currency currency = Currency.valueOf(t.currency());
            Optional<SettlementReport> existing = reports.lock(t.tenantId(), t.env(), file.settlementDate(),
                    t.network(), t.currency());
            SettlementReport report = existing.orElseGet(() -> SettlementReport.empty(Ids.next("sr"), t.tenantId(),
                    t.env(), file.settlementDate(), t.network(), currency, now));
            List<TransferSpec> specs = transfers(report.id(), Environment.fromWire(t.env()), currency, t);
            if (!specs.isEmpty()) {
                Outcome<List<Transfer>> moved = ledger.execute(specs);
                if (!moved.isOk()) {
                    throw new IllegalStateException("a settlement's transfers were refused: " + moved.rejection().code());
                }
            }
            SettlementReport updated = report.plus(t, now);
            if (existing.isPresent()) {
                reports.update(updated);
            } else {
                reports.insert(updated);
            }
            events.publishEvent(new ReportChanged(existing.isPresent() ? "settlement_report.updated"
                    : "settlement_report.created", updated));
        }
    }

    private static List<TransferSpec> transfers(String reportId, Environment env, Currency currency,
            ClearingFileRepository.Totals t) {
        AccountKey network = AccountKey.networkSettlement(t.tenantId(), env, currency);
        AccountKey revenue = AccountKey.programRevenue(t.tenantId(), env, currency);
        AccountKey funding = AccountKey.tenantFunding(t.tenantId(), env, currency);
        AccountKey outside = AccountKey.externalFunding(t.tenantId(), env, currency);
        List<TransferSpec> specs = new ArrayList<>();
        move(specs, network, revenue, t.interchangeMinor(), "interchange", reportId);
        // a negative share (interchange returned on reversals) may take the funding balance below zero by itself
        if (t.tenantShareMinor() > 0) {
            specs.add(new TransferSpec.Post(revenue, funding, t.tenantShareMinor(), "interchange_share", reportId));
        } else if (t.tenantShareMinor() < 0) {
            specs.add(new TransferSpec.Post(funding, revenue, -t.tenantShareMinor(), "interchange_share", reportId,
                    -t.tenantShareMinor()));
        }
        move(specs, network, outside, SettlementReport.net(t), "network_settlement", reportId);
        return specs;
    }

    /** Moves {@code amountMinor} from {@code from} to {@code to}, or back when it is negative. */
    private static void move(List<TransferSpec> specs, AccountKey from, AccountKey to, long amountMinor, String kind,
            String reference) {
        if (amountMinor > 0) {
            specs.add(new TransferSpec.Post(from, to, amountMinor, kind, reference));
        } else if (amountMinor < 0) {
            specs.add(new TransferSpec.Post(to, from, -amountMinor, kind, reference));
        }
    }
}
