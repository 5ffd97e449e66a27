package io.emboss.authorization.rules;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The windows of the velocity rules that count one card's (or one customer's) authorizations, as
 * kept in a text column of the row the authorization locks. A sliding window is kept in at most
 * {@value #SLICES} slices: an authorization counts until its whole slice has left the window, so a
 * window of N seconds may remember a purchase up to N/{@value #SLICES} seconds longer (never shorter;
 * to the second for windows up to {@value #SLICES} seconds). A calendar window is one UTC day or month.
 * Entries whose window has passed are dropped when the state is written.
 */
final class VelocityState {
    static final int SLICES = 100;

    /** Approved authorizations counted in a window, and their amount in minor units. */
    record Usage(long count, long amountMinor) {
    }

    private static final class Entry {
        final long width;
        final List<long[]> slices = new ArrayList<>();

        Entry(long width) {
            this.width = width;
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /** The state a column holds; null or blank is a state with nothing counted. */
    static VelocityState parse(String text) {
        VelocityState state = new VelocityState();
        if (text == null || text.isBlank()) {
            return state;
        }
        for (String line : text.split("\n")) {
            String[] parts = line.split("\\|", -1);
            Entry e = new Entry(Long.parseLong(parts[1]));
            if (!parts[2].isEmpty()) {
                for (String slice : parts[2].split(";")) {
                    String[] n = slice.split(",");
                    e.slices.add(new long[] {Long.parseLong(n[0]), Long.parseLong(n[1]), Long.parseLong(n[2])});
                }
            }
            state.entries.put(parts[0], e);
        }
        return state;
    }

    /** What is counted in the window now (the key names rule and version). */
    Usage usage(String key, RuleParameters.Window window, Instant now) {
        Entry e = entries.get(key);
        if (e == null || e.width != width(window)) {
            return new Usage(0, 0);
        }
        long from = windowStart(window, now);
        long count = 0;
        long amount = 0;
        for (long[] s : e.slices) {
            if (counts(s, e.width, window, from)) {
                count += s[1];
                amount = Math.addExact(amount, s[2]);
            }
        }
        return new Usage(count, amount);
    }

    /** Counts an approved authorization of {@code amountMinor} made {@code now}. */
    void add(String key, RuleParameters.Window window, Instant now, long amountMinor) {
        if (amountMinor <= 0) {
            throw new IllegalArgumentException("an approved authorization holds a positive amount");
        }
        long width = width(window);
        Entry e = entries.get(key);
        if (e == null || e.width != width) {
            e = new Entry(width);
            entries.put(key, e);
        }
        long slice = sliceOf(window, width, now);
        long[] last = e.slices.isEmpty() ? null : e.slices.get(e.slices.size() - 1);
        if (last != null && last[0] == slice) {
            last[1]++;
            last[2] = Math.addExact(last[2], amountMinor);
        } else {
            e.slices.add(new long[] {slice, 1, amountMinor});
        }
        prune(key, window, now);
    }

    /** Drops what no window counts any longer, for the key's window (other keys keep until written). */
    private void prune(String key, RuleParameters.Window window, Instant now) {
        Entry e = entries.get(key);
        long from = windowStart(window, now);
        e.slices.removeIf(s -> !counts(s, e.width, window, from));
    }

    /** The state as the column keeps it; entries with nothing left in them are not written. */
    String encode() {
        StringBuilder out = new StringBuilder();
        for (Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Entry> e = it.next();
            if (e.getValue().slices.isEmpty()) {
                continue;
            }
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(e.getKey()).append('|').append(e.getValue().width).append('|');
            List<long[]> slices = e.getValue().slices;
            for (int i = 0; i < slices.size(); i++) {
                long[] s = slices.get(i);
                out.append(i == 0 ? "" : ";").append(s[0]).append(',').append(s[1]).append(',').append(s[2]);
            }
        }
        return out.toString();
    }

    /** Seconds per slice of a sliding window; 0 marks a day and -1 a month (a slice is the period). */
    private static long width(RuleParameters.Window w) {
        return switch (w.kind()) {
            case SECONDS -> Math.max(1, (w.seconds() + SLICES - 1) / SLICES);
            case DAY -> 0;
            case MONTH -> -1;
        };
    }

    private static long sliceOf(RuleParameters.Window w, long width, Instant now) {
        return switch (w.kind()) {
            case SECONDS -> Math.floorDiv(now.getEpochSecond(), width) * width;
            case DAY, MONTH -> windowStart(w, now);
        };
    }

    /** A sliding window's first second, or the current period's number. */
    private static long windowStart(RuleParameters.Window w, Instant now) {
        ZonedDateTime z = now.atZone(ZoneOffset.UTC);
        return switch (w.kind()) {
            case SECONDS -> now.getEpochSecond() - w.seconds();
            case DAY -> z.toLocalDate().toEpochDay();
            case MONTH -> z.getYear() * 12L + z.getMonthValue() - 1;
        };
    }

    private static boolean counts(long[] slice, long width, RuleParameters.Window w, long from) {
        return w.kind() == RuleParameters.Window.Kind.SECONDS ? slice[0] + width > from : slice[0] == from;
    }
}
