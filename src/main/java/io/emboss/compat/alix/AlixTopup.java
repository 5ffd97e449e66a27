package io.emboss.compat.alix;

import io.emboss.compat.Amounts;
import io.emboss.topups.Topup;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * A top-up as seed 001 shows it, in the answer to the request and in the webhook that reports its
 * result. {@code amount} is what the client asked to move (in the source currency, USDT); {@code fee}
 * is everything kept (top-up fee plus conversion fee) and the balances are the card's posted
 * balance, in the card's currency: while the top-up is pending the money is held, not posted, so
 * balanceAfter equals balanceBefore until it settles.
 */
@Schema(requiredProperties = {"id", "cardId", "type", "fee", "amount", "balanceBefore", "balanceAfter",
        "description", "status", "createdAt"})
record AlixTopup(@Schema(example = "top_3b9e0c7f1a2d4e68") String id,
                 @Schema(example = "card_9e3b1f7a2c4d8e60") String cardId,
                 @Schema(allowableValues = TYPE) String type,
                 @Schema(description = "Top-up fee plus conversion fee, in the card's currency") BigDecimal fee,
                 @Schema(description = "The USDT asked for") BigDecimal amount,
                 @Schema(description = "The card's posted balance before, in its currency") BigDecimal balanceBefore,
                 @Schema(description = "The card's posted balance after (equal to balanceBefore while Pending)")
                 BigDecimal balanceAfter,
                 String description,
                 @Schema(allowableValues = {"Pending", "Success", "Failed"}) String status,
                 @Schema(description = "Unix seconds", example = "1731578091") long createdAt) {
    static final String TYPE = "TopupCard";

    static AlixTopup of(Topup t) {
        boolean pending = t.status() == Topup.Status.PENDING;
        return of(t.id(), t.cardId(), Amounts.number(t.sourceAmountMinor(), t.sourceCurrency()),
                Amounts.number(t.feeMinor() + t.fxFeeMinor(), t.currency()),
                Amounts.number(t.balanceBeforeMinor(), t.currency()),
                Amounts.number(pending ? t.balanceBeforeMinor() : t.balanceAfterMinor(), t.currency()),
                t.status().wire(), t.createdAt().getEpochSecond());
    }

    /** From the native event's view of the top-up (decimal strings), for the webhook. */
    static AlixTopup of(JsonNode view) {
        boolean converted = view.hasNonNull("sourceAmount");
        BigDecimal fee = decimal(view.get("fee"));
        if (view.hasNonNull("fxFee")) {
            fee = fee.add(decimal(view.get("fxFee")));
        }
        boolean pending = "pending".equals(view.get("status").asString());
        BigDecimal before = decimal(view.get("balanceBefore"));
        return of(view.get("id").asString(), view.get("cardId").asString(),
                decimal(converted ? view.get("sourceAmount") : view.get("amount")), Amounts.plain(fee), before,
                pending ? before : decimal(view.get("balanceAfter")), view.get("status").asString(),
                Instant.parse(view.get("createdAt").asString()).getEpochSecond());
    }

    private static AlixTopup of(String id, String cardId, BigDecimal amount, BigDecimal fee, BigDecimal before,
            BigDecimal after, String nativeStatus, long createdAtSeconds) {
        return new AlixTopup(id, cardId, TYPE, fee, amount, before, after, "Topup card " + cardId,
                status(nativeStatus), createdAtSeconds);
    }

    private static String status(String nativeStatus) {
        return switch (nativeStatus) {
            case "pending" -> "Pending";
            case "completed" -> "Success";
            default -> "Failed";
        };
    }

    private static BigDecimal decimal(JsonNode text) {
        return Amounts.plain(new BigDecimal(text.asString()));
    }
}
