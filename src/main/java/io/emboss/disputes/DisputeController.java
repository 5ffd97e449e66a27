package io.emboss.disputes;

import io.emboss.shared.Caller;
import io.emboss.shared.Currency;
import io.emboss.shared.Outcome;
import io.emboss.web.ApiResponse;
import io.emboss.web.Fields;
import io.emboss.web.ListPage;
import io.emboss.web.Pagination;
import io.emboss.web.Responses;
import java.time.Instant;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Disputes: create, change while unsubmitted, submit, read, list; and the sandbox's network outcome. */
@RestController
class DisputeController {
    private final DisputeService disputes;

    DisputeController(DisputeService disputes) {
        this.disputes = disputes;
    }

    @PostMapping("/v1/disputes")
    ResponseEntity<ApiResponse<DisputeView>> create(@AuthenticationPrincipal Caller caller,
            @RequestBody DisputeInputs.CreateDisputeInput body) {
        Fields f = new Fields();
        String transactionId = f.text("transactionId", body.transactionId(), 1, 64);
        Dispute.Reason reason = f.oneOf("reason", body.reason(), Dispute.Reason.class, true);
        String explanation = DisputeInputs.multiline(f, "explanation", body.explanation(),
                DisputeInputs.MAX_EXPLANATION, true);
        String evidence = DisputeInputs.multiline(f, "evidence", body.evidence(), DisputeInputs.MAX_EVIDENCE, false);
        Currency currency = null;
        if (transactionId != null) {
            Outcome<Currency> known = disputes.currencyOf(caller, transactionId);
            if (!known.isOk() && f.ok()) {
                return Responses.rejected(known.rejection());
            }
            currency = known.isOk() ? known.value() : null;
        }
        // optional: none disputes all that remains disputable
        Long amount = body.amount() == null || body.amount().isNull() ? null
                : f.positiveAmount("amount", body.amount(), currency);
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        return Responses.created(disputes.create(caller, new DisputeService.Draft(transactionId, reason, amount,
                explanation, evidence)), DisputeView::of);
    }

    @GetMapping("/v1/disputes")
    ResponseEntity<ApiResponse<ListPage<DisputeView>>> list(@AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) String status, @RequestParam(required = false) String transactionId,
            @RequestParam(required = false) String cardId, @RequestParam(required = false) String reason,
            @RequestParam(required = false) String createdFrom, @RequestParam(required = false) String createdTo,
            @RequestParam(required = false) String limit, @RequestParam(required = false) String startingAfter) {
        Fields f = new Fields();
        Dispute.Status s = f.oneOf("status", status, Dispute.Status.class, false);
        Dispute.Reason r = f.oneOf("reason", reason, Dispute.Reason.class, false);
        Instant from = f.instant("createdFrom", createdFrom);
        Instant to = f.instant("createdTo", createdTo);
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        DisputeService.Filter filter = new DisputeService.Filter(s, transactionId, cardId, r, from, to);
        return Responses.page(Pagination.parse(limit, startingAfter).flatMap(p -> disputes.list(caller, filter, p)),
                DisputeView::of);
    }

    @GetMapping("/v1/disputes/{id}")
    ResponseEntity<ApiResponse<DisputeView>> get(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return Responses.of(disputes.get(caller, id), DisputeView::of);
    }

    @PatchMapping("/v1/disputes/{id}")
    ResponseEntity<ApiResponse<DisputeView>> update(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            @RequestBody DisputeInputs.UpdateDisputeInput body) {
        Outcome<Dispute> current = disputes.get(caller, id);
        if (!current.isOk()) {
            return Responses.rejected(current.rejection());
        }
        Fields f = new Fields();
        Dispute.Reason reason = f.oneOf("reason", body.reason(), Dispute.Reason.class, false);
        Long amount = f.amount("amount", body.amount(), current.value().currency(), false);
        if (amount != null && amount == 0) {
            f.problem("amount", "must be greater than zero");
        }
        String explanation = DisputeInputs.multiline(f, "explanation", body.explanation(),
                DisputeInputs.MAX_EXPLANATION, false);
        String evidence = DisputeInputs.multiline(f, "evidence", body.evidence(), DisputeInputs.MAX_EVIDENCE, false);
        if (f.ok() && reason == null && amount == null && explanation == null && evidence == null) {
            f.problem("body", "a change names at least one of reason, amount, explanation, evidence");
        }
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        return Responses.of(disputes.update(caller, id, new DisputeService.Changes(reason, amount, explanation,
                evidence)), DisputeView::of);
    }

    @PostMapping("/v1/disputes/{id}/submit")
    ResponseEntity<ApiResponse<DisputeView>> submit(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return Responses.of(disputes.submit(caller, id), DisputeView::of);
    }

    @PostMapping("/v1/simulate/disputes/{id}/resolve")
    ResponseEntity<ApiResponse<DisputeView>> resolve(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            @RequestBody DisputeInputs.ResolveDisputeInput body) {
        Fields f = new Fields();
        Dispute.Outcome outcome = f.oneOf("outcome", body.outcome(), Dispute.Outcome.class, true);
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        return Responses.of(disputes.simulateResolution(caller, id, outcome), DisputeView::of);
    }
}
