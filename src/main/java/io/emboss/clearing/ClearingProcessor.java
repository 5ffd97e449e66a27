package io.emboss.clearing;

import io.emboss.authorization.ClearingInstruction;
import io.emboss.authorization.ClearingResult;
import io.emboss.authorization.TransactionService;
import io.emboss.cards.Card;
import io.emboss.cards.CardProduct;
import io.emboss.cards.CardService;
import io.emboss.shared.Environment;
import io.emboss.shared.Outcome;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies a clearing file's staged records, a chunk at a time in line order. Each chunk is one
 * transaction holding the file's row lock (so one instance at a time works on a file, and a chunk
 * is applied whole or not at all: a killed instance's chunk rolls back and another takes it):
 * the records are checked, de-duplicated by network record id, matched to their cards, applied
 * through the card transactions in one batch, and their outcomes written with the file's progress.
 * The last chunk books the file's settlement.
 */
@Component
class ClearingProcessor {
    static final int CHUNK = 500;

    private final ClearingFileRepository files;
    private final CardService cards;
    private final TransactionService transactions;
    private final ObjectProvider<NetworkDisputes> disputes;
    private final Settlement settlement;
    private final TransactionTemplate tx;
    private final Clock clock;

    ClearingProcessor(ClearingFileRepository files, CardService cards, TransactionService transactions,
            ObjectProvider<NetworkDisputes> disputes, Settlement settlement, TransactionTemplate tx, Clock clock) {
        this.files = files;
        this.cards = cards;
        this.transactions = transactions;
        this.disputes = disputes;
        this.settlement = settlement;
        this.tx = tx;
        this.clock = clock;
    }

    /** Applies the file's next chunk; false when nothing is left here (done, or another instance has it). */
    boolean nextChunk(String fileId) {
        return Boolean.TRUE.equals(tx.execute(s -> {
            Optional<ClearingFile> locked = files.lockProcessing(fileId);
            if (locked.isEmpty()) {
                return false;
            }
            ClearingFile file = locked.get();
            List<ClearingFileRepository.Staged> staged = files.staged(fileId, CHUNK);
            if (!staged.isEmpty()) {
                List<ClearingFileRepository.Applied> applied = apply(file, staged);
                files.saveOutcomes(fileId, applied);
                ClearingFile.Counts counts = file.counts();
                for (ClearingFileRepository.Applied a : applied) {
                    counts = counts.plus(a.outcome());
                }
                files.progress(fileId, file.recordsProcessed() + staged.size(), counts);
            }
            if (staged.size() < CHUNK) {
                settlement.settle(file);
                files.complete(fileId, file.recordsTotal(), clock.instant().truncatedTo(ChronoUnit.MICROS));
                return false;
            }
            return true;
        }));
    }

    /** A record on its way: parsed, its card found, waiting for the batch that applies it. */
    private record Routed(int index, RecordCheck.Parsed parsed, Card card) {
    }

    private List<ClearingFileRepository.Applied> apply(ClearingFile file, List<ClearingFileRepository.Staged> staged) {
        ClearingFileRepository.Applied[] out = new ClearingFileRepository.Applied[staged.size()];
        List<RecordCheck.Parsed> parsed = new ArrayList<>();
        for (int i = 0; i < staged.size(); i++) {
            ClearingFileRepository.Staged s = staged.get(i);
            Outcome<RecordCheck.Parsed> p = RecordCheck.parse(s.line(), s.fields());
            if (p.isOk()) {
                parsed.add(p.value());
            } else {
                out[i] = ClearingFileRepository.Applied.refused(s.line(), ClearingFile.RecordOutcome.REJECTED,
                        p.rejection().message());
            }
        }
        Map<Long, Integer> indexOf = new HashMap<>();
        for (int i = 0; i < staged.size(); i++) {
            indexOf.put(staged.get(i).line(), i);
        }
        List<Routed> presentments = new ArrayList<>();
        List<Routed> disputeRecords = new ArrayList<>();
        route(file, parsed, indexOf, out, presentments, disputeRecords);
        applyPresentments(presentments, out);
        applyDisputeRecords(disputeRecords, out);
        List<Object[]> keys = new ArrayList<>();
        for (List<Routed> routed : List.of(presentments, disputeRecords)) {
            for (Routed r : routed) {
                if (out[r.index()].outcome().applied()) {
                    keys.add(new Object[] {r.parsed().network().name().toLowerCase(java.util.Locale.ROOT),
                        r.parsed().recordId(), file.id(), r.parsed().line()});
                }
            }
        }
        files.addKeys(keys);
        return List.of(out);
    }

    /** Refuses duplicates and records whose card is unknown or does not fit; routes the rest. */
    private void route(ClearingFile file, List<RecordCheck.Parsed> parsed, Map<Long, Integer> indexOf,
            ClearingFileRepository.Applied[] out, List<Routed> presentments, List<Routed> disputeRecords) {
        Map<String, String> applied = files.appliedKeys(
                parsed.stream().map(p -> wire(p.network())).distinct().toList(),
                parsed.stream().map(RecordCheck.Parsed::recordId).distinct().toList());
        Map<String, Card> found = cards.findForClearing(
                parsed.stream().map(RecordCheck.Parsed::cardRef).distinct().toList());
        Map<String, Long> inChunk = new HashMap<>();
        for (RecordCheck.Parsed p : parsed) {
            int i = indexOf.get(p.line());
            String key = wire(p.network()) + "|" + p.recordId();
            Card card = found.get(p.cardRef());
            String refusal = refusal(file, p, card);
            if (applied.containsKey(key)) {
                out[i] = ClearingFileRepository.Applied.refused(p.line(), ClearingFile.RecordOutcome.DUPLICATE,
                        "record " + p.recordId() + " was applied before (file " + applied.get(key) + ")");
            } else if (inChunk.containsKey(key)) {
                out[i] = ClearingFileRepository.Applied.refused(p.line(), ClearingFile.RecordOutcome.DUPLICATE,
                        "record " + p.recordId() + " appears earlier in this file (line " + inChunk.get(key) + ")");
            } else if (refusal != null) {
                out[i] = ClearingFileRepository.Applied.refused(p.line(), ClearingFile.RecordOutcome.REJECTED, refusal);
            } else {
                inChunk.put(key, p.line());
                boolean money = p.type() == RecordCheck.Type.PRESENTMENT || p.type() == RecordCheck.Type.REVERSAL;
                (money ? presentments : disputeRecords).add(new Routed(i, p, card));
            }
        }
    }

