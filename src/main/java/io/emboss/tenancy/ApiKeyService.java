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
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** API keys: {@code sk_test_…} for sandbox data, {@code sk_live_…} for live; shown once, stored hashed. */
@Service
public class ApiKeyService {

    /** A key just created: the only moment its secret exists outside the caller's hands. */
    public record CreatedKey(ApiKey key, String secret) {
    }

    private final ApiKeyRepository keys;
    private final Clock clock;

    ApiKeyService(ApiKeyRepository keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    static String prefixOf(Environment env) {
        return env == Environment.LIVE ? "sk_live_" : "sk_test_";
    }

    String issue(String tenantId, Environment env, String name, Instant now) {
        String secret = prefixOf(env) + Ids.random(40);
        keys.insert(Ids.next("key"), tenantId, env.wire(), Secrets.sha256Hex(secret), prefixOf(env),
                secret.substring(secret.length() - 4), name, now);
        return secret;
    }

    /** Creates a key in the caller's environment. */
    @Transactional
    public CreatedKey create(Caller caller, String name) {
        Instant now = clock.instant();
        String secret = prefixOf(caller.environment()) + Ids.random(40);
        String id = Ids.next("key");
        keys.insert(id, caller.tenantId(), caller.environment().wire(), Secrets.sha256Hex(secret),
                prefixOf(caller.environment()), secret.substring(secret.length() - 4), name, now);
        return new CreatedKey(keys.find(caller.tenantId(), caller.environment().wire(), id).orElseThrow(), secret);
    }

    @Transactional(readOnly = true)
    public Outcome<Page<ApiKey>> list(Caller caller, PageRequest page) {
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

    @Transactional
    public Outcome<ApiKey> revoke(Caller caller, String id) {
        String env = caller.environment().wire();
        if (keys.find(caller.tenantId(), env, id).isEmpty()) {
            return Outcome.notFound("API key " + id);
        }
        keys.revoke(caller.tenantId(), env, id, clock.instant());
        return Outcome.ok(keys.find(caller.tenantId(), env, id).orElseThrow());
    }
}
