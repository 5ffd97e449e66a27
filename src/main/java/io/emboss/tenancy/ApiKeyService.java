package io.emboss.tenancy;

import io.emboss.shared.Caller;
import io.emboss.shared.Environment;
import io.emboss.shared.Ids;
import io.emboss.shared.Outcome;
import io.emboss.shared.Page;
import io.emboss.shared.PageRequest;
import io.emboss.shared.Rejection;
import io.emboss.shared.Secrets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** API keys: {@code sk_test_…} for sandbox data, {@code sk_live_…} for live; shown once, stored hashed. */
@Service
public class ApiKeyService {

    /** A key just created: the only moment its secret exists outside the caller's hands. */
    public record CreatedKey(ApiKey key, String secret) {
    }

    private final ApiKeyRepository keys;
    private final CredentialCache credentials;
    private final Clock clock;

    ApiKeyService(ApiKeyRepository keys, CredentialCache credentials, Clock clock) {
        this.keys = keys;
        this.credentials = credentials;
        this.clock = clock;
    }

    static String prefixOf(Environment env) {
        return env == Environment.LIVE ? "sk_live_" : "sk_test_";
    }

    /** A key of a new tenant's: it holds every permission (the tenant's owner decides what to hand on). */
    String issue(String tenantId, Environment env, String name, Instant now) {
        return insert(Ids.next("key"), tenantId, env, name, Caller.ALL_PERMISSIONS, now);
    }

    private String insert(String id, String tenantId, Environment env, String name, Set<String> permissions,
            Instant now) {
        String secret = prefixOf(env) + Ids.random(40);
        keys.insert(id, tenantId, env.wire(), Secrets.sha256Hex(secret), prefixOf(env),
                secret.substring(secret.length() - 4), name, permissions, now);
        return secret;
    }

    /**
     * Creates a key in the caller's environment. The caller needs {@value Caller#PERMISSION_ADMIN}; the
     * key holds {@code permissions}, which must be among the caller's own, or (null) exactly the caller's.
     */
    @Transactional
    public Outcome<CreatedKey> create(Caller caller, String name, Set<String> permissions) {
        Set<String> granted = permissions == null ? caller.permissions() : permissions;
        Optional<Rejection> refused = Grants.needsAdmin(caller)
                .or(() -> Grants.refusal(caller, "permissions", granted, Set.of()));
        if (refused.isPresent()) {
            return Outcome.rejected(refused.get());
        }
        String id = Ids.next("key");
        String secret = insert(id, caller.tenantId(), caller.environment(), name, granted, clock.instant());
        return Outcome.ok(new CreatedKey(keys.find(caller.tenantId(), caller.environment().wire(), id).orElseThrow(),
                secret));
    }

    /** The keys of the caller's environment; listing them needs {@value Caller#PERMISSION_ADMIN}. */
    @Transactional(readOnly = true)
    public Outcome<Page<ApiKey>> list(Caller caller, PageRequest page) {
        Optional<Rejection> refused = Grants.needsAdmin(caller);
        if (refused.isPresent()) {
            return Outcome.rejected(refused.get());
        }
        Long before = null;
        if (page.startingAfter() != null) {
            Optional<Long> seq = keys.seqOf(caller.tenantId(), caller.environment().wire(), page.startingAfter());
            if (seq.isEmpty()) {
                return Outcome.rejected(Rejection.Kind.INVALID, "invalid_cursor", "startingAfter names no API key");
            }
            before = seq.get();
        }
        return Outcome.ok(Page.of(keys.page(caller.tenantId(), caller.environment().wire(), page, before),
                page.limit(), ApiKey::id));
    }

    /**
     * Revokes a key at once; needs {@value Caller#PERMISSION_ADMIN}. Any key of the environment, also
     * a stronger one: taking a leaked key away must not wait for whoever holds the strongest. Refused
     * at once here, and by other instances once their cached copy runs out ({@link CredentialCache}).
     */
    @Transactional
    public Outcome<ApiKey> revoke(Caller caller, String id) {
        Optional<Rejection> refused = Grants.needsAdmin(caller);
        if (refused.isPresent()) {
            return Outcome.rejected(refused.get());
        }
        String env = caller.environment().wire();
        if (keys.find(caller.tenantId(), env, id).isEmpty()) {
            return Outcome.notFound("API key " + id);
        }
        keys.revoke(caller.tenantId(), env, id, clock.instant());
        credentials.evictKey(id);
        return Outcome.ok(keys.find(caller.tenantId(), env, id).orElseThrow());
    }
}
