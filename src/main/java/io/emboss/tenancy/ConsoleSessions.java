package io.emboss.tenancy;

import io.emboss.shared.Caller;
import io.emboss.shared.Environment;
import io.emboss.shared.Ids;
import io.emboss.shared.Outcome;
import io.emboss.shared.Secrets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The dashboard's sign-ins: a tenant's user by email and password (the same accounts and throttle
 * as {@code POST /v1/auth/login}), or the platform operator by the admin token. A session is a
 * random secret (its SHA-256 stored) that ends after {@code idle} without a page and at most
 * {@code lifetime} after sign-in; it resolves, on every request, to the same {@link Caller} an API
 * credential of that user would be, with the user's permissions as they are now.
 */
@Service
public class ConsoleSessions {
    /** A signed-in session as a page sees it. */
    public record Session(Caller caller, String email, boolean operator, Instant idleUntil) {
        public Environment environment() {
            return caller.environment();
        }
    }

    /** The answer to a sign-in: the new session's secret, or a refusal ({@code retryAfterSeconds} when throttled). */
    public record SignIn(Outcome<String> secret, long retryAfterSeconds) {
        @Override
        public String toString() {
            return "SignIn[ok=" + secret.isOk() + "]";
        }
    }

    /** Touching a session on every page would write on every page: once a minute is exact enough. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final AuthService auth;
    private final ConsoleSessionRepository sessions;
    private final UserRepository users;
    private final TenantRepository tenants;
    private final Clock clock;
    private final Duration idle;
    private final Duration lifetime;

    ConsoleSessions(AuthService auth, ConsoleSessionRepository sessions, UserRepository users, TenantRepository tenants,
            Clock clock, @Value("${emboss.dashboard.idle-timeout:PT30M}") Duration idle,
            @Value("${emboss.dashboard.session-lifetime:PT12H}") Duration lifetime) {
        if (idle.isNegative() || idle.isZero() || lifetime.compareTo(idle) < 0) {
            throw new IllegalArgumentException("the dashboard's idle timeout must be positive and within its lifetime");
        }
        this.auth = auth;
        this.sessions = sessions;
        this.users = users;
        this.tenants = tenants;
        this.clock = clock;
        this.idle = idle;
        this.lifetime = lifetime;
    }

    public Duration idleTimeout() {
        return idle;
    }

    /** Signs a tenant's user in, in sandbox; every failure counts against the login throttle. */
    public SignIn signIn(AuthService.LoginAttempt attempt) {
        AuthService.PasswordCheck check = auth.checkPassword(attempt);
        if (check.refused() != null) {
            return new SignIn(Outcome.rejected(check.refused().tokens().rejection()),
                    check.refused().retryAfterSeconds());
        }
        UserRepository.User user = check.user();
        return new SignIn(Outcome.ok(open(user.id(), user.tenantId(), Environment.SANDBOX, false)), 0);
    }

    /** Signs the platform operator in with the admin token. */
    public SignIn signInOperator(String adminToken, String clientAddress) {
        AuthService.Login checked = auth.checkAdminToken(adminToken, clientAddress);
        if (!checked.tokens().isOk()) {
            return new SignIn(Outcome.rejected(checked.tokens().rejection()), checked.retryAfterSeconds());
        }
        return new SignIn(Outcome.ok(open(null, null, null, true)), 0);
    }

    private String open(String userId, String tenantId, Environment env, boolean operator) {
        String secret = "cs_" + Ids.random(43);
        Instant now = clock.instant();
        sessions.insert(new ConsoleSessionRepository.Row(Secrets.sha256Hex(secret), userId, tenantId,
                env == null ? null : env.wire(), operator, now, now, now.plus(lifetime)));
        return secret;
    }

    /**
     * The session of this secret, if it is still open: not past its lifetime, not idle too long, its
     * tenant active. A session found ended is deleted.
     */
    @Transactional(propagation = Propagation.SUPPORTS)
    public Optional<Session> resolve(String secret) {
        if (secret == null || !secret.startsWith("cs_") || secret.length() > 100) {
            return Optional.empty();
        }
        String hash = Secrets.sha256Hex(secret);
        Optional<ConsoleSessionRepository.Row> found = sessions.find(hash);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ConsoleSessionRepository.Row row = found.get();
        Instant now = clock.instant();
        if (!now.isBefore(row.expiresAt()) || !now.isBefore(row.lastSeenAt().plus(idle))) {
            sessions.delete(hash);
            return Optional.empty();
        }
        Optional<Session> session = row.operator() ? Optional.of(new Session(Caller.platformAdmin(), null, true, now))
                : tenantSession(row);
        if (session.isEmpty()) {
            return Optional.empty();
        }
        if (!now.isBefore(row.lastSeenAt().plus(TOUCH_EVERY))) {
            sessions.touch(hash, now);
        }
        Session s = session.get();
        return Optional.of(new Session(s.caller(), s.email(), s.operator(), now.plus(idle)));
    }

    private Optional<Session> tenantSession(ConsoleSessionRepository.Row row) {
        Optional<Tenant> tenant = tenants.find(row.tenantId());
        if (tenant.isEmpty() || !Tenant.ACTIVE.equals(tenant.get().status())) {
            return Optional.empty();
        }
        return users.find(row.tenantId(), row.userId()).map(u -> new Session(new Caller(Caller.Type.USER,
                u.tenantId(), Environment.fromWire(row.env()), u.id(), u.permissions()), u.email(), false, null));
    }

    /** Moves a tenant's session to the other environment (the operator's has none). */
    public void switchEnvironment(String secret, Environment env) {
        sessions.switchEnvironment(Secrets.sha256Hex(secret), env.wire());
    }

    public void signOut(String secret) {
        if (secret != null && secret.length() <= 100) {
            sessions.delete(Secrets.sha256Hex(secret));
        }
    }

    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT2M")
    @SchedulerLock(name = "console-session-purge")
    void purge() {
        Instant now = clock.instant();
        sessions.deleteExpired(now.minus(idle), now);
    }
}
