package io.emboss.authorization;

import java.math.BigDecimal;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Tuning of authorizations; see docs/authorizations.md. */
@ConfigurationProperties("emboss.authorization")
public class AuthorizationSettings {
    /** Holds not captured within this are voided (expired) and their funds released. */
    private Duration holdWindow = Duration.ofDays(7);
    /** A capture may exceed the held amount by this percentage (tips, fuel). */
    private BigDecimal captureTolerancePercent = new BigDecimal("15");
    /** How far below zero a force-post or a stand-in advice may take a card, in its minor units. */
    private long forcePostOverdraftMinor = 5000;
    /** Percentage kept on a purchase in another currency than the card's. */
    private BigDecimal fxFeePercent = new BigDecimal("2");

    public Duration getHoldWindow() {
        return holdWindow;
    }

    public void setHoldWindow(Duration holdWindow) {
        this.holdWindow = holdWindow;
    }

    public BigDecimal getCaptureTolerancePercent() {
        return captureTolerancePercent;
    }

    public void setCaptureTolerancePercent(BigDecimal captureTolerancePercent) {
        this.captureTolerancePercent = captureTolerancePercent;
    }

    public long getForcePostOverdraftMinor() {
        return forcePostOverdraftMinor;
    }

    public void setForcePostOverdraftMinor(long forcePostOverdraftMinor) {
        this.forcePostOverdraftMinor = forcePostOverdraftMinor;
    }

    public BigDecimal getFxFeePercent() {
        return fxFeePercent;
    }

    public void setFxFeePercent(BigDecimal fxFeePercent) {
        this.fxFeePercent = fxFeePercent;
    }
}
