package io.emboss.disputes;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Tuning of disputes; see docs/disputes.md. */
@ConfigurationProperties("emboss.disputes")
public class DisputeSettings {
    /** The network's window: a transaction may be disputed (and the dispute submitted) this many days after it was made. */
    private int windowDays = 120;
    /**
     * How far below zero reversing a provisional credit (a lost or expired dispute) may take the card, in its
     * minor units: the cardholder may have spent the credit, and the network's decision is not refused for it.
     */
    private long reversalOverdraftMinor = 1_000_000;
    /** Evidence limits: bytes per file and files per dispute. */
    private long maxFileBytes = 5L * 1024 * 1024;
    private int maxFiles = 10;

    public int getWindowDays() {
        return windowDays;
    }

    public void setWindowDays(int windowDays) {
        if (windowDays < 1) {
            throw new IllegalArgumentException("emboss.disputes.window-days is at least 1");
        }
        this.windowDays = windowDays;
    }

    public long getReversalOverdraftMinor() {
        return reversalOverdraftMinor;
    }

    public void setReversalOverdraftMinor(long reversalOverdraftMinor) {
        if (reversalOverdraftMinor < 0) {
            throw new IllegalArgumentException("emboss.disputes.reversal-overdraft-minor is never negative");
        }
        this.reversalOverdraftMinor = reversalOverdraftMinor;
    }

    public long getMaxFileBytes() {
        return maxFileBytes;
    }

    public void setMaxFileBytes(long maxFileBytes) {
        this.maxFileBytes = maxFileBytes;
    }

    public int getMaxFiles() {
        return maxFiles;
    }

    public void setMaxFiles(int maxFiles) {
        this.maxFiles = maxFiles;
    }
}
