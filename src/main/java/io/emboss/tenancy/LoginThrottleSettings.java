package io.emboss.tenancy;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How failed logins are throttled ({@code emboss.auth.login-throttle.*}; docs/tenancy-and-auth.md).
 * An account backs off after 5 failures and locks after 10 for 30 minutes (PCI DSS 8.3.4: not more
 * than 10 attempts, at least 30 minutes); an address, which many people may share, after 10 and 30.
 */
@ConfigurationProperties("emboss.auth.login-throttle")
record LoginThrottleSettings(
        @DefaultValue("5") int accountBackoffAfter,
        @DefaultValue("10") int accountLockAfter,
        @DefaultValue("PT24H") Duration accountMemory,
        @DefaultValue("10") int addressBackoffAfter,
        @DefaultValue("30") int addressLockAfter,
        @DefaultValue("PT1H") Duration addressMemory,
        @DefaultValue("PT30M") Duration lockDuration,
        @DefaultValue("PT1S") Duration backoffBase) {

    /** The limits of one kind of subject. */
    record Limits(int backoffAfter, int lockAfter, Duration lockDuration, Duration memory, Duration backoffBase) {
    }

    LoginThrottleSettings {
        if (accountBackoffAfter < 1 || accountLockAfter < 1 || addressBackoffAfter < 1 || addressLockAfter < 1
                || lockDuration.compareTo(Duration.ofMinutes(1)) < 0 || backoffBase.isNegative()) {
            throw new IllegalArgumentException("emboss.auth.login-throttle: thresholds are at least 1 and a lock "
                    + "lasts at least a minute");
        }
    }

    Limits account() {
        return new Limits(accountBackoffAfter, accountLockAfter, lockDuration, accountMemory, backoffBase);
    }

    Limits address() {
        return new Limits(addressBackoffAfter, addressLockAfter, lockDuration, addressMemory, backoffBase);
    }
}
