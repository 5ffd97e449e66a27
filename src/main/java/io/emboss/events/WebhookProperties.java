package io.emboss.events;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Tuning of webhook delivery; the defaults follow the promise in docs/webhooks.md. */
@ConfigurationProperties("emboss.webhooks")
public class WebhookProperties {
    /** Waits after the 1st, 2nd, … failed attempt; the last repeats until maxAge. */
    private List<Duration> retrySchedule = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10));
    /** After this long since the event, a delivery that keeps failing is marked failed. */
    private Duration maxAge = Duration.ofDays(3);
    /** An endpoint failing without a single success for this long is disabled. */
    private Duration disableAfter = Duration.ofDays(5);
    /** A 2xx must arrive within this. */
    private Duration timeout = Duration.ofSeconds(10);
    /**
     * How long a claimed delivery is reserved for its worker; must exceed timeout. A worker that dies
     * holds its deliveries this long (three timeouts: claimed deliveries are sent at once).
     */
    private Duration lease = Duration.ofSeconds(30);
    /** Deliveries in flight at once per instance. */
    private int concurrency = 16;
    /**
     * How often each instance fans out queued events and looks for due deliveries when nothing wakes
     * it (a commit on the same instance does, at once).
     */
    private long pollIntervalMs = 250;
    /** Events fanned out per transaction (a bounded batch; a larger backlog takes several). */
    private int fanOutBatch = 500;
    /** At most this much of a receiver's response is read. */
    private int maxResponseBytes = 64 * 1024;
    /** Default overlap of the old secret after a rotation. */
    private Duration rotationOverlap = Duration.ofHours(24);
    /** Jitter applied to each retry wait, as a fraction (0.2 = ±20 %). */
    private double jitter = 0.2;
    /**
     * Whether sandbox endpoints may point at loopback, private and link-local addresses on a
     * production database (the embedded default always allows it): off, so a sandbox key cannot
     * make Emboss read the services around it.
     */
    private boolean allowPrivateTargets;

    public List<Duration> getRetrySchedule() {
        return retrySchedule;
    }

    public void setRetrySchedule(List<Duration> retrySchedule) {
        this.retrySchedule = retrySchedule;
    }

    public Duration getMaxAge() {
        return maxAge;
    }

    public void setMaxAge(Duration maxAge) {
        this.maxAge = maxAge;
    }

    public Duration getDisableAfter() {
        return disableAfter;
    }

    public void setDisableAfter(Duration disableAfter) {
        this.disableAfter = disableAfter;
    }

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    public Duration getLease() {
        return lease;
    }

    public void setLease(Duration lease) {
        this.lease = lease;
    }

    public int getConcurrency() {
        return concurrency;
    }

    public void setConcurrency(int concurrency) {
        this.concurrency = concurrency;
    }

    public long getPollIntervalMs() {
        return pollIntervalMs;
    }

    public void setPollIntervalMs(long pollIntervalMs) {
        this.pollIntervalMs = pollIntervalMs;
    }

    public int getFanOutBatch() {
        return fanOutBatch;
    }

    public void setFanOutBatch(int fanOutBatch) {
        if (fanOutBatch < 1 || fanOutBatch > 10_000) {
            throw new IllegalArgumentException("emboss.webhooks.fan-out-batch must be between 1 and 10000");
        }
        this.fanOutBatch = fanOutBatch;
    }

    public int getMaxResponseBytes() {
        return maxResponseBytes;
    }

    public void setMaxResponseBytes(int maxResponseBytes) {
        this.maxResponseBytes = maxResponseBytes;
    }

    public Duration getRotationOverlap() {
        return rotationOverlap;
    }

    public void setRotationOverlap(Duration rotationOverlap) {
        this.rotationOverlap = rotationOverlap;
    }

    public double getJitter() {
        return jitter;
    }

    public void setJitter(double jitter) {
        this.jitter = jitter;
    }

    public boolean isAllowPrivateTargets() {
        return allowPrivateTargets;
    }

    public void setAllowPrivateTargets(boolean allowPrivateTargets) {
        this.allowPrivateTargets = allowPrivateTargets;
    }

    /** The wait after the given number of failed attempts (1-based), before jitter. */
    Duration backoff(int failedAttempts) {
        int index = Math.max(0, Math.min(failedAttempts - 1, retrySchedule.size() - 1));
        return retrySchedule.get(index);
    }
}
