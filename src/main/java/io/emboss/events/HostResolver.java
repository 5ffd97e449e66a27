package io.emboss.events;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Name resolution for Emboss's outbound calls (webhooks, decision requests). Every connection asks
 * it once and connects only to the addresses it returned, after {@link DestinationPolicy} checked
 * them. The default is the system resolver; tests replace it with one whose answers they control,
 * to play a DNS server that rebinds a name between two lookups.
 */
@FunctionalInterface
interface HostResolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
}
