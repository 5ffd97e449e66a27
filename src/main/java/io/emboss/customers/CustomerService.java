package io.emboss.customers;

import io.emboss.shared.Caller;
import io.emboss.shared.Environment;
import io.emboss.shared.Ids;
import io.emboss.shared.Outcome;
import io.emboss.shared.Page;
import io.emboss.shared.PageRequest;
import io.emboss.shared.RejectedException;
import io.emboss.shared.Rejection;
import io.emboss.tenancy.TenantService;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Customers and KYC, always within the caller's tenant and environment. */
@Service
public class CustomerService {

    public record NewCustomer(String name, String email, String phone, String externalId) {
    }

    /** Changes to a customer; null leaves a field unchanged, "" clears phone or externalId. */
    public record CustomerChanges(String name, String email, String phone, String externalId) {
    }

    /** The KYC reason of a customer whose KYC the tenant did itself. */
    public static final String KYC_BY_TENANT = "kyc_by_tenant";

    private static final Rejection EMAIL_TAKEN = Rejection.of(Rejection.Kind.CONFLICT, "email_already_exists",
            "A customer with this email already exists");

    private static final Rejection KYC_NOT_DELEGATED = Rejection.of(Rejection.Kind.FORBIDDEN, "kyc_not_delegated",
            "In live mode a tenant approves its customers' KYC only when the platform operator has delegated KYC "
                    + "to it; create the customer with POST /v1/customers and submit its KYC");

