/**
 * Disputes: a cardholder's claim against a captured transaction, its evidence files, its submission to
 * the network and its outcome (won, lost, expired), each money step a ledger transfer through the
 * dispute-suspense account. The module's API is {@link io.emboss.disputes.DisputeService} and its
 * records; the clearing module applies a network's chargeback records through
 * {@link io.emboss.disputes.DisputeService#applyNetworkRecord}.
 */
package io.emboss.disputes;
