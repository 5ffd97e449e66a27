package io.emboss.fuzz;

import java.util.List;
import java.util.function.BiPredicate;

/**
 * Findings of defects already filed and being fixed: the fuzzer reports them but does not fail on
 * them unless {@code -Dfuzz.strict=true}. Each entry must be as narrow as its defect, so that a new
 * defect on the same operation still fails the run, and must name its issue (issue 14 for the one
 * left: answering in the dialect's shape needs the path, which the container never parsed).
 */
final class KnownDefects {
    private record Known(String label, BiPredicate<FuzzCase, Shrinker.Answer> matches) {
    }

    private static final List<Known> KNOWN = List.of(new Known("a request Tomcat refuses before parsing its request "
            + "line (a fragment, a request line longer than its buffer) under /compat/ answers the native envelope: "
            + "the container does not know the path, so not the dialect either",
            (c, answer) -> !c.operation.dialect().equals("native") && answer.status() == 400
                    && answer.problem() != null && answer.problem().startsWith(Conformance.KIND)
                    && answer.text().contains("request is malformed or uses an unsupported HTTP feature")));

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
