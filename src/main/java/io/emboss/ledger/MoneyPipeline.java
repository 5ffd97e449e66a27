package io.emboss.ledger;

import io.emboss.shared.OutcomeUnknownException;
import io.emboss.shared.Receipt;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Where every front hands the money commands it decides (authorizations, top-ups) and waits for
 * the answer. A few writer loops, one per shard of cards (shard = hash of the command's key), each
 * take everything queued (up to {@code emboss.pipeline.max-batch}) and decide it as one
 * {@link MoneyBatch} in one database transaction, then answer every waiter after the commit: one
 * commit and a handful of statements for many requests, and a hot card's requests see each
 * other's effect in memory instead of queuing on its row lock.
 *
 * <p>A batch that fails is retried command by command, so one bad request never fails its
 * neighbours. A commit whose outcome is unknown is never retried: every waiter gets
 * {@link OutcomeUnknownException}. A command submitted inside a transaction runs at once as a
 * batch of one in that transaction. A command may carry a {@link Receipt} (an
 * {@code Idempotency-Key}'s row, an ISO 8583 exchange's answer), written in its batch's
 * transaction; one held by another request makes it {@link Receipt.Refused}.
 */
@Service
public class MoneyPipeline implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(MoneyPipeline.class);

    private final LedgerService ledger;
    private final TransactionTemplate tx;
    private final Shard[] shards;
    private final int maxBatch;
    private final Duration linger;
    private final DistributionSummary batchSizes;
    private final Timer queueWait;
    private final Timer batchTime;
    private volatile boolean running;

    MoneyPipeline(LedgerService ledger, TransactionTemplate tx, MeterRegistry meters,
            @Value("${emboss.pipeline.shards:0}") int shards,
            @Value("${emboss.pipeline.max-batch:256}") int maxBatch,
            @Value("${emboss.pipeline.max-queued:10000}") int maxQueued,
            @Value("${emboss.pipeline.linger:0ms}") Duration linger) {
        if (maxBatch < 1 || maxQueued < 1 || linger.isNegative()) {
            throw new IllegalArgumentException("emboss.pipeline.max-batch and max-queued are positive, linger ≥ 0");
        }
        this.ledger = ledger;
        this.tx = tx;
        this.maxBatch = maxBatch;
        this.linger = linger;
        int count = shards > 0 ? shards : Runtime.getRuntime().availableProcessors();
        this.shards = new Shard[count];
        for (int i = 0; i < count; i++) {
            this.shards[i] = new Shard(i, new LinkedBlockingQueue<>(maxQueued));
        }
        this.batchSizes = DistributionSummary.builder("emboss.pipeline.batch.size")
                .description("Commands decided per database transaction")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256).register(meters);
        this.queueWait = Timer.builder("emboss.pipeline.queue.wait").description("Time a command waited for its batch")
                .publishPercentiles(0.5, 0.99).register(meters);
        this.batchTime = Timer.builder("emboss.pipeline.batch.time")
                .description("Time from a batch's first statement to its commit").publishPercentiles(0.5, 0.99)
                .register(meters);
        Gauge.builder("emboss.pipeline.queue.depth", this, MoneyPipeline::queued)
                .description("Commands waiting for a batch").register(meters);
    }

    /** Decides the command and returns its answer once it is durable. */
    @SuppressWarnings("unchecked")
    public <R> R submit(MoneyCommand<R> command) {
        Receipt receipt = Receipt.take();
        if (TransactionSynchronizationManager.isActualTransactionActive() || !running) {
            // in the caller's transaction, which commits (or not) with whatever else it holds
            Object answer = tx.execute(s -> ledger.newBatch().run(List.of(command), Arrays.asList(receipt)).get(0));
            if (answer == MoneyBatch.REFUSED) {
                throw new Receipt.Refused();
            }
            return (R) answer;
        }
        Waiter waiter = new Waiter(command, receipt, System.nanoTime());
        Shard shard = shards[Math.floorMod(command.shardKey().hashCode(), shards.length)];
        if (!shard.queue.offer(waiter)) {
            throw new TransientDataAccessResourceException("the money pipeline is full; retry shortly");
        }
        try {
            return (R) waiter.answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the batch decides; its outcome is unknown", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Decides many commands as one batch in the caller's transaction, which commits or rolls back
     * all of them with whatever else it holds (a clearing file's chunk and its records' outcomes).
     * An exception from any command fails the whole call.
     */
    @SuppressWarnings("unchecked")
    public <R> List<R> decideAllInTransaction(List<? extends MoneyCommand<R>> commands) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("decideAllInTransaction runs inside the caller's transaction");
        }
        if (commands.isEmpty()) {
            return List.of();
        }
        return (List<R>) ledger.newBatch().run(commands);
    }

    private int queued() {
        int n = 0;
        for (Shard s : shards) {
            n += s.queue.size();
        }
        return n;
    }

    private record Waiter(MoneyCommand<?> command, Receipt receipt, long queuedAtNanos,
                          CompletableFuture<Object> answer) {
        Waiter(MoneyCommand<?> command, Receipt receipt, long queuedAtNanos) {
            this(command, receipt, queuedAtNanos, new CompletableFuture<>());
        }

        void answer(Object value) {
            if (value == MoneyBatch.REFUSED) {
                answer.completeExceptionally(new Receipt.Refused());
            } else {
                answer.complete(value);
            }
        }
    }

    private final class Shard implements Runnable {
        private final int index;
        private final BlockingQueue<Waiter> queue;
        private Thread thread;

        Shard(int index, BlockingQueue<Waiter> queue) {
            this.index = index;
            this.queue = queue;
        }

        @Override
        public void run() {
            List<Waiter> batch = new ArrayList<>(maxBatch);
            while (running || !queue.isEmpty()) {
                try {
                    Waiter first = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    gather(batch);
                    decide(batch);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException | Error e) {
                    log.error("money pipeline shard {} failed a batch: {}", index, e.toString());
                    for (Waiter w : batch) {
                        w.answer.completeExceptionally(e);
                    }
                } finally {
                    batch.clear();
                }
            }
        }

        private void gather(List<Waiter> batch) throws InterruptedException {
            queue.drainTo(batch, maxBatch - batch.size());
            if (linger.isZero() || batch.size() >= maxBatch) {
                return;
            }
            long deadline = System.nanoTime() + linger.toNanos();
            while (batch.size() < maxBatch) {
                long left = deadline - System.nanoTime();
                Waiter next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
                if (next == null) {
                    return;
                }
                batch.add(next);
                queue.drainTo(batch, maxBatch - batch.size());
            }
        }
    }

    private void decide(List<Waiter> batch) {
        long start = System.nanoTime();
        for (Waiter w : batch) {
            queueWait.record(start - w.queuedAtNanos, TimeUnit.NANOSECONDS);
        }
        List<MoneyCommand<?>> commands = batch.stream().<MoneyCommand<?>>map(Waiter::command).toList();
        List<Receipt> receipts = batch.stream().map(Waiter::receipt).collect(ArrayList::new, ArrayList::add,
                ArrayList::addAll);
        List<Object> answers;
        try {
            answers = tx.execute(s -> ledger.newBatch().run(commands, receipts));
        } catch (OutcomeUnknownException unknown) {
            batch.forEach(w -> w.answer.completeExceptionally(unknown));
            return;
        } catch (RuntimeException | Error e) {
            if (batch.size() == 1) {
                batch.get(0).answer.completeExceptionally(e);
                return;
            }
            // one bad command must not fail its neighbours: each again, alone
            log.warn("a batch of {} failed ({}); deciding its commands one by one", batch.size(), e.getClass()
                    .getSimpleName());
            for (Waiter w : batch) {
                decide(List.of(w));
            }
            return;
        }
        batchTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        batchSizes.record(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).answer(answers.get(i));
        }
    }

    @Override
    public void start() {
        running = true;
        for (Shard shard : shards) {
            shard.thread = new Thread(shard, "emboss-pipeline-" + shard.index);
            shard.thread.setDaemon(true);
            shard.thread.start();
        }
    }

    /** Stops taking new commands (they run in their callers' threads) and decides what is queued. */
    @Override
    public void stop() {
        running = false;
        for (Shard shard : shards) {
            try {
                shard.thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            // a command queued in the instant the loop ended: never decided, so safe to refuse
            for (Waiter w; (w = shard.queue.poll()) != null; ) {
                w.answer.completeExceptionally(new TransientDataAccessResourceException("shutting down; retry"));
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server (which stops with a later phase value first) stopped sending work. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 2048;
    }
}
