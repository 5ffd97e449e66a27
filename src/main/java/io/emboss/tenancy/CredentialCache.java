package io.emboss.tenancy;

import io.emboss.shared.Caller;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * API keys and access tokens as resolved from the database, kept for a short while so that an
 * authenticated request costs no query. Keyed by the SHA-256 of the secret, never the secret.
 *
 * <p>A change made through this instance (a key revoked, a logout, a user's permissions, a tenant's
 * status or budget) evicts at once; another instance's change is seen here when the entry runs out,
 * at most {@code emboss.auth.credential-cache-ms} (2 s) later. Only credentials that resolved are
 * kept: an unknown or revoked secret is asked of the database every time, so a key created on
 * another instance works on its first request, and guessing secrets gains nothing from the cache.
 *
 * <p>Not {@link io.emboss.shared.ExpiringCache}: that one keeps misses, evicts by key only, and a
 * read racing an eviction may put back what was just evicted. Here a read that began before an
 * eviction does not store what it read, so "at once" holds on this instance.
 */
@Component
class CredentialCache {

    /**
     * A credential as resolved: who calls, the tenant's status and own budget (null: the default),
     * and for an access token its expiry (checked against the clock on every request) and login family.
     */
    record Credential(Caller caller, String tenantStatus, Integer tenantRateLimit, Instant expiresAt,
                      String familyId) {
    }

    private record Entry(Credential credential, long expiresAtMillis) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** Counts evictions, so that a read that overlapped one does not store its (maybe stale) answer. */
    private final AtomicLong evictions = new AtomicLong();
    private final Clock clock;
    private final long ttlMillis;
    private final int maxEntries;

    CredentialCache(Clock clock, @Value("${emboss.auth.credential-cache-ms:2000}") long ttlMillis,
            @Value("${emboss.auth.credential-cache-size:10000}") int maxEntries) {
        if (ttlMillis < 0 || maxEntries <= 0) {
            throw new IllegalArgumentException("emboss.auth.credential-cache-ms must be >= 0 and the size > 0");
        }
        this.clock = clock;
        this.ttlMillis = ttlMillis;
        this.maxEntries = maxEntries;
    }

    /** The credential of a secret's hash, from the cache or (kept only if found) from {@code load}. */
    Optional<Credential> get(String hash, Function<String, Optional<Credential>> load) {
        long now = clock.millis();
        Entry e = entries.get(hash);
        if (e != null && e.expiresAtMillis() > now) {
            return Optional.of(e.credential());
        }
        long seen = evictions.get();
        Optional<Credential> loaded = load.apply(hash);
        if (loaded.isPresent() && ttlMillis > 0) {
            store(hash, new Entry(loaded.get(), now + ttlMillis), seen);
        }
        return loaded;
    }

    private void store(String hash, Entry entry, long evictionsBeforeLoad) {
        if (entries.size() >= maxEntries) {
            long now = clock.millis();
            entries.values().removeIf(old -> old.expiresAtMillis() <= now);
            if (entries.size() >= maxEntries) {
                // every entry is live: dropping them costs one query each, which is what a miss costs anyway
                entries.clear();
            }
        }
        entries.put(hash, entry);
        if (evictions.get() != evictionsBeforeLoad) {
            // an eviction ran while this was read: what was read may predate it
            entries.remove(hash, entry);
        }
    }

    void evictKey(String keyId) {
        evictIf(c -> c.caller().type() == Caller.Type.API_KEY && c.caller().actorId().equals(keyId));
    }

    void evictUser(String userId) {
        evictIf(c -> c.caller().type() == Caller.Type.USER && c.caller().actorId().equals(userId));
    }

    void evictFamily(String familyId) {
        evictIf(c -> familyId.equals(c.familyId()));
    }

    void evictTenant(String tenantId) {
        evictIf(c -> tenantId.equals(c.caller().tenantId()));
    }

    /**
     * Evicts now and, inside a transaction, again once it has completed: a request that read the row
     * before the change committed must not keep the old credential for a whole entry's life.
     */
    private void evictIf(Predicate<Credential> which) {
        Runnable evict = () -> {
            evictions.incrementAndGet();
            entries.values().removeIf(e -> which.test(e.credential()));
        };
        evict.run();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    evict.run();
                }
            });
        }
    }

    int size() {
        return entries.size();
    }
}
