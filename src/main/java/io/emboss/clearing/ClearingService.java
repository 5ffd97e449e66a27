package io.emboss.clearing;

import io.emboss.ledger.LedgerService;
import io.emboss.ledger.Transfer;
import io.emboss.shared.Caller;
import io.emboss.shared.Outcome;
import io.emboss.shared.Page;
import io.emboss.shared.PageRequest;
import io.emboss.shared.Rejection;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The back office's clearing and settlement as callers see it. The platform operator ingests
 * network files and reads every file and every tenant's settlement; a tenant reads its own
 * settlement and the files it simulated in sandbox. Each rule is checked here, whatever URL led here.
 */
@Service
public class ClearingService {
    static final Rejection OPERATOR_ONLY = Rejection.of(Rejection.Kind.FORBIDDEN, "forbidden",
            "Only the platform operator ingests clearing files and reads the platform's settlement");
    private static final int REPORTS_MAX = 500;

    private final ClearingIngest ingest;
    private final ClearingFileRepository files;
    private final SettlementReportRepository reports;
    private final LedgerService ledger;

    ClearingService(ClearingIngest ingest, ClearingFileRepository files, SettlementReportRepository reports,
            LedgerService ledger) {
        this.ingest = ingest;
        this.files = files;
        this.reports = reports;
        this.ledger = ledger;
    }

    /** A network's file, from the operator: staged whole, then applied in the background. */
    public Outcome<Ingested> upload(Caller caller, String fileName, LocalDate settlementDate,
            InputStream body) throws IOException {
        if (!caller.isPlatformAdmin()) {
            return Outcome.rejected(OPERATOR_ONLY);
        }
        return ingest.ingest(null, null, fileName, settlementDate, body);
    }

    /** A sandbox tenant's simulated file: its records may only name that tenant's sandbox cards. */
    Outcome<Ingested> uploadSimulated(Caller caller, String fileName, LocalDate settlementDate,
            InputStream body) throws IOException {
        if (!caller.maySimulate()) {
            return Outcome.rejected(Caller.SANDBOX_ONLY);
        }
        return ingest.ingest(caller.tenantId(), caller.environment().wire(), fileName, settlementDate, body);
    }

    @Transactional(readOnly = true)
    public Outcome<ClearingFile> file(Caller caller, String id) {
        return files.find(id).filter(f -> visible(caller, f)).<Outcome<ClearingFile>>map(Outcome::ok)
                .orElseGet(() -> Outcome.notFound("clearing file " + id));
    }

    /** The operator's every file, or a tenant's simulated ones, newest first. */
    @Transactional(readOnly = true)
    public Outcome<Page<ClearingFile>> files(Caller caller, PageRequest page) {
        Long before = null;
        if (page.startingAfter() != null) {
            Optional<ClearingFile> after = files.find(page.startingAfter()).filter(f -> visible(caller, f));
            if (after.isEmpty()) {
                return Outcome.rejected(Rejection.Kind.INVALID, "invalid_cursor", "startingAfter names no clearing file");
            }
            before = files.seqOf(after.get().id()).orElseThrow();
        }
        String tenant = caller.isPlatformAdmin() ? null : caller.tenantId();
        String env = caller.isPlatformAdmin() ? null : caller.environment().wire();
        return Outcome.ok(Page.of(files.page(tenant, env, page.limit(), before), page.limit(), ClearingFile::id));
    }

    /** A file's records in line order, optionally of one outcome; the cursor is a line number. */
    @Transactional(readOnly = true)
    public Outcome<Page<ClearingFile.Record>> records(Caller caller, String id, ClearingFile.RecordOutcome outcome,
            PageRequest page) {
        Outcome<ClearingFile> file = file(caller, id);
        if (!file.isOk()) {
            return Outcome.rejected(file.rejection());
        }
        long after = 0;
        if (page.startingAfter() != null) {
            try {
                after = Long.parseLong(page.startingAfter());
            } catch (NumberFormatException e) {
                return Outcome.rejected(Rejection.Kind.INVALID, "invalid_cursor", "startingAfter is a line number");
            }
        }
        return Outcome.ok(Page.of(files.records(id, outcome == null ? null : outcome.wire(), after, page.limit()),
                page.limit(), r -> Long.toString(r.line())));
    }

    /** A tenant's reports of a day (or its latest), with the transfers behind each. */
    @Transactional(readOnly = true)
    public Outcome<List<ReportWithTransfers>> reports(Caller caller, LocalDate date) {
        if (caller.isPlatformAdmin()) {
            return Outcome.rejected(Rejection.Kind.FORBIDDEN, "forbidden",
                    "A tenant's own settlement; the operator reads /v1/platform/settlement-reports");
        }
        return Outcome.ok(reports.list(caller.tenantId(), caller.environment().wire(), date, null, REPORTS_MAX)
                .stream().map(this::withTransfers).toList());
    }

    @Transactional(readOnly = true)
    public Outcome<ReportWithTransfers> report(Caller caller, String id) {
        if (caller.isPlatformAdmin()) {
            return Outcome.notFound("settlement report " + id);
        }
        return reports.find(caller.tenantId(), caller.environment().wire(), id).map(this::withTransfers)
                .<Outcome<ReportWithTransfers>>map(Outcome::ok)
                .orElseGet(() -> Outcome.notFound("settlement report " + id));
    }

    /** The operator's settlement of a day: every tenant's reports, grouped by network, currency and mode. */
    @Transactional(readOnly = true)
    public Outcome<List<List<SettlementReport>>> platformReports(Caller caller, LocalDate date, String network) {
        if (!caller.isPlatformAdmin()) {
            return Outcome.rejected(OPERATOR_ONLY);
        }
        Map<String, List<SettlementReport>> groups = new LinkedHashMap<>();
        for (SettlementReport r : reports.list(null, null, date, network, 10_000)) {
            groups.computeIfAbsent(r.date() + "|" + r.network() + "|" + r.currency() + "|" + r.environment(),
                    k -> new ArrayList<>()).add(r);
        }
        return Outcome.ok(List.copyOf(groups.values()));
    }

    /** A file taken in: new (its records staged) or the same bytes sent before, which changed nothing. */
    public record Ingested(ClearingFile file, boolean duplicate) {
    }

    /** A report and the ledger transfers whose reference it is. */
    public record ReportWithTransfers(SettlementReport report, List<Transfer> transfers) {
    }

    private ReportWithTransfers withTransfers(SettlementReport r) {
        return new ReportWithTransfers(r, ledger.transfersByReference(r.id()));
    }

    private static boolean visible(Caller caller, ClearingFile f) {
        return caller.isPlatformAdmin() || (caller.tenantId().equals(f.tenantId())
                && caller.environment().wire().equals(f.environment()));
    }
}
