package io.emboss.authorization.rules;

import io.emboss.shared.Currency;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Velocity rules, decided on rows the authorization holds locked: whether one more purchase of this
 * amount stays within each window, and, once it is approved, counting it in every window that judged it.
 */
public final class VelocityJudge {
    /** The windows' text, by row key (a card's or a customer's id), as the locked rows hold it. */
    public interface Rows {
        String read(String rowKey);

        void write(String rowKey, String state);
    }

    /**
     * The first active velocity rule that declines, and what shadowed versions would have declined;
     * it keeps the windows it read, so that counting the approval parses no row twice.
     */
    public static final class Verdict {
        private final RuleHit decline;
        private final List<RuleHit> shadowHits;
        private final Map<String, VelocityState> states;

        Verdict(RuleHit decline, List<RuleHit> shadowHits, Map<String, VelocityState> states) {
            this.decline = decline;
            this.shadowHits = List.copyOf(shadowHits);
            this.states = states;
        }

        public RuleHit decline() {
            return decline;
        }

        public List<RuleHit> shadowHits() {
            return shadowHits;
        }
    }

    private VelocityJudge() {
    }

    public static Verdict judge(List<VelocityCheck> checks, Rows rows, Instant now, long amountMinor,
            Currency currency) {
        Map<String, VelocityState> states = new LinkedHashMap<>();
        RuleHit decline = null;
        List<RuleHit> shadow = new ArrayList<>();
        for (VelocityCheck c : checks) {
            VelocityState state = states.computeIfAbsent(c.rowKey(), k -> VelocityState.parse(rows.read(k)));
            RuleParameters.Velocity v = c.parameters();
            VelocityState.Usage used = state.usage(c.stateKey(), v.window(), now);
            RuleHit.Reason reason = v.exceededBy(used, amountMinor, currency);
            if (reason == null) {
                continue;
            }
            if (c.declines() && decline == null) {
                decline = new RuleHit(c.ruleId(), c.version(), c.role(), RuleHit.Outcome.DECLINED, reason);
            } else if (!c.declines()) {
                shadow.add(new RuleHit(c.ruleId(), c.version(), c.role(), RuleHit.Outcome.WOULD_DECLINE, reason));
            }
        }
        return new Verdict(decline, shadow, states);
    }

    /**
     * Counts an approved authorization in every window that judged it and would have let it through
     * (a shadowed version that would have declined it would not have counted it either).
     */
    public static void count(List<VelocityCheck> checks, Verdict verdict, Rows rows, Instant now, long amountMinor) {
        Map<String, VelocityState> states = verdict.states;
        for (VelocityCheck c : checks) {
            if (verdict.shadowHits().stream().anyMatch(h -> h.ruleId().equals(c.ruleId())
                    && h.version() == c.version())) {
                continue;
            }
            states.computeIfAbsent(c.rowKey(), k -> VelocityState.parse(rows.read(k)))
                    .add(c.stateKey(), c.parameters().window(), now, amountMinor);
        }
        states.forEach((row, state) -> rows.write(row, state.encode()));
    }
}
