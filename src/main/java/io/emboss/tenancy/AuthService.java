package io.emboss.tenancy;

import io.emboss.shared.Caller;
import io.emboss.shared.Environment;
import io.emboss.shared.Ids;
import io.emboss.shared.Outcome;
import io.emboss.shared.Rejection;
import io.emboss.shared.Secrets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Who is calling: resolves a bearer secret (API key, access token or the platform admin token)
 * to a {@link Caller}; logs dashboard users in and rotates their refresh tokens.
 */
@Service
public class AuthService {

    /** A resolved caller and the budget its tenant has per hour (null for the platform admin). */
    public record Authenticated(Caller caller, Integer rateLimitPerHour) {
    }

    /**
     * A token pair; the secrets exist in clear only in this response, and its toString never shows
     * them (the framework logs response bodies by their toString at DEBUG).
     */
    public record Tokens(String accessToken, String refreshToken, long expiresIn, String environment) {
        @Override
        public String toString() {
            return "Tokens[accessToken=***, refreshToken=***, expiresIn=" + expiresIn + ", environment="
                    + environment + "]";
        }
    }

    /**
     * A login as a front received it: the client's address (the connection's, see
     * docs/tenancy-and-auth.md), and the path and request id its audit entries name.
     */
    public record LoginAttempt(String email, String password, Environment environment, String clientAddress,
                               String path, String requestId) {
        @Override
        public String toString() {
            return "LoginAttempt[password=***, environment=" + environment + ", path=" + path + "]";
        }
    }

    /** The answer to a login: tokens, or a rejection; {@code retryAfterSeconds} is set when it was throttled. */
    public record Login(Outcome<Tokens> tokens, long retryAfterSeconds) {
    }

    private static final Rejection INVALID = Rejection.of(Rejection.Kind.UNAUTHENTICATED, "invalid_credentials",
            "Invalid credentials");
    private static final Rejection INVALID_LOGIN = Rejection.of(Rejection.Kind.UNAUTHENTICATED,
            "invalid_credentials", "Invalid email or password");
    private static final Logger log = LoggerFactory.getLogger(AuthService.class);

    private final ApiKeyRepository keys;
    private final TokenRepository tokens;
    private final TenantRepository tenants;
    private final CredentialCache credentials;
    private final UserRepository users;
    private final PasswordEncoder passwords;
    private final AdminToken adminToken;
    private final Clock clock;
    private final Duration accessTtl;
    private final Duration refreshTtl;
    private final int defaultRateLimit;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    /** Compared against when the email is unknown, so a login takes as long either way. */
    private final String decoyHash;

    AuthService(ApiKeyRepository keys, TokenRepository tokens, TenantRepository tenants, CredentialCache credentials,
            UserRepository users, PasswordEncoder passwords, AdminToken adminToken, Clock clock,
            LoginThrottle throttle, AuditLog audit, TransactionTemplate tx,
            @Value("${emboss.auth.access-token-ttl:PT15M}") Duration accessTtl,
            @Value("${emboss.auth.refresh-token-ttl:P30D}") Duration refreshTtl,
            @Value("${emboss.rate-limit.per-hour:1000}") int defaultRateLimit) {
        this.throttle = throttle;
        this.audit = audit;
        this.tx = tx;
        this.keys = keys;
        this.tokens = tokens;
        this.tenants = tenants;
        this.credentials = credentials;
        this.users = users;
        this.passwords = passwords;
        this.adminToken = adminToken;
        this.clock = clock;
        this.accessTtl = accessTtl;
        this.refreshTtl = refreshTtl;
        this.defaultRateLimit = defaultRateLimit;
        this.decoyHash = passwords.encode(Ids.random(24));
    }

    /**
     * Every request pays for this, so a credential resolved in the last moments comes from the
     * {@link CredentialCache} and costs no query; one not yet seen costs one query and no
     * transaction of its own (SUPPORTS). Expiry, revocation and suspension are checked on every
     * request against what the cache holds (see the cache for how soon another instance's changes show).
     */
    @Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
    public Outcome<Authenticated> authenticate(String secret) {
        if (secret == null || secret.isBlank() || secret.length() > 200) {
            return Outcome.rejected(INVALID);
        }
        Optional<CredentialCache.Credential> found;
        if (secret.startsWith("sk_test_") || secret.startsWith("sk_live_")) {
            found = credentials.get(Secrets.sha256Hex(secret), this::apiKey);
        } else if (secret.startsWith("at_")) {
            found = credentials.get(Secrets.sha256Hex(secret), this::accessToken);
        } else if (adminToken.matches(secret)) {
            return Outcome.ok(new Authenticated(Caller.platformAdmin(), null));
        } else {
            return Outcome.rejected(INVALID);
        }
        if (found.isEmpty()) {
            return Outcome.rejected(INVALID);
        }
        CredentialCache.Credential c = found.get();
        if (c.expiresAt() != null && !clock.instant().isBefore(c.expiresAt())) {
            return Outcome.rejected(Rejection.Kind.FORBIDDEN, "token_expired",
                    "The access token has expired; refresh it");
        }
        if (!Tenant.ACTIVE.equals(c.tenantStatus())) {
            return suspended();
        }
        return Outcome.ok(new Authenticated(c.caller(), limitOf(c.tenantRateLimit())));
    }

