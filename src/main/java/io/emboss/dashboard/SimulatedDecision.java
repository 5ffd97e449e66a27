package io.emboss.dashboard;

import io.emboss.authorization.Decision;
import io.emboss.shared.Currency;
import io.emboss.shared.Money;

/** A simulated purchase's answer as the Sandbox page shows it: the decline reason in words beside its code. */
public record SimulatedDecision(boolean approved, String status, String reasonWords, String reasonCode,
                                String transactionId, String authorizationId, String authCode, String amount) {

    static SimulatedDecision of(Decision d) {
        String amount = Currency.parse(d.currency()).map(c -> Money.format(d.amountMinor(), c) + " " + c.name())
                .orElse("");
        return new SimulatedDecision(d.approved(), d.status(), DeclineWords.of(d.declineReason()),
                d.declineReason() == null ? null : d.declineReason().wire(), d.transactionId(), d.authorizationId(),
                d.authCode(), amount);
    }
}
