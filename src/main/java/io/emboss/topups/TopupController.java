package io.emboss.topups;

import io.emboss.cards.Card;
import io.emboss.cards.CardService;
import io.emboss.shared.Caller;
import io.emboss.shared.Outcome;
import io.emboss.web.ApiResponse;
import io.emboss.web.Fields;
import io.emboss.web.KeyedAnswers;
import io.emboss.web.ListPage;
import io.emboss.web.Pagination;
import io.emboss.web.Responses;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Top-ups, their sandbox settlement, and withdrawals. */
@RestController
class TopupController {
    record CreateTopup(JsonNode amount, String currency, String source) {
    }

    record Settle(String result) {
    }

    record CreateWithdrawal(JsonNode amount) {
    }

    private final TopupService topups;
    private final CardService cards;

    TopupController(TopupService topups, CardService cards) {
        this.topups = topups;
        this.cards = cards;
    }

    @PostMapping("/v1/cards/{id}/topups")
    ResponseEntity<ApiResponse<TopupView>> create(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            @RequestBody CreateTopup body) {
        Outcome<Card> card = cards.get(caller, id);
        if (!card.isOk()) {
            return Responses.rejected(card.rejection());
        }
        Fields f = new Fields();
        TopupService.TopupRequest request = TopupInput.read(f, card.value(), body.amount(), body.currency(),
                body.source());
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        return KeyedAnswers.<Outcome<Topup>, ApiResponse<TopupView>>respond(o -> Responses.created(o, TopupView::of),
                () -> Responses.created(topups.topup(caller, request), TopupView::of));
    }

    @GetMapping("/v1/cards/{id}/topups")
    ResponseEntity<ApiResponse<ListPage<TopupView>>> listForCard(@AuthenticationPrincipal Caller caller,
            @PathVariable String id,
            @RequestParam(required = false) String limit, @RequestParam(required = false) String startingAfter) {
        return Responses.page(Pagination.parse(limit, startingAfter).flatMap(p -> topups.listForCard(caller, id, p)),
                TopupView::of);
    }

    @GetMapping("/v1/topups/{id}")
    ResponseEntity<ApiResponse<TopupView>> get(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return Responses.of(topups.get(caller, id), TopupView::of);
    }

    @PostMapping("/v1/simulate/topups/{id}")
    ResponseEntity<ApiResponse<TopupView>> settle(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            @RequestBody Settle body) {
        if (!"succeeded".equals(body.result()) && !"failed".equals(body.result())) {
            return Responses.rejected(Outcome.<Void>invalid("result", "must be succeeded or failed").rejection());
        }
        return Responses.of(topups.simulateSettlement(caller, id, "succeeded".equals(body.result())), TopupView::of);
    }

    @PostMapping("/v1/cards/{id}/withdrawals")
    ResponseEntity<ApiResponse<WithdrawalView>> withdraw(@AuthenticationPrincipal Caller caller,
            @PathVariable String id,
            @RequestBody CreateWithdrawal body) {
        Outcome<Card> card = cards.get(caller, id);
        if (!card.isOk()) {
            return Responses.rejected(card.rejection());
        }
        Fields f = new Fields();
        Long amount = f.positiveAmount("amount", body.amount(), card.value().currency());
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        return Responses.created(topups.withdraw(caller, id, amount), WithdrawalView::of);
    }
}
