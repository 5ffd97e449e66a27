/**
 * The authorization engine (one network-neutral decision for every front: the sandbox simulator,
 * ISO 8583), holds and their lifecycle (capture, reverse, increment, expiry, refund, force-post),
 * spending controls, and the transaction record.
 */
package io.emboss.authorization;
