package io.emboss.tenancy;

import io.emboss.shared.Caller;
import io.emboss.shared.Environment;
import io.emboss.shared.Ids;
import io.emboss.shared.Outcome;
import io.emboss.shared.Page;
import io.emboss.shared.PageRequest;
import io.emboss.shared.Rejection;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creating and configuring tenants (the platform operator's work). */
@Service
public class TenantService {

    /** A new tenant with its two API keys, shown this once. */
    public record CreatedTenant(Tenant tenant, String adminUserId, String sandboxApiKey, String liveApiKey) {
    }

    /** Changes to a tenant; null leaves a field as it is. */
    public record TenantChanges(String name, String status, Integer rateLimitPerHour, boolean clearRateLimit,
                                Boolean kycDelegated) {
    }

    private static final Rejection OPERATOR_ONLY = Rejection.of(Rejection.Kind.FORBIDDEN, "forbidden",
            "Only the platform operator manages tenants");

    private final TenantRepository tenants;
    private final UserRepository users;
    private final ApiKeyService apiKeys;
    private final PasswordEncoder passwords;
    private final ApplicationEventPublisher events;
    private final CredentialCache credentials;
    private final Clock clock;

    TenantService(TenantRepository tenants, UserRepository users, ApiKeyService apiKeys, PasswordEncoder passwords,
            ApplicationEventPublisher events, CredentialCache credentials, Clock clock) {
        this.credentials = credentials;
        this.tenants = tenants;
        this.users = users;
        this.apiKeys = apiKeys;
        this.passwords = passwords;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Creates a tenant with credentials holding every permission; only the operator (checked here, not
     * only by the /v1/platform/ URL rule).
     */
    @Transactional
    public Outcome<CreatedTenant> create(Caller caller, String name, String adminEmail, String adminPassword) {
        if (!caller.isPlatformAdmin()) {
            return Outcome.rejected(OPERATOR_ONLY);
        }
        String email = adminEmail.trim().toLowerCase(java.util.Locale.ROOT);
        if (users.emailTaken(email)) {
            return Outcome.rejected(Rejection.Kind.CONFLICT, "email_already_exists",
                    "A user with this email already exists");
        }
        Instant now = clock.instant();
        Tenant tenant = new Tenant(Ids.next("ten"), name.trim(), Tenant.ACTIVE, null, false, now, now);
        tenants.insert(tenant);
        String userId = Ids.next("usr");
        // the tenant's first user manages its credentials; reading card numbers is granted to it explicitly
        boolean inserted = users.insert(new UserRepository.User(userId, tenant.id(), email,
                passwords.encode(adminPassword), Set.of(Caller.PERMISSION_ADMIN)), now);
        if (!inserted) {
            throw new io.emboss.shared.RejectedException(Rejection.of(Rejection.Kind.CONFLICT,
                    "email_already_exists", "A user with this email already exists"));
        }
        String sandboxKey = apiKeys.issue(tenant.id(), Environment.SANDBOX, "Default sandbox key", now);
        String liveKey = apiKeys.issue(tenant.id(), Environment.LIVE, "Default live key", now);
        events.publishEvent(new TenantCreated(tenant.id(), tenant.name()));
        return Outcome.ok(new CreatedTenant(tenant, userId, sandboxKey, liveKey));
    }

    /** Changes a tenant, its KYC delegation and status included; only the operator. */
    @Transactional
    public Outcome<Tenant> update(Caller caller, String id, TenantChanges changes) {
        if (!caller.isPlatformAdmin()) {
            return Outcome.rejected(OPERATOR_ONLY);
        }
        Optional<Tenant> found = tenants.find(id);
        if (found.isEmpty()) {
            return Outcome.notFound("tenant " + id);
        }
        Tenant t = found.get();
        Integer limit = changes.clearRateLimit() ? null
                : changes.rateLimitPerHour() != null ? changes.rateLimitPerHour() : t.rateLimitPerHour();
        Tenant updated = new Tenant(t.id(), changes.name() != null ? changes.name().trim() : t.name(),
                changes.status() != null ? changes.status() : t.status(), limit,
                changes.kycDelegated() != null ? changes.kycDelegated() : t.kycDelegated(), t.createdAt(),
                clock.instant());
        tenants.update(updated);
        // every cached credential of the tenant carries its status and budget
        credentials.evictTenant(id);
        return Outcome.ok(updated);
    }

    @Transactional(readOnly = true)
    public Optional<Tenant> find(String id) {
        return tenants.find(id);
    }

    /**
     * Whether the platform operator lets the tenant decide its customers' KYC itself in live mode
     * (in sandbox a tenant always may). An unknown tenant may not.
     */
    @Transactional(readOnly = true)
    public boolean kycDelegated(String tenantId) {
        return tenants.find(tenantId).map(Tenant::kycDelegated).orElse(false);
    }

    @Transactional(readOnly = true)
    public Outcome<Page<Tenant>> list(PageRequest page) {
        Long before = null;
        if (page.startingAfter() != null) {
            Optional<Long> seq = tenants.seqOf(page.startingAfter());
            if (seq.isEmpty()) {
                return Outcome.rejected(Rejection.Kind.INVALID, "invalid_cursor", "startingAfter names no tenant");
            }
            before = seq.get();
        }
        return Outcome.ok(Page.of(tenants.page(page, before), page.limit(), Tenant::id));
    }

    @Transactional(readOnly = true)
    public boolean any() {
        return tenants.count() > 0;
    }
}
