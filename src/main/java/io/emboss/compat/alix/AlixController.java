package io.emboss.compat.alix;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.emboss.compat.DialectBody;
import io.emboss.compat.DialectErrors;
import io.emboss.compat.Refused;
import io.emboss.compat.alix.AlixWire.AlixTokens;
import io.emboss.compat.alix.AlixWire.AlixTokensReply;
import io.emboss.compat.alix.AlixWire.AlixTopupReply;
import io.emboss.shared.Caller;
import io.emboss.shared.Currency;
import io.emboss.shared.Environment;
import io.emboss.shared.Outcome;
import io.emboss.tenancy.AuthService;
import io.emboss.tenancy.LoginRequests;
import io.emboss.topups.Topup;
import io.emboss.topups.TopupService;
import io.emboss.web.Fields;
import io.emboss.web.IdempotencyFilter;
import io.emboss.web.Responses;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * Seeds 000/001 (Alix Card API) over the native services: the token pair is a native login (the
 * partner's code and signature are a dashboard user's email and password), refreshing is the native
 * rotation, and a top-up is a native top-up paid from the card holder's USDT wallet, converted into
 * the card's currency, settling as the card's product says (asynchronously for Alix-style products).
 */
@RestController
class AlixController {
    /**
     * The partner login. The signature is the user's password: never printed (the framework logs
     * request bodies by their toString at DEBUG). Fields stay JSON nodes so a number counts as
     * missing, as before; fields the seed may send besides these are ignored.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record AccessTokenRequest(JsonNode partnerCode, JsonNode signature, JsonNode environment) {
        @Override
        public String toString() {
            return "AccessTokenRequest[partnerCode=" + partnerCode + ", signature=***, environment=" + environment
                    + "]";
        }
    }

    /** The refresh token is a credential: never printed. The seed also sends partnerCode and signature. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record RefreshTokenRequest(JsonNode refreshToken, JsonNode partnerCode, JsonNode signature) {
        @Override
        public String toString() {
            return "RefreshTokenRequest[refreshToken=***, partnerCode=" + partnerCode + ", signature=***]";
        }
    }

    private final AuthService auth;
    private final TopupService topups;
    private final AlixDialect dialect;

    AlixController(AuthService auth, TopupService topups, AlixDialect dialect) {
        this.auth = auth;
        this.topups = topups;
        this.dialect = dialect;
    }

    @PostMapping(AlixDialect.ACCESS_TOKEN_PATH)
    @Operation(operationId = "alixAccessToken", tags = "Auth", summary = "Get an access token",
            description = "partnerCode is the email of a tenant dashboard user and signature its password. The"
                    + " access token goes in the access-token header; refresh it when a call answers errorCode 3.")
    @DialectBody(AlixWire.AlixAccessTokenRequest.class)
    @DialectErrors({"invalid_credentials", "tenant_suspended", "login_throttled"})
    ResponseEntity<AlixTokensReply> accessToken(@RequestBody AccessTokenRequest body, HttpServletRequest request) {
        Fields f = new Fields();
        String partnerCode = f.text("partnerCode", text(body.partnerCode()), 3, 254);
        String signature = f.text("signature", text(body.signature()), 1, 128);
        // not in the seed: which data the tokens work on, as the native login takes it; sandbox by default
        Environment env = Environment.SANDBOX;
        if (body.environment() != null && !body.environment().isNull()) {
            env = body.environment().isString()
                    ? f.oneOf("environment", body.environment().asString(), Environment.class, true) : null;
            if (env == null && f.ok()) {
                f.problem("environment", "must be sandbox or live");
            }
        }
        if (!f.ok()) {
            throw dialect.refused(f.rejection());
        }
        request.setAttribute(IdempotencyFilter.SENSITIVE_RESPONSE, Boolean.TRUE);
        AuthService.Login login = auth.login(LoginRequests.attempt(partnerCode, signature, env, request));
        if (!login.tokens().isOk()) {
            throw new Refused(Responses.retryAfter(dialect.rejected(login.tokens().rejection()),
                    login.retryAfterSeconds()));
        }
        return tokens(login.tokens());
    }

    /** The refresh token is the credential here; partnerCode and signature are accepted as the seed sends them. */
    @PostMapping(AlixDialect.REFRESH_TOKEN_PATH)
    @Operation(operationId = "alixRefreshToken", tags = "Auth", summary = "Refresh the access token",
            description = "Rotates the pair: the refresh token is the credential and works once; presenting it"
                    + " again revokes the whole login (errorCode 4).")
    @DialectBody(AlixWire.AlixRefreshTokenRequest.class)
    @DialectErrors({"invalid_credentials", "refresh_token_reused", "tenant_suspended"})
    ResponseEntity<AlixTokensReply> refreshToken(@RequestBody RefreshTokenRequest body, HttpServletRequest request) {
        Fields f = new Fields();
        String refreshToken = f.text("refreshToken", text(body.refreshToken()), 1, 200);
        if (!f.ok()) {
            throw dialect.refused(f.rejection());
        }
        request.setAttribute(IdempotencyFilter.SENSITIVE_RESPONSE, Boolean.TRUE);
        return tokens(auth.refresh(refreshToken));
    }

    @PostMapping(AlixDialect.PREFIX + "api/v2/cards/topup")
    @Operation(operationId = "alixTopupCard", tags = "Cards", summary = "Top up a card",
            description = "From the card holder's USDT wallet, converted into the card's currency. With an async"
                    + " product the answer is Pending and the result comes by webhook (TopupCard).")
    @DialectBody(AlixWire.AlixTopupRequest.class)
    @DialectErrors({"resource_not_found", "insufficient_funds", "invalid_state", "below_min_topup",
            "exceeds_max_balance"})
    ResponseEntity<AlixTopupReply> topup(@AuthenticationPrincipal Caller caller, @RequestBody JsonNode body) {
        Fields f = new Fields();
        JsonNode cardNode = object(body).get("cardId");
        String cardId = cardNode != null && cardNode.isNumber() ? cardNode.asString()
                : f.text("cardId", text(body, "cardId"), 1, 64);
        Long amountMinor = f.positiveAmount("amount", object(body).get("amount"), Currency.USDT);
        if (!f.ok()) {
            throw dialect.refused(f.rejection());
        }
        Outcome<Topup> topup = topups.topup(caller, new TopupService.TopupRequest(cardId, amountMinor, Currency.USDT,
                Topup.Source.WALLET));
        if (!topup.isOk()) {
            throw dialect.refused(topup.rejection());
        }
        return ResponseEntity.ok(new AlixTopupReply(true, AlixDialect.OK_MESSAGE, AlixTopup.of(topup.value()), 0));
    }

    private ResponseEntity<AlixTokensReply> tokens(Outcome<AuthService.Tokens> tokens) {
        if (!tokens.isOk()) {
            throw dialect.refused(tokens.rejection());
        }
        AuthService.Tokens t = tokens.value();
        return ResponseEntity.ok(new AlixTokensReply(true, AlixDialect.OK_MESSAGE,
                new AlixTokens(t.accessToken(), t.refreshToken(), t.expiresIn()), 0));
    }

    private static JsonNode object(JsonNode body) {
        return body != null && body.isObject() ? body : MissingNode.getInstance();
    }

    /** A field's text when it is a JSON string; a number or object counts as missing (required fields say so). */
    private static String text(JsonNode body, String name) {
        return text(object(body).get(name));
    }

    private static String text(JsonNode node) {
        return node != null && node.isString() ? node.asString() : null;
    }
}
