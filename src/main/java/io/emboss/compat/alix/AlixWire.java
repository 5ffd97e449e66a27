package io.emboss.compat.alix;

import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Seeds 000/001's bodies: the envelope {@code {success, message, data, errorCode}} around each
 * answer, its error form, the webhook notification, and the requests as the dialect's OpenAPI
 * document describes them (the controller reads them as JSON nodes). Names carry the dialect so they
 * never meet a native schema's.
 */
final class AlixWire {
    private AlixWire() {
    }

    /** The token pair as the seed names it; its toString never shows the tokens. */
    @Schema(requiredProperties = {"accessToken", "refreshToken", "expiresIn"})
    record AlixTokens(String accessToken, String refreshToken,
                      @Schema(description = "Seconds the access token lasts", example = "900") long expiresIn) {
        @Override
        public String toString() {
            return "AlixTokens[accessToken=***, refreshToken=***, expiresIn=" + expiresIn + "]";
        }
    }

    @Schema(requiredProperties = {"success", "message", "data", "errorCode"})
    record AlixTokensReply(boolean success,
                           @Schema(example = AlixDialect.OK_MESSAGE) String message, AlixTokens data,
                           @Schema(description = "0 on success") int errorCode) {
    }

    @Schema(requiredProperties = {"success", "message", "data", "errorCode"})
    record AlixTopupReply(boolean success,
                          @Schema(example = AlixDialect.OK_MESSAGE) String message, AlixTopup data,
                          @Schema(description = "0 on success") int errorCode) {
    }

    /** Every error of the dialect: the native message and the dialect's number (docs/compat.md). */
    @Schema(requiredProperties = {"success", "message", "data", "errorCode"})
    record AlixError(boolean success, String message,
                     @Schema(nullable = true, description = "The offending fields on a 400, else null")
                     AlixErrorData data,
                     @Schema(description = "The dialect's error number (docs/compat.md)", example = "7") int errorCode) {
    }

    @Schema(requiredProperties = "fields")
    record AlixErrorData(Map<String, String> fields) {
    }

    /** The top-up result webhook sent to endpoints registered with format alix. */
    @Schema(requiredProperties = {"success", "webhookType", "data"})
    record AlixNotification(boolean success, String webhookType, AlixTopup data) {
    }

    // ---- requests, as the dialect's document describes them ----

    @Schema(requiredProperties = {"partnerCode", "signature"})
    record AlixAccessTokenRequest(
            @Schema(description = "The email of a tenant dashboard user", format = "email") String partnerCode,
            @Schema(description = "That user's password", format = "password") String signature,
            @Schema(description = "Not in the seed: which data the tokens work on",
                    allowableValues = {"sandbox", "live"}, defaultValue = "sandbox") String environment) {
    }

    @Schema(requiredProperties = "refreshToken")
    record AlixRefreshTokenRequest(
            @Schema(description = "Accepted as the seed sends it, not checked") String partnerCode,
            String refreshToken,
            @Schema(description = "Accepted as the seed sends it, not checked") String signature) {
    }

    @Schema(requiredProperties = {"cardId", "amount"})
    record AlixTopupRequest(
            @Schema(description = "The card's id (a JSON number is read as its digits)", example = "card_9e3b1f7a2c4d8e60")
            String cardId,
            @Schema(description = "USDT to move, a decimal string or a JSON number with up to 6 decimals",
                    types = {"string", "number"}, example = "100") BigDecimal amount) {
    }
}
