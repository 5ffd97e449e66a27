package io.emboss.network;

import io.emboss.authorization.Decision;
import io.emboss.shared.Receipt;
import java.time.Clock;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A 0100's answer, written by the decision's own pipeline batch: the hold and the answer a
 * retransmission replays commit together, with one statement for every 0100 of the batch, instead
 * of the answer costing a transaction of its own after the decision. The claim was committed
 * before (a retransmission or a reversal must find the message while it is in progress), so there
 * is nothing to claim here. An answer not stored because a reversal came meanwhile is left to the
 * front, which then carries the reversal out.
 */
final class AnswerReceipt implements Receipt {
    private final Exchange.Key key;
    private final Answers kind;
    private volatile boolean stored;

    AnswerReceipt(Exchange.Key key, Answers kind) {
        this.key = key;
        this.kind = kind;
    }

    /** Whether the batch that committed stored the answer. */
    boolean stored() {
        return stored;
    }

    @Override
    public Kind kind() {
        return kind;
    }

    /** The answers of a batch's 0100s. */
    static final class Answers implements Receipt.Kind {
        private final ExchangeRepository exchanges;
        private final Clock clock;

        Answers(ExchangeRepository exchanges, Clock clock) {
            this.exchanges = exchanges;
            this.clock = clock;
        }

        @Override
        public Set<Receipt> claim(List<Receipt> receipts) {
            return java.util.Collections.newSetFromMap(new IdentityHashMap<>()); // claimed when received
        }

        @Override
        public void complete(List<Receipt.Answered> answered) {
            List<Exchange.Key> keys = new ArrayList<>(answered.size());
            List<Exchange.Answer> answers = new ArrayList<>(answered.size());
            for (Receipt.Answered a : answered) {
                keys.add(((AnswerReceipt) a.receipt()).key);
                answers.add(NetworkFront.authorizationAnswer((Decision) a.answer()));
            }
            List<Boolean> stored = exchanges.answerAllUnlessReversed(keys, answers, clock.instant());
            for (int i = 0; i < answered.size(); i++) {
                ((AnswerReceipt) answered.get(i).receipt()).stored = stored.get(i);
            }
        }
    }
}
