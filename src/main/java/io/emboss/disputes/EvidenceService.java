package io.emboss.disputes;

import io.emboss.shared.Caller;
import io.emboss.shared.Ids;
import io.emboss.shared.Outcome;
import io.emboss.shared.Rejection;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A dispute's evidence files: uploaded while the dispute is unsubmitted, within the limits (bytes per file, files
 * per dispute), of a type detected from the bytes; listed; downloaded one at a time. The bytes are never logged
 * nor put in an event.
 */
@Service
public class EvidenceService {
    static final String UNSUPPORTED = "unsupported_file_type";
    static final String TOO_MANY = "too_many_files";

    /** A file to store: the name the client gave (any, sanitised here) and its bytes. */
    public record Upload(String fileName, byte[] content) {
    }

    /** A stored file, and whether these bytes were stored with the dispute before (a retried upload). */
    public record Stored(DisputeFile file, boolean existing) {
    }

    /** A file with its bytes, to download. */
    public record Download(DisputeFile file, byte[] content) {
    }

    private final DisputeRepository disputes;
    private final DisputeFileRepository files;
    private final DisputeSettings settings;
    private final Clock clock;

    EvidenceService(DisputeRepository disputes, DisputeFileRepository files, DisputeSettings settings, Clock clock) {
        this.disputes = disputes;
        this.files = files;
        this.settings = settings;
        this.clock = clock;
    }

    /** The largest file accepted, in bytes: the controller refuses bigger parts before reading them. */
    public long maxFileBytes() {
        return settings.getMaxFileBytes();
    }

    public <T> Outcome<T> tooLarge() {
        return Outcome.rejected(new Rejection(Rejection.Kind.PAYLOAD_TOO_LARGE, "payload_too_large",
                "An evidence file holds at most " + settings.getMaxFileBytes() + " bytes",
                java.util.Map.of("file", "is larger than " + settings.getMaxFileBytes() + " bytes")));
    }

    @Transactional
    public Outcome<Stored> upload(Caller caller, String disputeId, Upload upload) {
        // the dispute's lock makes racing uploads count the files one after the other
        Optional<Dispute> locked = disputes.lock(caller.tenantId(), DisputeService.env(caller), disputeId);
        if (locked.isEmpty()) {
            return Outcome.notFound("dispute " + disputeId);
        }
        if (locked.get().status() != Dispute.Status.UNSUBMITTED) {
            return Outcome.rejected(Rejection.Kind.CONFLICT, "invalid_state", "The dispute is "
                    + locked.get().status().wire() + "; files are added only while it is unsubmitted");
        }
        byte[] bytes = upload.content();
        if (bytes.length > settings.getMaxFileBytes()) {
            return tooLarge();
        }
        if (bytes.length == 0) {
            return Outcome.invalid("file", "is empty");
        }
        String sha256 = io.emboss.shared.Secrets.sha256Hex(bytes);
        // the same bytes again (a retry whose answer was lost): the file stored the first time, not a copy
        Optional<DisputeFile> before = files.all(disputeId).stream().filter(f -> f.sha256().equals(sha256)).findFirst();
        if (before.isPresent()) {
            return Outcome.ok(new Stored(before.get(), true));
        }
        if (files.count(disputeId) >= settings.getMaxFiles()) {
            return Outcome.rejected(Rejection.Kind.CONFLICT, TOO_MANY, "A dispute holds at most "
                    + settings.getMaxFiles() + " evidence files");
        }
        Optional<EvidenceTypes.Type> type = EvidenceTypes.detect(bytes);
        if (type.isEmpty()) {
            return Outcome.rejected(new Rejection(Rejection.Kind.INVALID, UNSUPPORTED, "file is not a PDF, PNG, "
                    + "JPEG or plain UTF-8 text file (decided from its content)", java.util.Map.of("file",
                    "must be a PDF, PNG, JPEG or plain UTF-8 text file")));
        }
        DisputeFile f = new DisputeFile(Ids.next("dpf"), disputeId, EvidenceTypes.safeName(upload.fileName(),
                type.get()), type.get().mediaType, bytes.length, sha256,
                clock.instant().truncatedTo(ChronoUnit.MICROS));
        files.insert(f, bytes);
        return Outcome.ok(new Stored(f, false));
    }

    @Transactional(readOnly = true)
    public Outcome<List<DisputeFile>> list(Caller caller, String disputeId) {
        if (disputes.find(caller.tenantId(), DisputeService.env(caller), disputeId).isEmpty()) {
            return Outcome.notFound("dispute " + disputeId);
        }
        return Outcome.ok(files.all(disputeId));
    }

    @Transactional(readOnly = true)
    public Outcome<Download> download(Caller caller, String disputeId, String fileId) {
        if (disputes.find(caller.tenantId(), DisputeService.env(caller), disputeId).isEmpty()) {
            return Outcome.notFound("dispute " + disputeId);
        }
        Optional<DisputeFile> f = files.find(disputeId, fileId);
        Optional<byte[]> content = files.content(disputeId, fileId);
        if (f.isEmpty() || content.isEmpty()) {
            return Outcome.notFound("file " + fileId);
        }
        return Outcome.ok(new Download(f.get(), content.get()));
    }
}
