package io.emboss.events;

import io.emboss.shared.EmbeddedMode;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where Emboss may send webhooks and decision requests. Never to loopback, private, link-local
 * (cloud metadata), carrier-grade NAT, multicast or unspecified addresses, so a tenant cannot make
 * Emboss probe the network it runs in (a delivery log shows the first 2 KB of each answer). Sandbox
 * endpoints may point at such addresses, so a developer can receive on localhost, only on the
 * embedded default (H2, a developer's machine) or when the operator opts in with
 * {@code emboss.webhooks.allow-private-targets}. Live endpoints must use https.
 *
 * <p>The addresses are checked when an endpoint is saved, and again on every connection: the
 * outbound client resolves the name once through {@link #checkedAddresses} and connects to exactly
 * those addresses, so a name that answers differently a moment later (DNS rebinding) gains nothing.
 */
@Component
class DestinationPolicy {
    static final String REFUSED = "resolves to a loopback, private or link-local address, which is refused";

    /** A connection refused because the name resolved to an internal address. */
    static final class RefusedDestination extends UnknownHostException {
        RefusedDestination(String message) {
            super(message);
        }
    }

    private final HostResolver resolver;
    private final boolean privateTargetsInSandbox;

    DestinationPolicy(HostResolver resolver, WebhookProperties properties,
            @Value("${spring.datasource.url:}") String dbUrl) {
        this.resolver = resolver;
        this.privateTargetsInSandbox = EmbeddedMode.isEmbedded(dbUrl) || properties.isAllowPrivateTargets();
    }

    /** Whether an endpoint of this environment must avoid internal addresses. */
    boolean strict(boolean livemode) {
        return livemode || !privateTargetsInSandbox;
    }

    /** Empty when the URL may be saved; otherwise what is wrong with it. */
    Optional<String> problem(String url, boolean livemode) {
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
        if (livemode && !scheme.equals("https")) {
            return Optional.of("must use https in live mode");
        }
        if (!strict(livemode)) {
            return Optional.empty();
        }
        try {
            checkedAddresses(uri.getHost(), true);
            return Optional.empty();
        } catch (RefusedDestination e) {
            return Optional.of(e.getMessage() + (livemode ? " in live mode" : " (the operator has not allowed "
                    + "private targets in sandbox)"));
        } catch (UnknownHostException e) {
            return Optional.of("names a host that does not resolve");
        }
    }

    /**
     * The addresses of {@code host} that a connection may use: every one the resolver returned, or
     * none when {@code strict} and any of them is internal (a name with one internal address among
     * public ones is refused whole, so no retry can land on the internal one).
     */
    InetAddress[] checkedAddresses(String host, boolean strict) throws UnknownHostException {
        InetAddress[] addresses = resolver.resolve(host);
        if (addresses == null || addresses.length == 0) {
            throw new UnknownHostException("no address");
        }
        if (strict) {
            for (InetAddress address : addresses) {
                if (internal(address)) {
                    throw new RefusedDestination(REFUSED);
                }
            }
        }
        return addresses;
    }

    static boolean internal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            // unique local fc00::/7; addresses that embed an IPv4 address are judged by it
            if ((b[0] & 0xfe) == 0xfc) {
                return true;
            }
            boolean zeros = true;
            for (int i = 0; i < 10; i++) {
                zeros &= b[i] == 0;
            }
            // IPv4-mapped ::ffff:a.b.c.d and the deprecated IPv4-compatible ::a.b.c.d
            if (zeros && (((b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) || (b[10] == 0 && b[11] == 0))) {
                return internalV4(b[12], b[13], b[14], b[15]);
            }
            // NAT64 64:ff9b::a.b.c.d, which a NAT64 gateway forwards to IPv4; the rest of 64:ff9b::/32
            // (the local-use 64:ff9b:1::/48, with prefixes of any length) is refused outright
            if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
                boolean wellKnown = true;
                for (int i = 4; i < 12; i++) {
                    wellKnown &= b[i] == 0;
                }
                return !wellKnown || internalV4(b[12], b[13], b[14], b[15]);
            }
            // 6to4 2002:aabb:ccdd::/48 carries the IPv4 address a.b.c.d of its relay target
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
                return internalV4(b[2], b[3], b[4], b[5]);
            }
            return false;
        }
        return internalV4Bytes(b);
    }

    private static boolean internalV4(byte b0, byte b1, byte b2, byte b3) {
        try {
            return internal(InetAddress.getByAddress(new byte[] {b0, b1, b2, b3}));
        } catch (UnknownHostException e) {
            return true;
        }
    }

    private static boolean internalV4Bytes(byte[] b) {
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        return first == 0 || (first == 100 && second >= 64 && second <= 127) || first >= 240
                || (first == 192 && second == 0 && (b[2] & 0xff) == 0) || (first == 198 && (second == 18 || second == 19));
    }
}