    private static String refusal(ClearingFile file, RecordCheck.Parsed p, Card card) {
        if (card == null || (file.tenantId() != null && (!card.tenantId().equals(file.tenantId())
                || !card.environment().equals(file.environment())))) {
            return "unknown_card: no card has this id or PAN";
        }
        if (card.network() != p.network()) {
            return "network_mismatch: the card is a " + wire(card.network()) + " card";
        }
        if (card.currency() != p.settlementCurrency()) {
            return "settlement_currency_mismatch: the card settles in " + card.currency();
        }
        return null;
    }

    private void applyPresentments(List<Routed> routed, ClearingFileRepository.Applied[] out) {
        if (routed.isEmpty()) {
            return;
        }
        List<ClearingInstruction> instructions = routed.stream().map(r -> new ClearingInstruction(
                r.parsed().type() == RecordCheck.Type.REVERSAL ? ClearingInstruction.Kind.REVERSAL
                        : ClearingInstruction.Kind.PRESENTMENT, r.card(), r.parsed().networkReference(),
                r.parsed().authCode(), r.parsed().settlementAmountMinor(), r.parsed().transactionAmountMinor(),
                r.parsed().transactionCurrency().name(), r.parsed().merchant())).toList();
        List<ClearingResult> results = transactions.clear(instructions);
        Map<String, CardProduct.BackOffice> backOffices = new HashMap<>();
        for (int k = 0; k < routed.size(); k++) {
            Routed r = routed.get(k);
            ClearingResult result = results.get(k);
            ClearingFile.RecordOutcome outcome = ClearingFile.RecordOutcome.valueOf(result.outcome().name());
            long interchange = 0;
            long share = 0;
            if (outcome.applied()) {
                CardProduct.BackOffice bo = backOffices.computeIfAbsent(r.card().productId(),
                        p -> cards.backOfficeOf(r.card()));
                long sign = r.parsed().type() == RecordCheck.Type.REVERSAL ? -1 : 1;
                interchange = sign * r.parsed().interchangeMinor();
                share = sign * (r.parsed().interchangeMinor() * bo.interchangeSharePercent() / 100);
            }
            out[r.index()] = new ClearingFileRepository.Applied(r.parsed().line(), outcome, result.reason(),
                    r.card().tenantId(), r.card().environment(), r.card().id(), r.card().currency().name(),
                    result.transactionId(), null, outcome.applied() ? result.amountMinor() : null,
                    result.differenceMinor() == 0 ? null : result.differenceMinor(),
                    outcome.applied() ? interchange : null, outcome.applied() ? share : null);
        }
    }

    private void applyDisputeRecords(List<Routed> routed, ClearingFileRepository.Applied[] out) {
        for (Routed r : routed) {
            RecordCheck.Parsed p = r.parsed();
            Card card = r.card();
            Optional<String> transaction = transactions.clearedTransaction(card, p.networkReference(), p.authCode());
            NetworkDisputes port = disputes.getIfAvailable();
            Outcome<String> dispute = transaction.isEmpty()
                    ? Outcome.rejected(io.emboss.shared.Rejection.Kind.CONFLICT, "no_cleared_transaction",
                            "no_cleared_transaction: no captured transaction of the card has this reference")
                    : port == null ? Outcome.rejected(io.emboss.shared.Rejection.Kind.CONFLICT, "disputes_unavailable",
                            "disputes_unavailable: this server does not handle disputes")
                    : port.apply(card.tenantId(), Environment.fromWire(card.environment()), transaction.get(),
                            p.type() == RecordCheck.Type.CHARGEBACK_REVERSAL ? NetworkDisputes.Record.CHARGEBACK_REVERSAL
                                    : NetworkDisputes.Record.REPRESENTMENT, p.settlementAmountMinor());
            if (!dispute.isOk()) {
                out[r.index()] = new ClearingFileRepository.Applied(p.line(), ClearingFile.RecordOutcome.REJECTED,
                        reason(dispute), card.tenantId(), card.environment(), card.id(), card.currency().name(),
                        transaction.orElse(null), null, null, null, null, null);
                continue;
            }
            ClearingFile.RecordOutcome outcome = p.type() == RecordCheck.Type.CHARGEBACK_REVERSAL
                    ? ClearingFile.RecordOutcome.DISPUTE_WON : ClearingFile.RecordOutcome.DISPUTE_LOST;
            out[r.index()] = new ClearingFileRepository.Applied(p.line(), outcome, null, card.tenantId(),
                    card.environment(), card.id(), card.currency().name(), transaction.get(), dispute.value(),
                    p.settlementAmountMinor(), null, 0L, 0L);
        }
    }

    private static String reason(Outcome<?> refused) {
        String code = refused.rejection().code();
        String message = refused.rejection().message();
        return message.startsWith(code) ? message : code + ": " + message;
    }

    private static String wire(CardProduct.Network network) {
        return network.name().toLowerCase(java.util.Locale.ROOT);
    }
}
