package io.emboss.ledger;

import java.util.List;

/**
 * One request that moves card money, decided inside a {@link MoneyBatch}: first it declares what
 * it needs locked, then, under those locks and after the commands queued before it in the same
 * batch, it decides in memory and queues its writes. It never commits; the batch does, once for
 * all of its commands.
 */
public interface MoneyCommand<R> {

    /** Requests with the same key are decided by the same writer, in arrival order (a card id). */
    String shardKey();

    /** Declares accounts, holds and rows of other modules to lock ({@link MoneyBatch#lockAccount} …). */
    void declare(MoneyBatch batch);

    /** Decides under the batch's locks; a refusal is a value, an exception fails the whole batch. */
    R decide(MoneyBatch batch);

    /** A command that only moves money: the transfers, applied all or none. */
    static MoneyCommand<io.emboss.shared.Outcome<List<Transfer>>> transfers(String shardKey,
            List<TransferSpec> specs) {
        return new MoneyCommand<>() {
            @Override
            public String shardKey() {
                return shardKey;
            }

            @Override
            public void declare(MoneyBatch batch) {
                batch.lockFor(specs);
            }

            @Override
            public io.emboss.shared.Outcome<List<Transfer>> decide(MoneyBatch batch) {
                return batch.move(specs);
            }
        };
    }
}
