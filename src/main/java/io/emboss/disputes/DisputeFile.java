package io.emboss.disputes;

import java.time.Instant;

/** An evidence file's description (never its bytes, which are read only to download them). */
public record DisputeFile(String id, String disputeId, String fileName, String contentType, long size, String sha256,
                          Instant createdAt) {
}
