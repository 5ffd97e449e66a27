package io.emboss.tenancy;

import java.time.Duration;
import java.time.Instant;

/**
 * What is remembered of the failed logins of one subject (an account or a client address) and the
 * rules of its throttle: after {@code backoffAfter} failures each attempt waits twice as long as the
 * one before (1 s, 2 s, 4 s, … from the last failure), after {@code lockAfter} the subject is locked
 * for {@code lockDuration}. Failures older than {@code memory}, or older than a lock that has run
 * out, are forgotten. Pure: no clock, no SQL.
 */
record FailedLogins(int failures, Instant lastFailureAt, Instant lockedUntil) {
    static final FailedLogins NONE = new FailedLogins(0, null, null);
    /** 2^20 times the base is beyond any lock: the back-off is capped by the lock's duration anyway. */
    private static final int MAX_DOUBLINGS = 20;

    boolean locked(Instant now) {
        return lockedUntil != null && now.isBefore(lockedUntil);
    }

    /** How long an attempt must wait at {@code now}; zero when it may go ahead. */
    Duration wait(Instant now, LoginThrottleSettings.Limits limits) {
        if (locked(now)) {
            return Duration.between(now, lockedUntil);
        }
        int counted = counted(now, limits);
        if (counted < limits.backoffAfter()) {
            return Duration.ZERO;
        }
        Instant next = lastFailureAt.plus(backoff(counted, limits));
        return now.isBefore(next) ? Duration.between(now, next) : Duration.ZERO;
    }

    /** The state after one more failure at {@code now}: locked when it reaches the limit. */
    FailedLogins afterFailure(Instant now, LoginThrottleSettings.Limits limits) {
        int failures = counted(now, limits) + 1;
        return new FailedLogins(failures, now, failures >= limits.lockAfter() ? now.plus(limits.lockDuration()) : null);
    }

    /** The failures that still count at {@code now}. */
    private int counted(Instant now, LoginThrottleSettings.Limits limits) {
        boolean lockRanOut = lockedUntil != null && !now.isBefore(lockedUntil);
        boolean forgotten = lastFailureAt == null || !now.isBefore(lastFailureAt.plus(limits.memory()));
        return lockRanOut || forgotten ? 0 : failures;
    }

    private static Duration backoff(int failures, LoginThrottleSettings.Limits limits) {
        int doublings = Math.min(failures - limits.backoffAfter(), MAX_DOUBLINGS);
        Duration wait = limits.backoffBase().multipliedBy(1L << doublings);
        return wait.compareTo(limits.lockDuration()) > 0 ? limits.lockDuration() : wait;
    }
}
