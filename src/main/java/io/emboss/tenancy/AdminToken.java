package io.emboss.tenancy;

import io.emboss.shared.Secrets;

/** The platform operator's token, held only as a hash in memory. */
class AdminToken {
    private final String hash;

    AdminToken(String token) {
        this.hash = Secrets.sha256Hex(token);
    }

    boolean matches(String presented) {
        return Secrets.constantTimeEquals(hash, Secrets.sha256Hex(presented));
    }
}
