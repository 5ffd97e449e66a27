package io.emboss.network;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.core.task.VirtualThreadTaskExecutor;

/**
 * Where requests are processed, off the event loop: a virtual thread each when the application
 * runs on virtual threads (spring.threads.virtual.enabled on Java 21+), with at most {@code size}
 * working at once; otherwise {@code size} platform threads with a bounded queue. Either way a full
 * house refuses new work instead of queueing without end.
 */
final class Workers implements AutoCloseable {
    private final VirtualThreadTaskExecutor virtual;
    private final Semaphore permits;
    private final ExecutorService platform;
    private final AtomicInteger queued = new AtomicInteger();
    private final int queueBound;

    Workers(boolean virtualThreads, int size, int queueBound) {
        this.queueBound = queueBound;
        if (virtualThreads) {
            this.virtual = new VirtualThreadTaskExecutor("iso8583-");
            this.permits = new Semaphore(size);
            this.platform = null;
        } else {
            this.virtual = null;
            this.permits = null;
            AtomicInteger n = new AtomicInteger();
            ThreadPoolExecutor pool = new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS,
                    new ArrayBlockingQueue<>(queueBound), r -> {
                        Thread t = new Thread(r, "iso8583-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            pool.allowCoreThreadTimeOut(true);
            this.platform = pool;
        }
    }

    /** Runs the task soon; false when too much work is already waiting. */
    boolean submit(Runnable task) {
        if (platform != null) {
            try {
                platform.execute(task);
                return true;
            } catch (RejectedExecutionException full) {
                return false;
            }
        }
        if (queued.incrementAndGet() > queueBound) {
            queued.decrementAndGet();
            return false;
        }
        virtual.execute(() -> {
            try {
                permits.acquireUninterruptibly();
                try {
                    task.run();
                } finally {
                    permits.release();
                }
            } finally {
                queued.decrementAndGet();
            }
        });
        return true;
    }

    @Override
    public void close() {
        if (platform != null) {
            platform.shutdown();
            try {
                platform.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
