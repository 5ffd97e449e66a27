package io.emboss.shared;

/** Sandbox and live data never mix: every row carries one of these. */
public enum Environment {
    SANDBOX("sandbox"),
    LIVE("live");

    private final String wire;

    Environment(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public boolean livemode() {
        return this == LIVE;
    }

    public static Environment fromWire(String wire) {
        for (Environment e : values()) {
            if (e.wire.equals(wire)) {
                return e;
            }
        }
        throw new IllegalArgumentException("Unknown environment " + wire);
    }
}
