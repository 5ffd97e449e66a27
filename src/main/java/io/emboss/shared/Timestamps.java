package io.emboss.shared;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * How every timestamp is written on the wire (native API, events, webhook payloads, dialects that use
 * ISO strings): UTC, microseconds, always six fractional digits ({@code 2026-12-02T04:09:46.123456Z}),
 * the precision PostgreSQL stores, so a value shown when it is made equals the one read back later.
 */
public final class Timestamps {
    private static final DateTimeFormatter WIRE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    public static String format(Instant instant) {
        return WIRE.format(instant.truncatedTo(ChronoUnit.MICROS));
    }
}
