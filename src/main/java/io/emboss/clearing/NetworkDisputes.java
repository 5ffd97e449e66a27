package io.emboss.clearing;

import io.emboss.shared.Environment;
import io.emboss.shared.Outcome;

/**
 * Where a clearing file's dispute records go: the disputes module implements it, so clearing does
 * not depend on disputes. Called inside the chunk's transaction; the money moves there.
 */
public interface NetworkDisputes {

    /** What a network's record says of the dispute opened on a transaction. */
    enum Record {
        /** The acquirer accepted the chargeback: the dispute is won and the network's money comes back. */
        CHARGEBACK_REVERSAL,
        /** The merchant re-presented the charge with evidence: the dispute is lost. */
        REPRESENTMENT
    }

    /** Resolves the submitted dispute of the transaction: its id, or why not (no submitted dispute, amount). */
    Outcome<String> apply(String tenantId, Environment environment, String transactionId, Record record,
                          long amountMinor);
}
