package io.emboss.disputes;

import io.emboss.clearing.NetworkDisputes;
import io.emboss.shared.Environment;
import io.emboss.shared.Outcome;
import org.springframework.stereotype.Component;

/** Hands a clearing file's dispute records (chargeback reversals, representments) to the disputes. */
@Component
class ClearingDisputes implements NetworkDisputes {
    private final DisputeService disputes;

    ClearingDisputes(DisputeService disputes) {
        this.disputes = disputes;
    }

    @Override
    public Outcome<String> apply(String tenantId, Environment environment, String transactionId, Record record,
            long amountMinor) {
        return disputes.applyNetworkRecord(tenantId, environment, transactionId,
                record == Record.CHARGEBACK_REVERSAL ? DisputeService.NetworkRecord.CHARGEBACK_REVERSAL
                        : DisputeService.NetworkRecord.REPRESENTMENT, amountMinor);
    }
}
