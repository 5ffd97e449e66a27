package io.emboss.shared;

import java.util.Set;

/**
 * Who is calling: a tenant's API key or dashboard user in one environment, or the platform
 * operator. Every tenant-scoped query filters by {@link #tenantId()} and {@link #environment()}.
 */
public record Caller(Type type, String tenantId, Environment environment, String actorId,
                     Set<String> permissions) {

    public enum Type {
        API_KEY,
        USER,
        PLATFORM_ADMIN
    }

    public static final String PERMISSION_READ_SENSITIVE = "cards:read_sensitive";

    public Caller {
        permissions = permissions == null ? Set.of() : Set.copyOf(permissions);
        if (type != Type.PLATFORM_ADMIN && (tenantId == null || environment == null)) {
            throw new IllegalArgumentException("tenant caller needs a tenant and an environment");
        }
    }

    public static Caller platformAdmin() {
        return new Caller(Type.PLATFORM_ADMIN, null, null, "platform_admin", Set.of());
    }

    public boolean isPlatformAdmin() {
        return type == Type.PLATFORM_ADMIN;
    }

    public boolean has(String permission) {
        return type == Type.API_KEY || permissions.contains(permission);
    }

    public boolean sandbox() {
        return environment == Environment.SANDBOX;
    }
}
