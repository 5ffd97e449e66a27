package io.emboss.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Makes a failing request smaller while it still fails the same way (same problem, same status):
 * drops optional headers one by one, then body fields one by one. A few dozen requests at most.
 */
final class Shrinker {
    /** What came back for a request: the status (-1: nothing), the problem (null: fine), the text. */
    record Answer(int status, String problem, String text) {
    }

    private static final Set<String> KEPT_HEADERS = Set.of("authorization", "access-token", "content-type");
    private static final int MAX_TRIES = 40;

    private Shrinker() {
    }

    static FuzzCase shrink(FuzzCase failing, Answer seen, Function<FuzzCase, Answer> send) {
        FuzzCase best = failing;
        int tries = 0;
        for (String header : new ArrayList<>(failing.headers.keySet())) {
            if (!KEPT_HEADERS.contains(header.toLowerCase(java.util.Locale.ROOT)) && tries++ < MAX_TRIES) {
                FuzzCase fewer = best.withoutHeader(header);
                if (same(send.apply(fewer), seen)) {
                    best = fewer;
                }
            }
        }
        if (best.body instanceof Map<?, ?> body) {
            List<Object> keys = new ArrayList<>(body.keySet());
            for (Object key : keys) {
                if (tries++ >= MAX_TRIES) {
                    break;
                }
                Map<Object, Object> smaller = new LinkedHashMap<>((Map<?, ?>) best.body);
                smaller.remove(key);
                FuzzCase candidate = best.withBody(smaller);
                if (same(send.apply(candidate), seen)) {
                    best = candidate;
                }
            }
        }
        return best;
    }

    private static boolean same(Answer a, Answer seen) {
        return a.status() == seen.status() && java.util.Objects.equals(a.problem(), seen.problem());
    }
}
