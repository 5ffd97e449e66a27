package io.emboss.events;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.stereotype.Component;

/** The operating system's resolver (and its cache, networkaddress.cache.ttl): the default {@link HostResolver}. */
@Component
class SystemHostResolver implements HostResolver {
    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        return InetAddress.getAllByName(host);
    }
}
