package io.emboss.events;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A DNS server the test controls, in place of the system resolver (the {@link HostResolver} seam):
 * a scripted name answers the n-th lookup with the n-th address of its script (the last repeats),
 * so a test can rebind a name between two lookups; other names resolve as usual. Counts lookups.
 */
final class ScriptedResolver implements HostResolver {
    /** Imported by a test class to resolve through a ScriptedResolver. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Config {
        @Bean
        @Primary
        ScriptedResolver scriptedResolver() {
            return new ScriptedResolver();
        }
    }

    private final Map<String, List<String>> scripts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();

    /** From now on, lookups of {@code host} answer these addresses in turn (the last one repeats). */
    void script(String host, String... addresses) {
        lookups.put(host, new AtomicInteger());
        scripts.put(host, List.of(addresses));
    }

    int lookups(String host) {
        AtomicInteger n = lookups.get(host);
        return n == null ? 0 : n.get();
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        List<String> script = scripts.get(host);
        if (script == null) {
            return InetAddress.getAllByName(host);
        }
        int n = lookups.get(host).getAndIncrement();
        String literal = script.get(Math.min(n, script.size() - 1));
        // a literal address: getByName parses it, no lookup leaves the machine
        return new InetAddress[] {InetAddress.getByAddress(host, InetAddress.getByName(literal).getAddress())};
    }
}
