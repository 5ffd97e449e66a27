package io.emboss.fuzz;

import java.util.List;
import java.util.function.BiPredicate;

/**
 * Findings of defects already filed and being fixed: the fuzzer reports them but does not fail on
 * them unless {@code -Dfuzz.strict=true}. Each entry must be as narrow as its defect, so that a new
 * defect on the same operation still fails the run, and must name its issue.
 */
final class KnownDefects {
    private record Known(String label, BiPredicate<FuzzCase, Shrinker.Answer> matches) {
    }

    /** None is open: the last (answers refused before the request line is read) is no defect, see Conformance. */
    private static final List<Known> KNOWN = List.of();

    private KnownDefects() {
    }

    /** The filed defect that explains this finding, or null when it is new. */
    static String match(FuzzCase c, Shrinker.Answer answer) {
        for (Known k : KNOWN) {
            if (k.matches().test(c, answer)) {
                return k.label();
            }
        }
        return null;
    }
}
