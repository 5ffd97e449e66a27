/**
 * The seed providers' API dialects ({@code /compat/<profile>/}): thin adapters that translate
 * requests, ids, shapes, status and error codes onto the native public services (customers, cards,
 * top-ups, wallets, tenancy, authorization) and hold no business rule of their own; a rule a dialect
 * needs is added to the native service that owns it. Each profile lives in a subpackage, internal to
 * this module, and registers an {@link io.emboss.web.ApiDialect} for its error shape and credentials.
 * See {@code docs/compat.md}.
 */
package io.emboss.compat;
