package io.emboss.authorization;

import io.emboss.cards.Card;
import io.emboss.cards.CardService;
import io.emboss.shared.Caller;
import io.emboss.shared.Currency;
import io.emboss.shared.Outcome;
import io.emboss.web.ApiResponse;
import io.emboss.web.Fields;
import io.emboss.web.KeyedAnswers;
import io.emboss.web.ListPage;
import io.emboss.web.Pagination;
import io.emboss.web.Responses;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
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
 * The sandbox simulator (a thin front over the engine and the transaction lifecycle), the
 * transaction list and the card's signed movements.
 */
@RestController
class AuthorizationController {

    record AmountInput(JsonNode amount) {
    }

    /**
     * A capture: {@code finalCapture} (default true) closes the authorization and releases what the
     * capture leaves held; false keeps the rest held for more captures (Stripe's final_capture).
     */
    record CaptureInput(JsonNode amount, Boolean finalCapture) {
    }

    record SimulateRefund(String cardId, JsonNode amount, MerchantInput merchant, String authorizationId) {
    }

    record SimulateForcePost(String cardId, JsonNode amount, MerchantInput merchant, String networkReference) {
    }

    private final AuthorizationEngine engine;
    private final TransactionService transactions;
    private final CardService cards;
    private final OtpService otps;

    record VerifyCode(String code) {
    }

    AuthorizationController(AuthorizationEngine engine, TransactionService transactions, CardService cards,
            OtpService otps) {
        this.otps = otps;
        this.engine = engine;
        this.transactions = transactions;
        this.cards = cards;
    }

    @PostMapping("/v1/simulate/authorizations")
    ResponseEntity<ApiResponse<AuthorizationDecisionView>> authorize(@AuthenticationPrincipal Caller caller,
            @RequestBody SimulateAuthorization body) {
        Outcome<AuthorizationRequest> checked = body.request();
        if (!checked.isOk()) {
            return Responses.rejected(checked.rejection());
        }
        AuthorizationRequest request = checked.value();
        Currency currency = Currency.valueOf(request.merchantCurrency());
        return KeyedAnswers.<Decision, ApiResponse<AuthorizationDecisionView>>respond(
                d -> Responses.created(Outcome.ok(d), x -> AuthorizationDecisionView.of(x, currency)),
                () -> Responses.created(engine.simulate(caller, request),
                        d -> AuthorizationDecisionView.of(d, currency)));
    }

    /** Seed 002's OTP codes: the active 3-D Secure codes of a card. */
    @GetMapping("/v1/cards/{id}/otps")
    ResponseEntity<ApiResponse<ListPage<OtpView>>> otps(@AuthenticationPrincipal Caller caller,
            @PathVariable String id) {
        return Responses.of(otps.active(caller, id), list -> ListPage.all(list, OtpView::of));
    }

    @PostMapping("/v1/simulate/3ds/{otpId}/verify")
    ResponseEntity<ApiResponse<AuthorizationDecisionView.OtpVerificationView>> verifyCode(
            @AuthenticationPrincipal Caller caller, @PathVariable String otpId, @RequestBody VerifyCode body) {
        Fields f = new Fields();
        String code = f.matches("code", body.code(), Pattern.compile("\\d{6}"), "must be 6 digits", true);
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        return Responses.of(otps.verify(caller, otpId, code), AuthorizationDecisionView.OtpVerificationView::of);
    }

    @GetMapping("/v1/authorizations/{id}")
    ResponseEntity<ApiResponse<TransactionView>> getAuthorization(@AuthenticationPrincipal Caller caller,
            @PathVariable String id) {
        return Responses.of(transactions.byAuthorization(caller, id), this::view);
    }

    @PostMapping("/v1/simulate/authorizations/{id}/capture")
    ResponseEntity<ApiResponse<TransactionView>> capture(@AuthenticationPrincipal Caller caller,
            @PathVariable String id,
            @RequestBody(required = false) CaptureInput body) {
        boolean finalCapture = body == null || !Boolean.FALSE.equals(body.finalCapture());
        return withAmount(caller, id, body == null ? null : body.amount(), false,
                amount -> transactions.capture(caller, id, amount, finalCapture));
    }

    @PostMapping("/v1/simulate/authorizations/{id}/reverse")
    ResponseEntity<ApiResponse<TransactionView>> reverse(@AuthenticationPrincipal Caller caller,
            @PathVariable String id,
            @RequestBody(required = false) AmountInput body) {
        return withAmount(caller, id, body == null ? null : body.amount(), false,
                amount -> transactions.reverse(caller, id, amount));
    }

    @PostMapping("/v1/simulate/authorizations/{id}/increment")
    ResponseEntity<ApiResponse<TransactionView>> increment(@AuthenticationPrincipal Caller caller,
            @PathVariable String id,
            @RequestBody AmountInput body) {
        return withAmount(caller, id, body == null ? null : body.amount(), true,
                amount -> transactions.increment(caller, id, amount));
    }

    @PostMapping("/v1/simulate/authorizations/{id}/expire")
    ResponseEntity<ApiResponse<TransactionView>> expire(@AuthenticationPrincipal Caller caller,
            @PathVariable String id) {
        return Responses.of(transactions.expireNow(caller, id), this::view);
    }

