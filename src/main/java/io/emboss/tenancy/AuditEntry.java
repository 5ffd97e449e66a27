package io.emboss.tenancy;

import java.time.Instant;

/** One state-changing call: who, what (method and path, never the body), the answer, when. */
public record AuditEntry(String id, String actorType, String actorId, String action, String path, int status,
                         String requestId, Instant createdAt) {
}
