package io.emboss.compat.ops;

import io.emboss.shared.Caller;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Seed 003 names everything by number ({@code user_id: 12345}); Emboss's ids are opaque strings.
 * Each native id gets a stable numeric alias the first time this profile shows it. Aliases are
 * unique across the platform, so another tenant's number is simply unknown here (a 404).
 */
@Service
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class OpsAliases {
    /** What kind of native object an alias names; a number of one kind never resolves as another. */
    enum Kind {
        USER,
        CARD,
        TEMPLATE,
        TRANSACTION,
        RECHARGE,
        CLOSE;

        String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final OpsAliasRepository aliases;
    private final Clock clock;

    OpsAliases(OpsAliasRepository aliases, Clock clock) {
        this.aliases = aliases;
        this.clock = clock;
    }

    long of(String tenantId, String env, Kind kind, String nativeId) {
        return of(tenantId, env, kind, java.util.Collections.singletonList(nativeId)).get(nativeId);
    }

    long of(Caller caller, Kind kind, String nativeId) {
        return of(caller.tenantId(), caller.environment().wire(), kind, nativeId);
    }

    /**
     * The aliases of these native ids, assigned now to those that have none. Each assignment is a
     * statement of its own, outside the caller's transaction: a later rollback never takes back a
     * number a client may already have seen.
     */
    Map<String, Long> of(String tenantId, String env, Kind kind, List<String> nativeIds) {
        if (nativeIds.stream().anyMatch(java.util.Objects::isNull)) {
            // a missing object has no number; storing one would fail (NOT NULL) on every read that shows it
            throw new IllegalArgumentException("a null " + kind.wire() + " id has no alias");
        }
        Set<String> wanted = new LinkedHashSet<>(nativeIds);
        Map<String, Long> found = aliases.find(tenantId, env, kind.wire(), wanted);
        if (found.size() == wanted.size()) {
            return found;
        }
        for (String id : wanted) {
            if (!found.containsKey(id)) {
                aliases.insertIfAbsent(tenantId, env, kind.wire(), id, clock.instant());
            }
        }
        return aliases.find(tenantId, env, kind.wire(), wanted);
    }

    /** The native id a caller's alias names, if it names an object of that kind in the caller's environment. */
    Optional<String> nativeId(Caller caller, Kind kind, long alias) {
        return aliases.target(caller.tenantId(), alias)
                .filter(t -> t.env().equals(caller.environment().wire()) && t.kind().equals(kind.wire()))
                .map(OpsAliasRepository.Target::nativeId);
    }
}
