package io.emboss.shared;

import java.util.Set;

/**
 * Who is calling: a tenant's API key or dashboard user in one environment, the card network acting
 * for the tenant that owns a card, or the platform operator. Every tenant-scoped query filters by
 * {@link #tenantId()} and {@link #environment()}.
 */
public record Caller(Type type, String tenantId, Environment environment, String actorId,
                     Set<String> permissions) {

    public enum Type {
        API_KEY,
        USER,
        /** A card network front (ISO 8583): its captures, reversals and refunds are real in any environment. */
        NETWORK,
        PLATFORM_ADMIN
    }

    /** Reading a card's full number and CVV. */
    public static final String PERMISSION_READ_SENSITIVE = "cards:read_sensitive";
    /**
     * Managing the tenant's credentials: creating, listing and revoking API keys, listing dashboard
     * users, changing their permissions and unlocking their logins, and the webhook and decision
     * endpoints, whose signing secrets are credentials too.
     */
    public static final String PERMISSION_ADMIN = "admin";
    /** The answer to a credential without {@link #PERMISSION_ADMIN} that tries to manage credentials. */
    public static final Rejection NOT_ADMIN = Rejection.of(Rejection.Kind.FORBIDDEN, "forbidden",
            "Managing credentials (API keys, users, webhook and decision endpoints and their secrets) needs the "
                    + PERMISSION_ADMIN + " permission");
    /** Every permission there is: what a new tenant's own API keys hold. */
    public static final Set<String> ALL_PERMISSIONS = Set.of(PERMISSION_ADMIN, PERMISSION_READ_SENSITIVE);

    /** The answer to a live credential asking for a simulation; the services give it themselves. */
    public static final Rejection SANDBOX_ONLY = Rejection.of(Rejection.Kind.FORBIDDEN, "sandbox_only",
            "Simulations answer only sandbox credentials");

    public Caller {
        permissions = permissions == null ? Set.of() : Set.copyOf(permissions);
        if (type != Type.PLATFORM_ADMIN && (tenantId == null || environment == null)) {
            throw new IllegalArgumentException("tenant caller needs a tenant and an environment");
        }
    }

    public static Caller platformAdmin() {
        return new Caller(Type.PLATFORM_ADMIN, null, null, "platform_admin", Set.of());
    }

    /** The card network acting on a card of this tenant and environment; it holds no permission. */
    public static Caller network(String tenantId, Environment environment, String actorId) {
        return new Caller(Type.NETWORK, tenantId, environment, actorId, Set.of());
    }

    public boolean isPlatformAdmin() {
        return type == Type.PLATFORM_ADMIN;
    }

    /** Only what was granted: an API key holds the permissions it was created with, a user those given to it. */
    public boolean has(String permission) {
        return permissions.contains(permission);
    }

    public boolean sandbox() {
        return environment == Environment.SANDBOX;
    }

    /**
     * Whether this caller may run a simulation: money from nowhere (deposits, funding), a decision
     * the real world makes in live mode (KYC, shipping, a top-up's settlement, the cardholder's
     * 3-D Secure code). Only a tenant's own credential in sandbox may.
     */
    public boolean maySimulate() {
        return (type == Type.API_KEY || type == Type.USER) && environment == Environment.SANDBOX;
    }

    /**
     * Whether this caller may ask what a card network asks (captures, reversals, increments, refunds,
     * force-posts): the network itself in any environment, a tenant credential only in sandbox, where
     * the simulator plays the network.
     */
    public boolean mayActAsNetwork() {
        return type == Type.NETWORK || maySimulate();
    }
}
