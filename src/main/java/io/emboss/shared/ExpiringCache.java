package io.emboss.shared;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A small read-through cache of rarely changing configuration that the authorization path would
 * otherwise read on every request. Entries live for {@code ttl}; the instance that changes a value
 * invalidates it at once, other instances see the change when their entry expires.
 */
public final class ExpiringCache<K, V> {
    private record Entry<V>(V value, long expiresAtMillis) {
    }

    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final long ttlMillis;
    private final int maxEntries;

    public ExpiringCache(Clock clock, Duration ttl, int maxEntries) {
        if (ttl.isNegative() || maxEntries <= 0) {
            throw new IllegalArgumentException("a cache needs a non-negative ttl and room for an entry");
        }
        this.clock = clock;
        this.ttlMillis = ttl.toMillis();
        this.maxEntries = maxEntries;
    }

    public V get(K key, Function<K, V> load) {
        long now = clock.millis();
        Entry<V> e = entries.get(key);
        if (e != null && e.expiresAtMillis() > now) {
            return e.value();
        }
        V value = load.apply(key);
        if (entries.size() >= maxEntries) {
            // a crude bound: configuration caches are small; dropping everything is cheap and correct
            entries.clear();
        }
        entries.put(key, new Entry<>(value, now + ttlMillis));
        return value;
    }

    /**
     * Drops the entry now and, when called inside a transaction, again after it commits, so that a
     * read racing the change cannot keep the old value for a whole ttl.
     */
    public void invalidate(K key) {
        entries.remove(key);
        if (org.springframework.transaction.support.TransactionSynchronizationManager.isSynchronizationActive()) {
            org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                    new org.springframework.transaction.support.TransactionSynchronization() {
                        @Override
                        public void afterCompletion(int status) {
                            entries.remove(key);
                        }
                    });
        }
    }

    public void invalidateAll() {
        entries.clear();
    }
}
