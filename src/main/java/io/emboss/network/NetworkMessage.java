package io.emboss.network;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * An ISO 8583 message as the wire carries it: the message type indicator and the text of each
 * present field (fixed fields at their full width, variable ones without their length prefix).
 */
record NetworkMessage(String mti, Map<Integer, String> fields) {

    NetworkMessage {
        fields = Collections.unmodifiableMap(new TreeMap<>(fields));
    }

    static NetworkMessage of(String mti) {
        return new NetworkMessage(mti, Map.of());
    }

    String get(int field) {
        return fields.get(field);
    }

    boolean has(int field) {
        return fields.containsKey(field);
    }

    NetworkMessage with(int field, String value) {
        if (value == null) {
            return this;
        }
        Map<Integer, String> copy = new TreeMap<>(fields);
        copy.put(field, value);
        return new NetworkMessage(mti, copy);
    }

    /** The request's fields a response repeats, so the peer can match it (STAN, RRN, terminal…). */
    NetworkMessage echo(String responseMti, int... echoed) {
        Map<Integer, String> copy = new TreeMap<>();
        for (int f : echoed) {
            if (fields.containsKey(f)) {
                copy.put(f, fields.get(f));
            }
        }
        return new NetworkMessage(responseMti, copy);
    }

    /** This message with {@code from}'s fields among {@code echoed} added. */
    NetworkMessage echoing(NetworkMessage from, int... echoed) {
        if (from == null) {
            return this;
        }
        Map<Integer, String> copy = new TreeMap<>(fields);
        copy.putAll(from.echo(mti, echoed).fields());
        return new NetworkMessage(mti, copy);
    }

    @Override
    public String toString() {
        // field 2 is a PAN, 35 and 45 are tracks, 52 a PIN block, 48 may carry a CVV2: print numbers only
        return "NetworkMessage[" + mti + " fields=" + fields.keySet() + "]";
    }
}
