package io.emboss.authorization.rules;

import java.util.List;

/**
 * What the rules that need no lock said about an authorization: a decline by an active rule (the
 * first in the chain), a 3-D Secure challenge, what shadowed versions would have declined, and the
 * velocity rules the locked part of the decision still has to check.
 */
public record Screening(RuleHit decline, boolean challenge, List<RuleHit> shadowHits, List<VelocityCheck> velocity) {
    public static final Screening NONE = new Screening(null, false, List.of(), List.of());

    public Screening {
        shadowHits = List.copyOf(shadowHits);
        velocity = List.copyOf(velocity);
        if (decline != null && !decline.declined()) {
            throw new IllegalStateException("a screening's decline is a decline");
        }
    }

    /** The velocity rules' windows live on these rows (the card's, and its customer's for customer rules). */
    public List<String> velocityRows() {
        return velocity.stream().map(VelocityCheck::rowKey).distinct().sorted().toList();
    }
}