    private final CustomerRepository customers;
    private final TenantService tenants;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    CustomerService(CustomerRepository customers, TenantService tenants, ApplicationEventPublisher events,
            Clock clock) {
        this.customers = customers;
        this.tenants = tenants;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public Outcome<Customer> create(Caller caller, NewCustomer in) {
        Instant now = now();
        Customer c = new Customer(Ids.next("cus"), caller.tenantId(), caller.environment().wire(), in.name(),
                in.email(), in.phone(), in.externalId(), Customer.KycStatus.PENDING, null, now, now);
        if (!customers.insert(c)) {
            return Outcome.rejected(EMAIL_TAKEN);
        }
        events.publishEvent(new CustomerEvents.Created(c));
        return Outcome.ok(c);
    }

    /**
     * Creates a customer whose KYC the tenant has already done under its own programme (seed 004's
     * dialect has no KYC step): approved at once, and recorded as decided by the calling tenant
     * credential with the reason {@value #KYC_BY_TENANT}, so the audit trail tells it from an
     * Emboss decision. A tenant decides KYC itself in sandbox; in live mode only when the platform
     * operator has delegated KYC to it (the tenant's {@code kycDelegated}), else 403 and nothing is
     * created.
     */
    @Transactional
    public Outcome<Customer> createWithKycByTenant(Caller caller, NewCustomer in) {
        if (caller.environment() != Environment.SANDBOX && !tenants.kycDelegated(caller.tenantId())) {
            return Outcome.rejected(KYC_NOT_DELEGATED);
        }
        Outcome<Customer> created = create(caller, in);
        if (!created.isOk()) {
            return created;
        }
        return Outcome.ok(changeKyc(created.value(), Customer.KycStatus.APPROVED, KYC_BY_TENANT, null,
                caller.actorId(), caller.actorId()));
    }

    @Transactional(readOnly = true)
    public Outcome<Customer> get(Caller caller, String id) {
        return customers.find(caller.tenantId(), caller.environment().wire(), id)
                .<Outcome<Customer>>map(Outcome::ok).orElseGet(() -> Outcome.notFound("customer " + id));
    }

    @Transactional(readOnly = true)
    public Outcome<Page<Customer>> list(Caller caller, String email, Customer.KycStatus kycStatus, PageRequest page) {
        return list(caller, email, kycStatus, null, page);
    }

    /** {@code search}: text the name or the email contains, in any case; null means any customer. */
    @Transactional(readOnly = true)
    public Outcome<Page<Customer>> list(Caller caller, String email, Customer.KycStatus kycStatus, String search,
            PageRequest page) {
        String env = caller.environment().wire();
        Long before = null;
        if (page.startingAfter() != null) {
            Optional<Long> seq = customers.seqOf(caller.tenantId(), env, page.startingAfter());
            if (seq.isEmpty()) {
                return Outcome.rejected(Rejection.Kind.INVALID, "invalid_cursor", "startingAfter names no customer");
            }
            before = seq.get();
        }
        return Outcome.ok(Page.of(customers.page(caller.tenantId(), env, email,
                kycStatus == null ? null : kycStatus.wire(), search, page, before), page.limit(), Customer::id));
    }

    @Transactional
    public Outcome<Customer> update(Caller caller, String id, CustomerChanges changes) {
        String env = caller.environment().wire();
        Optional<Customer> found = customers.lock(caller.tenantId(), env, id);
        if (found.isEmpty()) {
            return Outcome.notFound("customer " + id);
        }
        Customer c = found.get();
        if (changes.email() != null && customers.emailTaken(caller.tenantId(), env, changes.email(), id)) {
            return Outcome.rejected(EMAIL_TAKEN);
        }
        Customer updated = new Customer(c.id(), c.tenantId(), c.environment(),
                changes.name() != null ? changes.name() : c.name(),
                changes.email() != null ? changes.email() : c.email(),
                changes.phone() == null ? c.phone() : changes.phone().isEmpty() ? null : changes.phone(),
                changes.externalId() == null ? c.externalId()
                        : changes.externalId().isEmpty() ? null : changes.externalId(),
                c.kycStatus(), c.kycReason(), c.createdAt(), now());
        try {
            customers.update(updated);
        } catch (DuplicateKeyException raced) {
            // another request took the email between the check above and this update: the unique
            // index decides, and this transaction rolls back with the same answer as the check
            throw new RejectedException(EMAIL_TAKEN);
        }
        events.publishEvent(new CustomerEvents.Updated(updated));
        return Outcome.ok(updated);
    }

    /** Documents submitted: the customer waits for a decision ("in_review"). */
    @Transactional
    public Outcome<Customer> submitKyc(Caller caller, String id, String documentsJson) {
        Optional<Customer> found = customers.lock(caller.tenantId(), caller.environment().wire(), id);
        if (found.isEmpty()) {
            return Outcome.notFound("customer " + id);
        }
        Customer c = found.get();
        if (c.kycStatus() == Customer.KycStatus.APPROVED || c.kycStatus() == Customer.KycStatus.IN_REVIEW) {
            return Outcome.rejected(Rejection.Kind.CONFLICT, "invalid_state",
                    "KYC cannot be submitted while the customer's kycStatus is " + c.kycStatus().wire());
        }
        return Outcome.ok(changeKyc(c, Customer.KycStatus.IN_REVIEW, null, documentsJson, null, caller.actorId()));
    }

    /**
     * A KYC decision by the tenant's sandbox simulator (caller scoped). In live mode KYC is the
     * operator's, or the tenant's own programme through {@link #createWithKycByTenant}: never this.
     */
    @Transactional
    public Outcome<Customer> decideKyc(Caller caller, String id, boolean approved, String reason) {
        if (!caller.maySimulate()) {
            return Outcome.rejected(Caller.SANDBOX_ONLY);
        }
        return customers.lock(caller.tenantId(), caller.environment().wire(), id)
                .map(c -> decide(c, approved, reason, caller.actorId()))
                .orElseGet(() -> Outcome.notFound("customer " + id));
    }

    /**
     * A KYC decision by the platform operator, for any tenant and environment. Checked here too, not
     * only by the /v1/platform/ URL rule: this approves live customers of any tenant.
     */
    @Transactional
    public Outcome<Customer> decideKycAsOperator(Caller caller, String id, boolean approved, String reason) {
        if (!caller.isPlatformAdmin()) {
            return Outcome.rejected(Rejection.Kind.FORBIDDEN, "forbidden", "Only the platform operator decides this");
        }
        return customers.findAnyTenant(id)
                .flatMap(c -> customers.lock(c.tenantId(), c.environment(), id))
                .map(c -> decide(c, approved, reason, "platform_admin"))
                .orElseGet(() -> Outcome.notFound("customer " + id));
    }

    private Outcome<Customer> decide(Customer c, boolean approved, String reason, String actor) {
        if (c.kycStatus() == Customer.KycStatus.APPROVED || c.kycStatus() == Customer.KycStatus.REJECTED) {
            return Outcome.rejected(Rejection.Kind.CONFLICT, "invalid_state",
                    "KYC is already decided: kycStatus is " + c.kycStatus().wire());
        }
        Customer.KycStatus status = approved ? Customer.KycStatus.APPROVED : Customer.KycStatus.REJECTED;
        return Outcome.ok(changeKyc(c, status, reason, null, actor, actor));
    }

    /**
     * Now, at the database's timestamp precision (microseconds), so the instants an answer shows
     * are the ones a later read returns.
     */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private Customer changeKyc(Customer c, Customer.KycStatus status, String reason, String documentsJson,
            String decidedBy, String actor) {
        Customer updated = new Customer(c.id(), c.tenantId(), c.environment(), c.name(), c.email(), c.phone(),
                c.externalId(), status, reason, c.createdAt(), now());
        customers.updateKyc(updated, documentsJson, decidedBy);
        events.publishEvent(new CustomerEvents.KycUpdated(updated, actor));
        return updated;
    }
}
