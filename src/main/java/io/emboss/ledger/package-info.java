/**
 * The double-entry ledger, modelled on TigerBeetle: accounts with pending/posted debit/credit
 * counters in minor units, immutable transfers (posted at once, or pending then posted or voided
 * or expired), atomic multi-transfer operations and a verification routine. Other modules move
 * money only through {@link io.emboss.ledger.LedgerService}.
 */
package io.emboss.ledger;
