package io.emboss.disputes;

import io.emboss.ledger.AccountKey;
import io.emboss.ledger.TransferSpec;
import io.emboss.shared.Environment;
import java.util.ArrayList;
import java.util.List;

/**
 * The transfers of each step of a dispute (docs/disputes.md, "Money"). The dispute-suspense account carries the
 * platform's advance: provisional credit goes out of it to the card, and the network's chargeback money (or the
 * card, when the dispute fails) pays it back.
 */
final class DisputeMoney {
    static final String PROVISIONAL_CREDIT = "dispute_provisional_credit";
    static final String CHARGEBACK = "chargeback";
    static final String REVERSAL = "dispute_provisional_credit_reversal";

    private final AccountKey card;
    private final AccountKey suspense;
    private final AccountKey network;
    private final long reversalOverdraftMinor;

    DisputeMoney(Dispute d, long reversalOverdraftMinor) {
        Environment env = Environment.fromWire(d.environment());
        this.card = AccountKey.card(d.tenantId(), env, d.cardId(), d.currency());
        this.suspense = AccountKey.disputeSuspense(d.tenantId(), env, d.currency());
        this.network = AccountKey.networkSettlement(d.tenantId(), env, d.currency());
        this.reversalOverdraftMinor = reversalOverdraftMinor;
    }

    /** Submission with provisional credit: the advance to the card. */
    List<TransferSpec> provisionalCredit(Dispute d) {
        return List.of(new TransferSpec.Post(suspense, card, d.amountMinor(), PROVISIONAL_CREDIT, d.id()));
    }

    /**
     * Won, the network paying back {@code recovered} (at most the dispute's amount). With provisional credit the
     * network's money repays the advance and what it did not pay is taken back from the card; without, the
     * network's money goes to the card.
     */
    List<TransferSpec> won(Dispute d, long recovered) {
        List<TransferSpec> specs = new ArrayList<>();
        if (d.provisionalCreditMinor() != null) {
            specs.add(new TransferSpec.Post(network, suspense, recovered, CHARGEBACK, d.id()));
            long unpaid = d.provisionalCreditMinor() - recovered;
            if (unpaid > 0) {
                specs.add(reversal(unpaid, d.id()));
            }
        } else {
            specs.add(new TransferSpec.Post(network, card, recovered, CHARGEBACK, d.id()));
        }
        return specs;
    }

    /** Lost or expired: the advance, if any, comes back from the card, even past its balance (bounded). */
    List<TransferSpec> failed(Dispute d) {
        return d.provisionalCreditMinor() == null ? List.of() : List.of(reversal(d.provisionalCreditMinor(), d.id()));
    }

    private TransferSpec reversal(long amount, String reference) {
        return new TransferSpec.Post(card, suspense, amount, REVERSAL, reference, reversalOverdraftMinor);
    }
}