    private Optional<CredentialCache.Credential> apiKey(String hash) {
        return keys.activeByHash(hash).map(o -> new CredentialCache.Credential(
                new Caller(Caller.Type.API_KEY, o.tenantId(), Environment.fromWire(o.env()), o.keyId(),
                        o.permissions()), o.tenantStatus(), o.rateLimitPerHour(), null, null));
    }

    /** A revoked token is not a credential: like an unknown one it is asked of the database every time. */
    private Optional<CredentialCache.Credential> accessToken(String hash) {
        return tokens.access(hash).filter(t -> t.revokedAt() == null).map(t -> new CredentialCache.Credential(
                new Caller(Caller.Type.USER, t.tenantId(), Environment.fromWire(t.env()), t.userId(),
                        UserRepository.parse(t.permissions())), t.tenantStatus(), t.rateLimitPerHour(),
                t.expiresAt(), t.familyId()));
    }

    /**
     * The tenant's budget as the database has it now. The rate limiter asks before it refuses a
     * request: the budget a request carries came from a cached credential, and a limit raised on
     * another instance must not be refused for as long as that entry lives. When it changed, the
     * tenant's cached credentials go, so the next requests carry the new one.
     */
    int currentRateLimit(String tenantId, int carried) {
        int current = limitOf(tenants.find(tenantId).map(Tenant::rateLimitPerHour).orElse(null));
        if (current != carried) {
            credentials.evictTenant(tenantId);
        }
        return current;
    }

    private static <T> Outcome<T> suspended() {
        return Outcome.rejected(Rejection.Kind.FORBIDDEN, "tenant_suspended", "The tenant is suspended");
    }

    private int limitOf(Integer tenantLimit) {
        return tenantLimit != null ? tenantLimit : defaultRateLimit;
    }

    /**
     * Logs a dashboard user in, throttled per account and per client address ({@link LoginThrottle}):
     * a throttled login is refused before its password is checked. An unknown email costs the same
     * bcrypt comparison and counts the same failures as a wrong password, so neither the answer nor
     * the throttle tells which emails exist. No transaction around it: the password check holds no
     * connection, and each write commits on its own (a failure in a transaction of its own).
     */
    public Login login(LoginAttempt attempt) {
        PasswordCheck check = checkPassword(attempt);
        if (check.refused() != null) {
            return check.refused();
        }
        UserRepository.User user = check.user();
        Tokens tokens = tx.execute(s -> issue(user.id(), user.tenantId(), attempt.environment(), Ids.next("fam")));
        return new Login(Outcome.ok(tokens), 0);
    }

    /** The user whose email and password these are, or the refusal a login answers with. */
    record PasswordCheck(UserRepository.User user, Login refused) {
    }

    /**
     * The email and password checked under the login throttle: what {@link #login} and the
     * dashboard's sign-in ({@link ConsoleSessions}) share, so both count the same failures.
     */
    PasswordCheck checkPassword(LoginAttempt attempt) {
        String email = attempt.email().trim().toLowerCase(java.util.Locale.ROOT);
        LoginThrottle.Subjects subjects = throttle.subjects(email, attempt.clientAddress());
        Duration wait = throttle.wait(subjects);
        if (!wait.isZero()) {
            return new PasswordCheck(null, throttled(wait));
        }
        Optional<UserRepository.User> user = users.byEmail(email);
        boolean matches = passwords.matches(attempt.password(),
                user.map(UserRepository.User::passwordHash).orElse(decoyHash));
        if (user.isEmpty() || !matches) {
            throttle.failed(subjects).forEach(lock -> audit(lock, user, attempt));
            return new PasswordCheck(null, new Login(Outcome.rejected(INVALID_LOGIN), 0));
        }
        // a lock that failures in parallel started while this password was checked still holds
        if (throttle.locked(subjects)) {
            return new PasswordCheck(null, throttled(throttle.wait(subjects)));
        }
        throttle.succeeded(subjects);
        return new PasswordCheck(user.get(), null);
    }

