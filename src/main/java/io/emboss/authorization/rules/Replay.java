package io.emboss.authorization.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One rule version replayed over past authorizations in the order they happened. A velocity rule
 * keeps its windows as it goes: an authorization counts in them when it was approved and the rule
 * would not have declined it, exactly as in the live decision.
 */
final class Replay {
    static final int SAMPLES = 10;

    private final AuthRule.Type type;
    private final AuthRule.RuleVersion version;
    private final Map<String, VelocityState> windows = new HashMap<>();
    private final Map<String, Long> byReason = new TreeMap<>();
    private final List<String> samples = new ArrayList<>();
    private long evaluated;
    private long wouldDecline;

    Replay(AuthRule.Type type, AuthRule.RuleVersion version) {
        this.type = type;
        this.version = version;
    }

    /** Judges one authorization, recorded as {@code approved} or not. */
    void accept(String transactionId, Facts f, boolean approved) {
        if (!version.scope().covers(f)) {
            return;
        }
        evaluated++;
        String reason = switch (type) {
            case CONDITIONAL_BLOCK, MERCHANT_LOCK -> RuleBook.blocks(type, version.parameters(), f) ? "auth_rule"
                    : null;
            case CONDITIONAL_3DS -> RuleBook.challenges(version.parameters(), f) ? "three_ds_challenge" : null;
            case VELOCITY_LIMIT -> velocity(f, approved);
        };
        if (reason != null) {
            wouldDecline++;
            byReason.merge(reason, 1L, Long::sum);
            if (samples.size() < SAMPLES) {
                samples.add(transactionId);
            }
        }
    }

    private String velocity(Facts f, boolean approved) {
        RuleParameters.Velocity v = (RuleParameters.Velocity) version.parameters();
        String row = v.rowOf(f);
        if (row == null || !v.filters().admit(f)) {
            return null;
        }
        VelocityState state = windows.computeIfAbsent(row, k -> new VelocityState());
        String key = "replay";
        VelocityState.Usage used = state.usage(key, v.window(), f.at());
        RuleHit.Reason reason = v.exceededBy(used, f.amountMinor(), f.cardCurrency());
        if (reason == null && approved) {
            state.add(key, v.window(), f.at(), f.amountMinor());
        }
        return reason == null ? null : reason.wire();
    }

    Backtest.Result result() {
        return new Backtest.Result(evaluated, wouldDecline, Map.copyOf(byReason), List.copyOf(samples));
    }
}
