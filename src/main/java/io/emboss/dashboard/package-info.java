/**
 * The dashboard: a web console for a tenant's operations team and for the platform operator, served
 * at {@code /dashboard} by the same jar. Server-rendered pages (Thymeleaf) that call the same
 * services as the API, so every rule is the API's; signed in with a session cookie
 * ({@link io.emboss.tenancy.ConsoleSessions}), every form carries a CSRF token.
 */
package io.emboss.dashboard;
