package io.emboss.tenancy;

import io.emboss.shared.Secrets;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Throttles logins per account and per client address, with the state in the database so every
 * instance shares it (see {@link FailedLogins} for the rules). An account is named by the hash of
 * its email whether or not a user has it: an unknown email is throttled exactly like a known one.
 */
@Component
@EnableConfigurationProperties(LoginThrottleSettings.class)
class LoginThrottle {
    /** What a login is counted against. */
    record Subjects(String account, String address) {
    }

    /** A lock that a failure has just started. */
    record Lock(String subject, boolean account, Instant until) {
    }

    /** An IPv4 literal, or an IPv6 one (a colon never appears in a host name, so neither is looked up). */
    private static final Pattern IP_LITERAL = Pattern.compile("(\\d{1,3}\\.){3}\\d{1,3}|[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*");

    private final LoginThrottleRepository rows;
    private final LoginThrottleSettings settings;
    private final Clock clock;

    LoginThrottle(LoginThrottleRepository rows, LoginThrottleSettings settings, Clock clock) {
        this.rows = rows;
        this.settings = settings;
        this.clock = clock;
    }

    static String accountOf(String normalisedEmail) {
        return "account:" + Secrets.sha256Hex(normalisedEmail);
    }

    /**
     * The subject of a client address: an IPv4 address itself, an IPv6 address as its /64 (one
     * host's usual share, which it can fill with addresses at will). Empty when it is no IP literal.
     */
    static Optional<String> addressOf(String remoteAddress) {
        // an IPv6 zone ("%eth0") names the server's interface, not the client
        String literal = remoteAddress == null ? null : remoteAddress.replaceFirst("%.*$", "");
        if (literal == null || literal.length() > 45 || !IP_LITERAL.matcher(literal).matches()) {
            return Optional.empty();
        }
        try {
            // a literal is parsed, never looked up in DNS (the pattern lets no host name through)
            InetAddress a = InetAddress.getByName(literal);
            if (a instanceof Inet6Address) {
                byte[] b = a.getAddress();
                StringBuilder prefix = new StringBuilder("address:");
                for (int i = 0; i < 8; i += 2) {
                    prefix.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
                }
                return Optional.of(prefix.append(":/64").toString());
            }
            return Optional.of("address:" + a.getHostAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    Subjects subjects(String normalisedEmail, String remoteAddress) {
        return new Subjects(accountOf(normalisedEmail), addressOf(remoteAddress).orElse("address:unknown"));
    }

    /** How long a login must wait now; zero when it may be tried. */
    Duration wait(Subjects s) {
        Instant now = clock.instant();
        Duration account = rows.find(s.account()).orElse(FailedLogins.NONE).wait(now, settings.account());
        Duration address = rows.find(s.address()).orElse(FailedLogins.NONE).wait(now, settings.address());
        return account.compareTo(address) >= 0 ? account : address;
    }

    /** Whether the account or the address is locked now (not merely backing off). */
    boolean locked(Subjects s) {
        Instant now = clock.instant();
        return rows.find(s.account()).map(f -> f.locked(now)).orElse(false)
                || rows.find(s.address()).map(f -> f.locked(now)).orElse(false);
    }

    /**
     * Counts a failure against the account and the address; answers the locks it started. In a
     * transaction of its own, so no outer transaction that rolls back can take a failure away.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public List<Lock> failed(Subjects s) {
        Instant now = clock.instant();
        List<Lock> started = new ArrayList<>();
        // always the account first, then the address: two logins never wait for each other in a circle
        count(s.account(), true, settings.account(), now).ifPresent(started::add);
        count(s.address(), false, settings.address(), now).ifPresent(started::add);
        return started;
    }

    private Optional<Lock> count(String subject, boolean account, LoginThrottleSettings.Limits limits, Instant now) {
        FailedLogins before = rows.lock(subject);
        FailedLogins after = before.afterFailure(now, limits);
        rows.save(subject, after);
        return after.locked(now) && !before.locked(now) ? Optional.of(new Lock(subject, account, after.lockedUntil()))
                : Optional.empty();
    }

    /** A right password: the account's failures are forgotten (the address's are not). */
    @Transactional
    public void succeeded(Subjects s) {
        rows.delete(s.account());
    }

    /** When the subject's lock runs out, if it is locked now. */
    Optional<Instant> lockedUntil(String subject) {
        Instant now = clock.instant();
        return rows.find(subject).filter(f -> f.locked(now)).map(FailedLogins::lockedUntil);
    }

    /** An administrator's unlock: the subject's failures and lock are forgotten; false when there were none. */
    @Transactional
    public boolean release(String subject) {
        return rows.delete(subject);
    }

    /** Rows whose failures are forgotten and that hold no lock are never read again. */
    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT2M")
    @SchedulerLock(name = "login-throttle-purge", lockAtMostFor = "PT5M")
    void purge() {
        Instant now = clock.instant();
        Duration longest = settings.accountMemory().compareTo(settings.addressMemory()) >= 0
                ? settings.accountMemory() : settings.addressMemory();
        rows.purge(now.minus(longest), now);
    }
}
