/**
 * Seed 003's card operations API ("ops"), at {@code /compat/ops}: recharge, balance, card info,
 * transaction history, status changes and PIN, with numeric ids and the seed's webhook events,
 * each a thin adapter over the native services. See docs/compat-ops.md.
 */
package io.emboss.compat.ops;
