/**
 * Tenants, their dashboard users, API keys and access tokens, authentication of every request,
 * per-tenant rate limits and the audit log.
 */
package io.emboss.tenancy;
