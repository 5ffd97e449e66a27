package io.emboss.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The throttle's rules on their own: back-off, lock, forgetting, and which address a client counts as. */
class LoginThrottleRulesTest {
    private static final LoginThrottleSettings DEFAULTS = new LoginThrottleSettings(5, 10, Duration.ofHours(24), 10,
            30, Duration.ofHours(1), Duration.ofMinutes(30), Duration.ofSeconds(1));
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void an_account_backs_off_from_the_fifth_failure_doubling_and_locks_at_the_tenth_for_thirty_minutes() {
        FailedLogins f = FailedLogins.NONE;
        Instant now = T0;
        List<Long> waits = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            f = f.afterFailure(now, DEFAULTS.account());
            waits.add(f.wait(now, DEFAULTS.account()).toSeconds());
            now = now.plus(f.wait(now, DEFAULTS.account()));
        }
        assertThat(waits).containsExactly(0L, 0L, 0L, 0L, 1L, 2L, 4L, 8L, 16L, 1800L);
        assertThat(f.locked(now.minusSeconds(1))).isTrue();
        // once the lock has run out, counting starts again
        FailedLogins after = f.afterFailure(now, DEFAULTS.account());
        assertThat(after.failures()).isEqualTo(1);
        assertThat(after.wait(now, DEFAULTS.account())).isZero();
    }

    @Test
    void failures_older_than_the_memory_are_forgotten() {
        FailedLogins f = FailedLogins.NONE;
        for (int i = 0; i < 9; i++) {
            f = f.afterFailure(T0, DEFAULTS.address());
        }
        assertThat(f.wait(T0, DEFAULTS.address())).isZero();
        f = f.afterFailure(T0, DEFAULTS.address());
        assertThat(f.wait(T0, DEFAULTS.address())).isEqualTo(Duration.ofSeconds(1));
        assertThat(f.afterFailure(T0.plus(Duration.ofMinutes(61)), DEFAULTS.address()).failures()).isEqualTo(1);
    }

    @Test
    void a_client_counts_as_its_ipv4_address_or_its_ipv6_64_and_no_name_is_ever_looked_up() {
        assertThat(LoginThrottle.addressOf("203.0.113.7")).contains("address:203.0.113.7");
        assertThat(LoginThrottle.addressOf("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).contains("address:2001:db8:1:2::/64");
        assertThat(LoginThrottle.addressOf("2001:db8:1:2::1")).isEqualTo(LoginThrottle.addressOf("2001:db8:1:2:ffff::9"));
        assertThat(LoginThrottle.addressOf("fe80:0:0:0:0:0:0:1%2")).contains("address:fe80:0:0:0::/64");
        assertThat(LoginThrottle.addressOf("::ffff:198.51.100.4")).contains("address:198.51.100.4");
        for (String notALiteral : new String[] {"cafe", "dead.beef", "localhost", "example.com", "", "1.2.3"}) {
            assertThat(LoginThrottle.addressOf(notALiteral)).as(notALiteral).isEqualTo(Optional.empty());
        }
    }
}
