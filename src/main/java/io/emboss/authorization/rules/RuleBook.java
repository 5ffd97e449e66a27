package io.emboss.authorization.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One tenant's rules as an authorization meets them, in the order they were created: the active
 * versions that decide and, beside them, the versions evaluated in shadow. Built once per change
 * and cached, so that screening an authorization reads nothing from the database.
 */
final class RuleBook {
    static final RuleBook EMPTY = new RuleBook(List.of());

    /** A version in the chain, with the role it plays. */
    record Entry(String ruleId, AuthRule.Type type, AuthRule.RuleVersion version, RuleHit.Role role) {
        boolean declines() {
            return role == RuleHit.Role.ACTIVE && version.mode() == AuthRule.Mode.ACTIVE;
        }
    }

    private final List<Entry> entries;

    private RuleBook(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    static RuleBook of(List<AuthRule> rules) {
        List<Entry> out = new ArrayList<>();
        rules.stream().sorted(Comparator.comparing(AuthRule::createdAt).thenComparing(AuthRule::id)).forEach(r -> {
            if (r.state() == AuthRule.State.ACTIVE) {
                out.add(new Entry(r.id(), r.type(), r.active(), RuleHit.Role.ACTIVE));
            }
            if (r.state() != AuthRule.State.INACTIVE && r.draft() != null) {
                out.add(new Entry(r.id(), r.type(), r.draft(), RuleHit.Role.DRAFT));
            }
        });
        return new RuleBook(out);
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * Runs the chain in creation order: the first active rule that declines decides, and after it only
     * drafts are evaluated; every version the chain reaches is counted as evaluated.
     */
    Screening screen(Facts f, RuleStats stats) {
        RuleHit decline = null;
        boolean challenge = false;
        List<RuleHit> shadow = new ArrayList<>();
        List<VelocityCheck> velocity = new ArrayList<>();
        for (Entry e : entries) {
            // once an active rule declined, only drafts go on: each sees every authorization its
            // active version would, so the report's two sides count the same purchases
            if (!e.version().scope().covers(f) || (decline != null && e.role() != RuleHit.Role.DRAFT)) {
                continue;
            }
            stats.evaluated(e.ruleId(), e.version().version(), e.role(), f.at());
            boolean hit = switch (e.type()) {
                case CONDITIONAL_BLOCK, MERCHANT_LOCK -> blocks(e.type(), e.version().parameters(), f);
                case CONDITIONAL_3DS -> {
                    challenge |= e.declines() && challenges(e.version().parameters(), f);
                    yield false;
                }
                case VELOCITY_LIMIT -> {
                    velocityCheck(e, f).ifPresent(velocity::add);
                    yield false;
                }
            };
            if (hit && e.declines()) {
                decline = new RuleHit(e.ruleId(), e.version().version(), e.role(), RuleHit.Outcome.DECLINED,
                        RuleHit.Reason.AUTH_RULE);
                continue;
            }
            if (hit) {
                shadow.add(new RuleHit(e.ruleId(), e.version().version(), e.role(), RuleHit.Outcome.WOULD_DECLINE,
                        RuleHit.Reason.AUTH_RULE));
            }
        }
        return decline == null && !challenge && shadow.isEmpty() && velocity.isEmpty() ? Screening.NONE
                : new Screening(decline, challenge && decline == null, shadow, decline == null ? velocity : List.of());
    }

    /** Whether a conditional block's conditions hold, or a merchant lock refuses the merchant. */
    static boolean blocks(AuthRule.Type type, RuleParameters p, Facts f) {
        return type == AuthRule.Type.CONDITIONAL_BLOCK ? ((RuleParameters.Conditions) p).allHold(f)
                : !((RuleParameters.MerchantLock) p).allows(f);
    }

    /** Whether a conditional_3ds rule asks this authorization for a 3-D Secure code. */
    static boolean challenges(RuleParameters p, Facts f) {
        return f.online() && !Boolean.TRUE.equals(f.threeDsVerified()) && ((RuleParameters.Conditions) p).allHold(f);
    }

    private static java.util.Optional<VelocityCheck> velocityCheck(Entry e, Facts f) {
        RuleParameters.Velocity v = (RuleParameters.Velocity) e.version().parameters();
        String row = v.rowOf(f);
        if (row == null || !v.filters().admit(f)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new VelocityCheck(e.ruleId(), e.version().version(), e.role(),
                e.version().mode(), v, row));
    }
}
