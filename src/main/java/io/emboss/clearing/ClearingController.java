package io.emboss.clearing;

import io.emboss.shared.Caller;
import io.emboss.shared.Outcome;
import io.emboss.web.ApiResponse;
import io.emboss.web.Fields;
import io.emboss.web.ListPage;
import io.emboss.web.Pagination;
import io.emboss.web.Responses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Clearing files: the operator ingests a network's (CSV as the body or a multipart part, or JSON
 * records) and reads every file; a sandbox tenant simulates one from its pending authorizations and
 * reads its own. A new file answers 202 (its records are applied in the background; poll its
 * progress); the same bytes sent again answer 200 with the file they made the first time.
 */
@RestController
class ClearingController {
    private final ClearingService clearing;
    private final ClearingSimulator simulator;
    private final Clock clock;

    ClearingController(ClearingService clearing, ClearingSimulator simulator, Clock clock) {
        this.clearing = clearing;
        this.simulator = simulator;
        this.clock = clock;
    }

    /** A multipart upload: the file, and optionally its settlement day. */
    record ClearingUpload(@Schema(type = "string", format = "binary", requiredMode = Schema.RequiredMode.REQUIRED)
                          String file, @Schema(example = "2026-12-01") String settlementDate) {
    }

    /** A clearing file as JSON: its records, with the CSV's column names as fields. */
    record ClearingFileInput(String fileName, @Schema(example = "2026-12-01") String settlementDate,
                             @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<ClearingRecordInput> records) {
    }

    /** One record as JSON; amounts are decimal strings (or numbers), as in the CSV. */
    record ClearingRecordInput(String recordId, String network, String recordType, String cardId,
                               String networkReference, String authCode, JsonNode transactionAmount,
                               String transactionCurrency, JsonNode settlementAmount, String settlementCurrency,
                               JsonNode interchangeFee, String merchantName, String mcc, String merchantCountry,
                               String transactionDate) {
        String csv() {
            List<String> v = List.of(text(recordId), text(network), text(recordType), text(cardId),
                    text(networkReference), text(authCode), number(transactionAmount), text(transactionCurrency),
                    number(settlementAmount), text(settlementCurrency), number(interchangeFee), text(merchantName),
                    text(mcc), text(merchantCountry), text(transactionDate));
            return String.join(",", v.stream().map(ClearingCsv::quote).toList());
        }

        private static String text(String s) {
            return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
        }

        private static String number(JsonNode n) {
            if (n == null || n.isNull()) {
                return "";
            }
            if (n.isNumber()) {
                String plain = Fields.plainNumber(n); // null for an absurd number such as 1e999999999
                return plain == null ? "not a number" : plain;
            }
            return n.isString() ? text(n.asString()) : "not a number";
        }
    }

