package io.emboss.ledger;

import io.emboss.web.ApiResponse;
import io.emboss.web.Responses;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The platform operator's view of the ledger (admin token). */
@RestController
class LedgerController {
    private final LedgerService ledger;

    LedgerController(LedgerService ledger) {
        this.ledger = ledger;
    }

    @GetMapping("/v1/platform/ledger/verification")
    ResponseEntity<ApiResponse> verification() {
        return Responses.ok(ledger.verify());
    }
}
