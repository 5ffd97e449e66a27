package io.emboss.events;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Where Emboss may send webhooks. Any http(s) URL in sandbox (so a developer can receive on
 * localhost); in live mode, never to loopback, private, link-local (cloud metadata), carrier-grade
 * NAT, multicast or unspecified addresses, so a tenant cannot make Emboss probe the network it
 * runs in. Checked when an endpoint is saved and again before every live send, since DNS may change.
 */
final class DestinationPolicy {
    private DestinationPolicy() {
    }

    /** Empty when the URL is acceptable; otherwise what is wrong with it. */
    static Optional<String> problem(String url, boolean livemode) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("must be an absolute http(s) URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("must use http or https");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return Optional.of("must name a host");
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("must not have a fragment");
        }
        if (!livemode) {
            return Optional.empty();
        }
        if (!scheme.equals("https")) {
            return Optional.of("must use https in live mode");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            return Optional.of("names a host that does not resolve");
        }
        for (InetAddress address : addresses) {
            if (internal(address)) {
                return Optional.of("resolves to a loopback, private or link-local address, which live mode refuses");
            }
        }
        return Optional.empty();
    }

    static boolean internal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            // unique local fc00::/7, and IPv4-mapped addresses judged as their IPv4 part
            if ((b[0] & 0xfe) == 0xfc) {
                return true;
            }
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return internal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
            return false;
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        return first == 0 || (first == 100 && second >= 64 && second <= 127) || first >= 240
                || (first == 192 && second == 0 && (b[2] & 0xff) == 0) || (first == 198 && (second == 18 || second == 19));
    }
}
