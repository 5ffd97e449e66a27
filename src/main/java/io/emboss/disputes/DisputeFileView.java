package io.emboss.disputes;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** An evidence file as listed: its bytes are read only through its content endpoint, as an attachment. */
record DisputeFileView(String id, String disputeId, @Schema(description = "The uploaded name, sanitised") String fileName,
                       @Schema(allowableValues = {"application/pdf", "image/png", "image/jpeg", "text/plain"},
                               description = "Detected from the file's bytes, not from what the client claimed")
                       String contentType,
                       @Schema(description = "Bytes") long size, @Schema(description = "SHA-256 of the bytes, hex")
                       String sha256, Instant createdAt) {

    static DisputeFileView of(DisputeFile f) {
        return new DisputeFileView(f.id(), f.disputeId(), f.fileName(), f.contentType(), f.size(), f.sha256(),
                f.createdAt());
    }
}
