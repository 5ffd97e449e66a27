package io.emboss.tenancy;

import io.emboss.shared.Caller;
import io.emboss.shared.Rejection;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rules of every operation on credentials, kept by the services themselves: managing credentials
 * needs {@value Caller#PERMISSION_ADMIN}, and a credential never gives a permission it does not hold
 * (to a new API key, or to a user), so no credential can mint a stronger one.
 */
final class Grants {
    private Grants() {
    }

    /** The refusal for a caller that may not manage credentials, if it may not. */
    static Optional<Rejection> needsAdmin(Caller caller) {
        return caller.has(Caller.PERMISSION_ADMIN) ? Optional.empty() : Optional.of(Caller.NOT_ADMIN);
    }

    /**
     * The refusal of giving {@code granted} to a credential that holds {@code held} already: names that
     * are no permission (400), or a permission the caller lacks (403). Keeping what a credential holds
     * is no grant, so a caller may change a stronger user's other permissions.
     */
    static Optional<Rejection> refusal(Caller caller, String field, Collection<String> granted, Set<String> held) {
        Set<String> unknown = new TreeSet<>(granted);
        unknown.removeAll(Caller.ALL_PERMISSIONS);
        if (!unknown.isEmpty()) {
            String problem = "must list only these permissions: " + String.join(", ", new TreeSet<>(Caller.ALL_PERMISSIONS));
            return Optional.of(new Rejection(Rejection.Kind.INVALID, "validation_failed", field + " " + problem,
                    Map.of(field, problem)));
        }
        Set<String> beyond = new TreeSet<>(granted);
        beyond.removeAll(held);
        beyond.removeAll(caller.permissions());
        if (!beyond.isEmpty()) {
            return Optional.of(Rejection.of(Rejection.Kind.FORBIDDEN, "forbidden",
                    "A credential cannot give a permission it does not hold: " + String.join(", ", beyond)));
        }
        return Optional.empty();
    }
}
