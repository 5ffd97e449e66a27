package io.emboss.tenancy;

/**
 * Published in the transaction that created a tenant, so other modules can set up its defaults.
 * Carries no secret.
 */
public record TenantCreated(String tenantId, String name) {
}
