package io.emboss.clearing;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Applies staged clearing files on every instance: each tick takes the files still processing and
 * works through their chunks for a while, on a thread of its own (a million-record file must not
 * hold one of the few scheduler threads the other jobs share). Instances share the work without
 * doing a chunk twice: a chunk holds its file's row lock, and the others skip a locked file.
 */
@Component
class ClearingWorker {
    private static final Logger log = LoggerFactory.getLogger(ClearingWorker.class);
    private final ClearingFileRepository files;
    private final ClearingProcessor processor;
    private final long sliceMs;
    private final java.util.concurrent.ExecutorService runner = java.util.concurrent.Executors.newSingleThreadExecutor(
            r -> {
                Thread t = new Thread(r, "emboss-clearing");
                t.setDaemon(true);
                return t;
            });
    private final java.util.concurrent.atomic.AtomicBoolean busy = new java.util.concurrent.atomic.AtomicBoolean();

    ClearingWorker(ClearingFileRepository files, ClearingProcessor processor,
            @Value("${emboss.clearing.slice-ms:10000}") long sliceMs) {
        this.files = files;
        this.processor = processor;
        this.sliceMs = sliceMs;
    }

    /** Starts a round on the worker's own thread unless one is still running. */
    @Scheduled(fixedDelayString = "${emboss.clearing.poll-ms:250}")
    void tick() {
        if (busy.compareAndSet(false, true)) {
            try {
                runner.execute(() -> {
                    try {
                        work();
                    } finally {
                        busy.set(false);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                busy.set(false);
            }
        }
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        runner.shutdownNow();
    }

    void work() {
        List<String> pending;
        try {
            pending = files.processing(4);
        } catch (RuntimeException e) {
            log.warn("clearing: could not list the files to process ({})", e.getClass().getSimpleName());
            return;
        }
        for (String id : pending) {
            long until = System.currentTimeMillis() + sliceMs;
            try {
                while (processor.nextChunk(id) && System.currentTimeMillis() < until) {
                    // one chunk per transaction, until the file is done or the slice is used
                }
            } catch (RuntimeException e) {
                // the chunk rolled back whole; the next tick (here or on another instance) takes it again
                log.warn("clearing file {}: a chunk failed and will be retried ({})", id, e.getClass().getSimpleName());
            }
        }
    }
}