    @Operation(summary = "Ingest a network's clearing file (operator)", description = "The body is the CSV itself "
            + "(text/csv), a multipart/form-data upload with a `file` part, or JSON records. See docs/clearing.md.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
                @Content(mediaType = "text/csv", schema = @Schema(type = "string")),
                @Content(mediaType = "multipart/form-data", schema = @Schema(implementation = ClearingUpload.class))}))
    @PostMapping(path = "/v1/platform/clearing-files", consumes = {"text/csv", "multipart/form-data"})
    ResponseEntity<ApiResponse<ClearingFileView>> upload(@AuthenticationPrincipal Caller caller,
            HttpServletRequest request, @RequestParam(required = false) String settlementDate,
            @RequestParam(required = false) String fileName) throws IOException, jakarta.servlet.ServletException {
        Fields f = new Fields();
        LocalDate day = f.date("settlementDate", settlementDate, today());
        String name = fileName == null ? null : f.text("fileName", fileName, 1, 200);
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        if (MediaType.MULTIPART_FORM_DATA.isCompatibleWith(MediaType.parseMediaType(request.getContentType()))) {
            Part part = request.getPart("file");
            if (part == null) {
                return Responses.rejected(Outcome.invalid("file", "is required: the clearing file as a part named "
                        + "file").rejection());
            }
            try (InputStream in = part.getInputStream()) {
                return answer(clearing.upload(caller, name != null ? name : safeName(part.getSubmittedFileName()), day,
                        in));
            }
        }
        try (InputStream in = request.getInputStream()) {
            return answer(clearing.upload(caller, name, day, in));
        }
    }

    @Operation(summary = "Ingest a network's clearing file given as JSON records (operator)")
    @PostMapping(path = "/v1/platform/clearing-files", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ApiResponse<ClearingFileView>> uploadJson(@AuthenticationPrincipal Caller caller,
            @RequestBody ClearingFileInput body) throws IOException {
        Fields f = new Fields();
        LocalDate day = f.date("settlementDate", body.settlementDate(), today());
        String name = body.fileName() == null ? null : f.text("fileName", body.fileName(), 1, 200);
        if (body.records() == null) {
            f.problem("records", "is required: the file's records");
        }
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        StringBuilder csv = new StringBuilder(String.join(",", ClearingCsv.COLUMNS)).append('\n');
        for (ClearingRecordInput r : body.records()) {
            if (r == null) {
                return Responses.rejected(Outcome.invalid("records", "must hold record objects").rejection());
            }
            csv.append(r.csv()).append('\n');
        }
        return answer(clearing.upload(caller, name, day,
                new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8))));
    }

    @GetMapping("/v1/platform/clearing-files")
    ResponseEntity<ApiResponse<ListPage<ClearingFileView>>> platformFiles(@AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) String limit, @RequestParam(required = false) String startingAfter) {
        return files(caller, limit, startingAfter);
    }

    @GetMapping("/v1/platform/clearing-files/{id}")
    ResponseEntity<ApiResponse<ClearingFileView>> platformFile(@AuthenticationPrincipal Caller caller,
            @PathVariable String id) {
        return Responses.of(clearing.file(caller, id), ClearingFileView::of);
    }

    @GetMapping("/v1/platform/clearing-files/{id}/records")
    ResponseEntity<ApiResponse<ListPage<ClearingRecordView>>> platformRecords(@AuthenticationPrincipal Caller caller,
            @PathVariable String id, @RequestParam(required = false) String outcome,
            @RequestParam(required = false) String limit, @RequestParam(required = false) String startingAfter) {
        return records(caller, id, outcome, limit, startingAfter);
    }

    @GetMapping("/v1/clearing-files")
    ResponseEntity<ApiResponse<ListPage<ClearingFileView>>> files(@AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) String limit, @RequestParam(required = false) String startingAfter) {
        return Responses.page(Pagination.parse(limit, startingAfter).flatMap(p -> clearing.files(caller, p)),
                ClearingFileView::of);
    }

    @GetMapping("/v1/clearing-files/{id}")
    ResponseEntity<ApiResponse<ClearingFileView>> file(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return Responses.of(clearing.file(caller, id), ClearingFileView::of);
    }

    /** {@code outcome} filters by what the records did; the cursor is the last line number seen. */
    @GetMapping("/v1/clearing-files/{id}/records")
    ResponseEntity<ApiResponse<ListPage<ClearingRecordView>>> records(@AuthenticationPrincipal Caller caller,
            @PathVariable String id, @RequestParam(required = false) String outcome,
            @RequestParam(required = false) String limit, @RequestParam(required = false) String startingAfter) {
        ClearingFile.RecordOutcome wanted = null;
        if (outcome != null) {
            Fields f = new Fields();
            wanted = f.oneOf("outcome", outcome, ClearingFile.RecordOutcome.class, false);
            if (!f.ok()) {
                return Responses.rejected(f.rejection());
            }
        }
        ClearingFile.RecordOutcome filter = wanted;
        return Responses.page(Pagination.parse(limit, startingAfter).flatMap(p -> clearing.records(caller, id, filter,
                p)), ClearingRecordView::of);
    }

    /** Which pending authorizations to present (all by default) and for how much. */
    record SimulateClearingInput(List<SimulatedPresentment> authorizations, String settlementDate,
                                 @Schema(description = "Interchange as a percent of each amount; default 1.5")
                                 JsonNode interchangePercent) {
    }

    /** A pending authorization to present; {@code amount} (card currency) defaults to what it holds. */
    record SimulatedPresentment(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String authorizationId,
                                JsonNode amount) {
    }

    @Operation(summary = "Simulate the network's clearing file for pending authorizations (sandbox)")
    @PostMapping("/v1/simulate/clearing")
    ResponseEntity<ApiResponse<ClearingFileView>> simulate(@AuthenticationPrincipal Caller caller,
            @RequestBody(required = false) SimulateClearingInput body) throws IOException {
        SimulateClearingInput in = body == null ? new SimulateClearingInput(null, null, null) : body;
        Fields f = new Fields();
        LocalDate day = f.date("settlementDate", in.settlementDate(), today());
        String percent = in.interchangePercent() == null ? "1.5" : f.percent("interchangePercent",
                in.interchangePercent(), false);
        List<ClearingSimulator.Item> items = new ArrayList<>();
        List<SimulatedPresentment> asked = in.authorizations() == null ? List.of() : in.authorizations();
        if (asked.size() > ClearingSimulator.MAX_AUTHORIZATIONS) {
            f.problem("authorizations", "holds at most " + ClearingSimulator.MAX_AUTHORIZATIONS + " items");
        }
        for (int i = 0; i < asked.size() && f.ok(); i++) {
            SimulatedPresentment p = asked.get(i);
            String field = "authorizations[" + i + "]";
            if (p == null || p.authorizationId() == null || p.authorizationId().isBlank()) {
                f.problem(field + ".authorizationId", "is required");
                break;
            }
            String amount = null;
            if (p.amount() != null && !p.amount().isNull()) {
                amount = p.amount().isNumber() ? Fields.plainNumber(p.amount())
                        : p.amount().isString() ? p.amount().asString() : null;
                if (amount == null) {
                    f.problem(field + ".amount", "must be a decimal string such as \"12.50\"");
                    break;
                }
            }
            items.add(new ClearingSimulator.Item(field, p.authorizationId(), amount));
        }
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        return answer(simulator.simulate(caller, items, day, new BigDecimal(percent)));
    }

    private static ResponseEntity<ApiResponse<ClearingFileView>> answer(Outcome<ClearingService.Ingested> outcome) {
        if (!outcome.isOk()) {
            return Responses.rejected(outcome.rejection());
        }
        return Responses.of(outcome, outcome.value().duplicate() ? HttpStatus.OK : HttpStatus.ACCEPTED,
                i -> ClearingFileView.of(i.file()));
    }

    private LocalDate today() {
        return clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
    }

    /** A submitted file name without its path and anything but plain characters, at most 200. */
    private static String safeName(String submitted) {
        if (submitted == null || submitted.isBlank()) {
            return null;
        }
        String base = submitted.substring(Math.max(submitted.lastIndexOf('/'), submitted.lastIndexOf('\\')) + 1);
        String clean = base.replaceAll("[^A-Za-z0-9._ -]", "_");
        return clean.isBlank() ? null : clean.substring(0, Math.min(200, clean.length()));
    }
}
