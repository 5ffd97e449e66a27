/**
 * The back office's clearing and settlement: a network's daily clearing file, staged whole and
 * applied in chunks to the cards' authorizations (through the authorization module), and the
 * settlement reports that sum what each day's files moved, backed by ledger transfers.
 */
package io.emboss.clearing;