    @PostMapping("/v1/simulate/refunds")
    ResponseEntity<ApiResponse<TransactionView>> refund(@AuthenticationPrincipal Caller caller,
            @RequestBody SimulateRefund body) {
        Fields f = new Fields();
        CardAmount target = cardAmount(caller, f, body.cardId(), body.amount());
        if (target.missingCard() != null) {
            return Responses.rejected(target.missingCard());
        }
        String cardId = target.cardId();
        Long amount = target.amountMinor();
        AuthorizationRequest.Merchant merchant = body.merchant() == null ? null : MerchantInput.parse(f, body.merchant(), false);
        String authorizationId = f.optionalText("authorizationId", body.authorizationId(), 64);
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        return Responses.created(transactions.refund(caller, cardId, amount, merchant, authorizationId), this::view);
    }

    @PostMapping("/v1/simulate/force-posts")
    ResponseEntity<ApiResponse<TransactionView>> forcePost(@AuthenticationPrincipal Caller caller,
            @RequestBody SimulateForcePost body) {
        Fields f = new Fields();
        CardAmount target = cardAmount(caller, f, body.cardId(), body.amount());
        if (target.missingCard() != null) {
            return Responses.rejected(target.missingCard());
        }
        String cardId = target.cardId();
        Long amount = target.amountMinor();
        AuthorizationRequest.Merchant merchant = MerchantInput.parse(f, body.merchant(), true);
        String reference = f.optionalText("networkReference", body.networkReference(), 64);
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        return Responses.created(transactions.forcePost(caller, cardId, amount, merchant, reference), this::view);
    }

    /** A card of the caller's named by a request and an amount in that card's currency; a missing card is the answer. */
    private record CardAmount(String cardId, Long amountMinor, io.emboss.shared.Rejection missingCard) {
    }

    private CardAmount cardAmount(Caller caller, Fields f, String rawCardId, tools.jackson.databind.JsonNode rawAmount) {
        String cardId = f.text("cardId", rawCardId, 1, 64);
        Outcome<Card> card = cardId == null ? null : cards.get(caller, cardId);
        if (card != null && !card.isOk()) {
            return new CardAmount(cardId, null, card.rejection());
        }
        return new CardAmount(cardId, f.positiveAmount("amount", rawAmount, card == null ? null : card.value().currency()),
                null);
    }

    @GetMapping("/v1/transactions")
    ResponseEntity<ApiResponse<ListPage<TransactionView>>> list(@AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) String cardId, @RequestParam(required = false) String customerId,
            @RequestParam(required = false) String type, @RequestParam(required = false) String status,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String search, @RequestParam(required = false) String limit,
            @RequestParam(required = false) String startingAfter) {
        Fields f = new Fields();
        if (type != null && !List.of("authorization", "refund", "topup", "withdrawal", "fee", "force_post")
                .contains(type)) {
            f.problem("type", "must be authorization, refund, topup, withdrawal, fee or force_post");
        }
        if (status != null && !List.of("pending", "completed", "declined", "reversed", "expired").contains(status)) {
            f.problem("status", "must be pending, completed, declined, reversed or expired");
        }
        Instant fromInstant = f.instant("from", from);
        Instant toInstant = f.instant("to", to);
        String searchText = search == null ? null : f.text("search", search, 1, 100);
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        TransactionRepository.Filter filter = new TransactionRepository.Filter(cardId, customerId, type, status,
                fromInstant, toInstant, searchText);
        return Responses.page(Pagination.parse(limit, startingAfter).flatMap(p -> transactions.list(caller, filter, p)),
                t -> TransactionView.of(t, null));
    }

    @GetMapping("/v1/transactions/{id}")
    ResponseEntity<ApiResponse<TransactionView>> get(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return Responses.of(transactions.get(caller, id), this::view);
    }

    /** Seed 004's movements: signed amounts (debits negative), newest first. */
    @GetMapping("/v1/cards/{id}/movements")
    ResponseEntity<ApiResponse<ListPage<MovementView>>> movements(@AuthenticationPrincipal Caller caller,
            @PathVariable String id,
            @RequestParam(required = false) String limit, @RequestParam(required = false) String startingAfter) {
        return Responses.page(Pagination.parse(limit, startingAfter)
                .flatMap(p -> transactions.movements(caller, id, p)), MovementView::of);
    }

    private TransactionView view(CardTransaction t) {
        return TransactionView.of(t, transactions.captures(t));
    }

    private ResponseEntity<ApiResponse<TransactionView>> withAmount(Caller caller, String id, JsonNode rawAmount,
            boolean required, java.util.function.Function<Long, Outcome<CardTransaction>> action) {
        Outcome<CardTransaction> t = transactions.byAuthorization(caller, id);
        if (!t.isOk()) {
            return Responses.rejected(t.rejection());
        }
        Fields f = new Fields();
        Long amount = f.amount("amount", rawAmount, t.value().currency(), required);
        if (amount != null && amount == 0) {
            f.problem("amount", "must be greater than zero");
        }
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        return Responses.of(action.apply(amount), this::view);
    }

}
