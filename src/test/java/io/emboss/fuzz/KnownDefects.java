package io.emboss.fuzz;

import java.util.List;
import java.util.function.BiPredicate;

/**
 * Findings of defects already filed and being fixed: the fuzzer reports them but does not fail on
 * them unless {@code -Dfuzz.strict=true}. Each entry must be as narrow as its defect, so that a new
 * defect on the same operation still fails the run, and must name its issue (issue 14 for the one
 * left: the fix needs the container's raw request line, which it does not keep).
 */
final class KnownDefects {
    private record Known(String label, BiPredicate<FuzzCase, Shrinker.Answer> matches) {
    }

    private static final List<Known> KNOWN = List.of(new Known("a request target Tomcat refuses before parsing it "
            + "(a fragment, #) under /compat/ answers the native envelope: the dialect is not known yet",
            (c, answer) -> c.operation.dialect().equals("native") == false && c.target.contains("#")
                    && answer.status() == 400 && answer.problem() != null
                    && answer.problem().startsWith(Conformance.KIND)));

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
