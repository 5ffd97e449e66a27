package io.emboss.events;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This node's webhook thread: each round fans queued events out to deliveries ({@link FanOut}),
 * then claims and sends due deliveries ({@link DeliveryWorker}). A round runs as soon as a
 * transaction on this node that recorded events commits ({@link PumpSignal}), and at least every
 * {@code poll-interval-ms} for events recorded by other nodes, retries that come due and wakes that
 * were missed. So a new event is fanned out and sent moments after its commit, without waiting for
 * a poll.
 */
@Component
class WebhookPump implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(WebhookPump.class);
    /** Batches per round: a large backlog is fanned out over several rounds, with deliveries sent between them. */
    static final int MAX_BATCHES_PER_ROUND = 20;
    private static final long STOP_WAIT_MS = 10_000;

    private final PumpSignal signal;
    private final FanOut fanOut;
    private final DeliveryWorker deliveries;
    private final WebhookProperties properties;
    private volatile boolean running;
    private Thread thread;

    WebhookPump(PumpSignal signal, FanOut fanOut, DeliveryWorker deliveries, WebhookProperties properties) {
        this.signal = signal;
        this.fanOut = fanOut;
        this.deliveries = deliveries;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "webhook-pump");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        signal.wake();
        if (thread != null) {
            try {
                thread.join(STOP_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** A round at once (what queued up while this node was down or stopped), then one per wake or interval. */
    private void loop() {
        while (running) {
            round();
            try {
                signal.await(properties.getPollIntervalMs());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Fans out what is queued (bounded), then sends what is due. */
    void round() {
        int batch = properties.getFanOutBatch();
        try {
            for (int i = 0; i < MAX_BATCHES_PER_ROUND; i++) {
                if (fanOut.fanOutBatch(batch) < batch) {
                    break;
                }
                if (i == MAX_BATCHES_PER_ROUND - 1) {
                    // more is queued: another round right after this one's deliveries
                    signal.wake();
                }
            }
        } catch (RuntimeException e) {
            log.warn("could not fan out events; they stay queued: {}", e.getMessage());
        }
        try {
            deliveries.poll();
        } catch (RuntimeException e) {
            log.warn("could not send webhook deliveries: {}", e.getMessage());
        }
    }
}
