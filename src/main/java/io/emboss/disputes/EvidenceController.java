package io.emboss.disputes;

import io.emboss.shared.Caller;
import io.emboss.shared.Outcome;
import io.emboss.shared.Page;
import io.emboss.shared.RejectedException;
import io.emboss.web.ApiResponse;
import io.emboss.web.ListPage;
import io.emboss.web.Responses;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * A dispute's evidence files: uploaded as multipart/form-data (part {@code file}), listed, and downloaded only as
 * an attachment of type application/octet-stream, with nosniff and a sandboxing CSP, so no browser ever renders
 * or runs one.
 */
@RestController
class EvidenceController {
    private final EvidenceService evidence;

    EvidenceController(EvidenceService evidence) {
        this.evidence = evidence;
    }

    @PostMapping(path = "/v1/disputes/{id}/files", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<ApiResponse<DisputeFileView>> upload(@AuthenticationPrincipal Caller caller,
            @PathVariable String id, @RequestPart(name = "file", required = false) MultipartFile file)
            throws IOException {
        if (file == null) {
            return Responses.rejected(Outcome.<Void>invalid("file", "is required: a multipart part named file")
                    .rejection());
        }
        // refused before it is read: the part is spooled to disk, never held in memory past the limit
        if (file.getSize() > evidence.maxFileBytes()) {
            return Responses.rejected(evidence.tooLarge().rejection());
        }
        byte[] bytes;
        try (InputStream in = file.getInputStream()) {
            bytes = in.readNBytes((int) evidence.maxFileBytes() + 1);
        }
        Outcome<EvidenceService.Stored> stored = evidence.upload(caller, id,
                new EvidenceService.Upload(file.getOriginalFilename(), bytes));
        return Responses.of(stored, stored.isOk() && stored.value().existing() ? HttpStatus.OK : HttpStatus.CREATED,
                s -> DisputeFileView.of(s.file()));
    }

    @GetMapping("/v1/disputes/{id}/files")
    ResponseEntity<ApiResponse<ListPage<DisputeFileView>>> list(@AuthenticationPrincipal Caller caller,
            @PathVariable String id) {
        return Responses.page(evidence.list(caller, id).map(all -> new Page<>(all, false, null)),
                DisputeFileView::of);
    }

    /** The bytes as an attachment; a refusal (404) is the usual JSON envelope. */
    @GetMapping("/v1/disputes/{id}/files/{fileId}/content")
    ResponseEntity<byte[]> content(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            @PathVariable String fileId) {
        Outcome<EvidenceService.Download> found = evidence.download(caller, id, fileId);
        if (!found.isOk()) {
            throw new RejectedException(found.rejection());
        }
        DisputeFile f = found.value().file();
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(f.fileName())
                        .build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .contentLength(f.size())
                .body(found.value().content());
    }
}
