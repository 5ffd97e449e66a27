package io.emboss.tenancy;

import io.swagger.v3.oas.annotations.media.Schema;
import io.emboss.shared.Caller;
import io.emboss.shared.Environment;
import io.emboss.shared.Outcome;
import io.emboss.shared.Rejection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The tenant's dashboard users and their permissions. Every operation needs
 * {@value Caller#PERMISSION_ADMIN}; a credential gives only permissions it holds, never changes its
 * own user's, and only a live credential changes them (a user's permissions hold in live mode too, so
 * a sandbox key must not be a way to live card numbers).
 */
@Service
class UserService {
    /** A dashboard user as the tenant sees it: never the password hash; {@code lockedUntil} while its login is locked. */
    record DashboardUser(String id, String email, Set<String> permissions, Instant lockedUntil) {
    }

    private static final Rejection OWN_PERMISSIONS = Rejection.of(Rejection.Kind.FORBIDDEN, "forbidden",
            "A user cannot change their own permissions");
    private static final Rejection SANDBOX_CREDENTIAL = Rejection.of(Rejection.Kind.FORBIDDEN, "forbidden",
            "A user's permissions hold in live mode too: change them with a live credential");

    private final UserRepository users;
    private final LoginThrottle throttle;
    private final CredentialCache credentials;

    UserService(UserRepository users, LoginThrottle throttle, CredentialCache credentials) {
        this.users = users;
        this.throttle = throttle;
        this.credentials = credentials;
    }

    private DashboardUser view(UserRepository.User u) {
        return new DashboardUser(u.id(), u.email(), Set.copyOf(u.permissions()),
                throttle.lockedUntil(LoginThrottle.accountOf(u.email())).orElse(null));
    }

    @Transactional(readOnly = true)
    public Outcome<List<DashboardUser>> list(Caller caller) {
        Optional<Rejection> refused = Grants.needsAdmin(caller);
        if (refused.isPresent()) {
            return Outcome.rejected(refused.get());
        }
        return Outcome.ok(users.ofTenant(caller.tenantId()).stream().map(this::view).toList());
    }

    /** Sets a user's permissions to exactly {@code permissions}. */
    @Transactional
    public Outcome<DashboardUser> setPermissions(Caller caller, String userId, List<String> permissions) {
        return managed(caller, userId).flatMap(user -> setPermissions(caller, user, permissions));
    }

    private Outcome<DashboardUser> setPermissions(Caller caller, UserRepository.User user, List<String> permissions) {
        String userId = user.id();
        if (caller.type() == Caller.Type.USER && caller.actorId().equals(userId)) {
            return Outcome.rejected(OWN_PERMISSIONS);
        }
        if (caller.environment() != Environment.LIVE) {
            return Outcome.rejected(SANDBOX_CREDENTIAL);
        }
        if (permissions == null || permissions.contains(null)) {
            return Outcome.invalid("permissions", "must be a list of permission names");
        }
        Optional<Rejection> refused = Grants.refusal(caller, "permissions", permissions, user.permissions());
        if (refused.isPresent()) {
            return Outcome.rejected(refused.get());
        }
        users.setPermissions(userId, new TreeSet<>(permissions));
        // the user's tokens carry its permissions: cached ones must not outlive the change here
        credentials.evictUser(userId);
        return Outcome.ok(view(users.find(caller.tenantId(), userId).orElseThrow()));
    }

    /**
     * Ends a lock of the user's login (and forgets its failures) before it runs out. The tenant's admin
     * may unlock any of its users, itself included: the failures may have been someone else's guesses.
     */
    @Transactional
    public Outcome<DashboardUser> unlock(Caller caller, String userId) {
        return managed(caller, userId).map(user -> {
            throttle.release(LoginThrottle.accountOf(user.email()));
            return view(user);
        });
    }

    /** A user of the caller's tenant that the caller may manage: it needs admin, and the user must exist. */
    private Outcome<UserRepository.User> managed(Caller caller, String userId) {
        Optional<Rejection> refused = Grants.needsAdmin(caller);
        if (refused.isPresent()) {
            return Outcome.rejected(refused.get());
        }
        return users.find(caller.tenantId(), userId).<Outcome<UserRepository.User>>map(Outcome::ok)
                .orElseGet(() -> Outcome.notFound("user " + userId));
    }

    /** What the operator's unlock found: for each subject asked about, whether it had failures or a lock. */
    record OperatorUnlock(@Schema(nullable = true) Boolean accountReleased,
                          @Schema(nullable = true) Boolean addressReleased) {
    }

    /**
     * The platform operator's unlock of an account (by email, known to Emboss or not) and/or a client
     * address (an IPv6 one's /64). Only the operator; the URL matcher is not the only guard.
     */
    @Transactional
    public Outcome<OperatorUnlock> unlockAsOperator(Caller caller, String email, String address) {
        if (!caller.isPlatformAdmin()) {
            return Outcome.rejected(Rejection.Kind.FORBIDDEN, "forbidden", "Only the platform operator may do this");
        }
        Optional<String> addressSubject = address == null ? Optional.empty() : LoginThrottle.addressOf(address);
        if (address != null && addressSubject.isEmpty()) {
            return Outcome.invalid("address", "must be an IPv4 or IPv6 address");
        }
        Boolean account = email == null ? null
                : throttle.release(LoginThrottle.accountOf(email.trim().toLowerCase(java.util.Locale.ROOT)));
        return Outcome.ok(new OperatorUnlock(account, addressSubject.map(throttle::release).orElse(null)));
    }
}
