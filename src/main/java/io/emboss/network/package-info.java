/**
 * The ISO 8583 network front: a TCP server (Netty) that speaks ISO 8583:1987 with ASCII fields, a
 * hex bitmap and a 4-digit length header (jPOS's ISO87APackager over ASCIIChannel) to a card
 * network or processor, and turns authorizations, advices, financial requests, completions,
 * reversals and network management messages into calls on the authorization engine. It decides
 * nothing itself: the card named by the PAN decides the tenant, the engine decides the spend, and
 * this module only translates, deduplicates retransmissions and remembers which network message
 * became which authorization (see docs/iso8583.md).
 */
package io.emboss.network;
