/**
 * Top-ups (money onto a card, instant or settled later) and withdrawals (money back), with the
 * product's fees and balance limits, exactly, in one ledger operation each.
 */
package io.emboss.topups;