    /**
     * The platform operator's sign-in to the dashboard: the admin token, under the same throttle as
     * a password (counted against the client's address and one account named for the operator).
     */
    Login checkAdminToken(String token, String clientAddress) {
        LoginThrottle.Subjects subjects = throttle.subjects("platform-operator@emboss.invalid", clientAddress);
        Duration wait = throttle.wait(subjects);
        if (!wait.isZero()) {
            return throttled(wait);
        }
        if (token == null || token.length() > 200 || !adminToken.matches(token)) {
            throttle.failed(subjects);
            return new Login(Outcome.rejected(INVALID), 0);
        }
        throttle.succeeded(subjects);
        return new Login(Outcome.ok(null), 0);
    }

    private static Login throttled(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return new Login(Outcome.rejected(Rejection.of(Rejection.Kind.RATE_LIMITED, "login_throttled",
                "Too many failed logins; try again in " + seconds + " s")), seconds);
    }

    /**
     * Audits a lock that has just begun: a known account's in its tenant (actor: the user), an
     * unknown account's or an address's with no tenant. Never the email, never the password.
     */
    private void audit(LoginThrottle.Lock lock, Optional<UserRepository.User> user, LoginAttempt attempt) {
        String subject = lock.subject().substring(lock.subject().indexOf(':') + 1);
        if (lock.account() && user.isPresent()) {
            audit.record(user.get().tenantId(), attempt.environment().wire(), "user", user.get().id(), "LOCK",
                    attempt.path(), 429, attempt.requestId());
            log.warn("Login locked until {}: user {} after repeated failed logins", lock.until(), user.get().id());
        } else if (lock.account()) {
            // the hash's head names the account to the operator, who can compute it from an email
            audit.record(null, null, "account", subject.substring(0, 32), "LOCK", attempt.path(), 429,
                    attempt.requestId());
            log.warn("Login locked until {}: an account no user has, after repeated failed logins", lock.until());
        } else {
            audit.record(null, null, "address", subject, "LOCK", attempt.path(), 429, attempt.requestId());
            log.warn("Login locked until {}: client address {} after repeated failed logins", lock.until(), subject);
        }
    }

    /**
     * Rotates a refresh token. Presenting one that was already rotated means it leaked: the whole
     * family (every refresh and access token descended from that login) is revoked.
     */
    @Transactional(noRollbackFor = RuntimeException.class)
    public Outcome<Tokens> refresh(String refreshToken) {
        if (refreshToken == null || !refreshToken.startsWith("rt_") || refreshToken.length() > 200) {
            return Outcome.rejected(INVALID);
        }
        String hash = Secrets.sha256Hex(refreshToken);
        Optional<TokenRepository.RefreshToken> found = tokens.refresh(hash);
        if (found.isEmpty()) {
            return Outcome.rejected(INVALID);
        }
        TokenRepository.RefreshToken t = found.get();
        Instant now = clock.instant();
        if (t.revokedAt() != null) {
            return Outcome.rejected(INVALID);
        }
        if (t.usedAt() != null || !tokens.markUsed(hash, now)) {
            tokens.revokeFamily(t.familyId(), now);
            credentials.evictFamily(t.familyId());
            return Outcome.rejected(Rejection.of(Rejection.Kind.UNAUTHENTICATED, "refresh_token_reused",
                    "This refresh token was already used; every token of this login is revoked"));
        }
        if (!now.isBefore(t.expiresAt())) {
            return Outcome.rejected(Rejection.of(Rejection.Kind.UNAUTHENTICATED, "invalid_credentials",
                    "The refresh token has expired; log in again"));
        }
        return Outcome.ok(issue(t.userId(), t.tenantId(), Environment.fromWire(t.env()), t.familyId()));
    }

    /** Revokes the access token presented and every token of its login, at once. */
    @Transactional(propagation = Propagation.REQUIRED)
    public void logout(String accessToken) {
        Optional<TokenRepository.AccessToken> token = tokens.access(Secrets.sha256Hex(accessToken));
        token.ifPresent(t -> {
            tokens.revokeFamily(t.familyId(), clock.instant());
            credentials.evictFamily(t.familyId());
        });
    }

    private Tokens issue(String userId, String tenantId, Environment env, String familyId) {
        Instant now = clock.instant();
        String access = "at_" + Ids.random(43);
        String refresh = "rt_" + Ids.random(48);
        tokens.insertAccess(Secrets.sha256Hex(access), userId, tenantId, env.wire(), familyId, now.plus(accessTtl));
        tokens.insertRefresh(Secrets.sha256Hex(refresh), familyId, userId, tenantId, env.wire(), now.plus(refreshTtl));
        return new Tokens(access, refresh, accessTtl.toSeconds(), env.wire());
    }
}
