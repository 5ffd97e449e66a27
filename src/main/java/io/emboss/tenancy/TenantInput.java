package io.emboss.tenancy;

import io.emboss.shared.Outcome;
import io.emboss.web.Fields;
import tools.jackson.databind.JsonNode;

/**
 * The operator's tenant input, checked with the one set of rules the platform API and the
 * dashboard share: a new tenant, and changes to one ({@link TenantService.TenantChanges}).
 */
public final class TenantInput {
    /** A new tenant and its first user, checked. */
    public record NewTenant(String name, String adminEmail, String adminPassword) {
        @Override
        public String toString() {
            return "NewTenant[name=" + name + ", adminEmail=" + adminEmail + ", adminPassword=***]";
        }
    }

    private TenantInput() {
    }

    /** A name of 1 to 200 characters, an email, a password of 12 to 128 characters. */
    public static Outcome<NewTenant> newTenant(String name, String adminEmail, String adminPassword) {
        Fields f = new Fields();
        String checkedName = f.text("name", name, 1, 200);
        String email = f.email("adminEmail", adminEmail);
        if (adminPassword == null || adminPassword.length() < 12 || adminPassword.length() > 128) {
            f.problem("adminPassword", "must be 12 to 128 characters");
        }
        if (!f.ok()) {
            return Outcome.rejected(f.rejection());
        }
        return Outcome.ok(new NewTenant(checkedName, email, adminPassword));
    }

    /**
     * Changes; null leaves a field as it is, and a JSON null {@code rateLimitPerHour} clears the
     * tenant's own limit (back to the platform's default).
     */
    public static Outcome<TenantService.TenantChanges> changes(String name, String status, JsonNode rateLimitPerHour,
            Boolean kycDelegated) {
        Fields f = new Fields();
        String checkedName = name == null ? null : f.text("name", name, 1, 200);
        String checkedStatus = null;
        if (status != null) {
            if (Tenant.ACTIVE.equals(status) || Tenant.SUSPENDED.equals(status)) {
                checkedStatus = status;
            } else {
                f.problem("status", "must be active or suspended");
            }
        }
        boolean clear = rateLimitPerHour != null && rateLimitPerHour.isNull();
        Integer limit = clear ? null : f.intRange("rateLimitPerHour", rateLimitPerHour, 1, 100_000_000);
        if (!f.ok()) {
            return Outcome.rejected(f.rejection());
        }
        return Outcome.ok(new TenantService.TenantChanges(checkedName, checkedStatus, limit, clear, kycDelegated));
    }
}
