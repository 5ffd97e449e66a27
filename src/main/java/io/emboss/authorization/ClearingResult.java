package io.emboss.authorization;

/**
 * What a clearing record did to the card's transactions. {@code differenceMinor} is signed: what
 * the card paid more (positive) or less (negative) than its authorization held, posted as its own
 * transfer of kind {@code differenceKind}.
 */
public record ClearingResult(Outcome outcome, String transactionId, String reason, long amountMinor,
                             long differenceMinor, String differenceKind) {

    public enum Outcome {
        /** Captured for exactly what the authorization held. */
        MATCHED,
        /** Captured for more than was held; the difference posted on its own. */
        OVER_CLEARED,
        /** Captured for less than was held; the difference given back on its own. */
        UNDER_CLEARED,
        /** A further presentment of an authorization cleared before (multi-clearing). */
        FURTHER_CAPTURE,
        /** No authorization to match (or it had expired or been reversed): posted anyway, within the overdraft bound. */
        FORCE_POSTED,
        /** A reversal of money still held: the hold was released. */
        RELEASED,
        /** A reversal of money already captured: credited back to the card. */
        REFUNDED,
        /** Not applied; {@code reason} says why. */
        REJECTED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static ClearingResult rejected(String reason) {
        return new ClearingResult(Outcome.REJECTED, null, reason, 0, 0, null);
    }

    static ClearingResult of(Outcome outcome, String transactionId, long amountMinor) {
        return new ClearingResult(outcome, transactionId, null, amountMinor, 0, null);
    }

    /** Assumed by the settlement: only these moved money between the card and the network. */
    public boolean moved() {
        return outcome != Outcome.REJECTED;
    }
}
