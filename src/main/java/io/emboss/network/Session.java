package io.emboss.network;

/** What one connection remembers: whether the peer is signed on (0800 with field 70 = 001 / 002). */
final class Session {
    /** Peers that never sign on are served too; a sign-off stops financial messages until the next sign-on. */
    volatile boolean signedOn = true;
}
