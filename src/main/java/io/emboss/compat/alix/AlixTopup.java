package io.emboss.compat.alix;

import io.emboss.compat.Amounts;
import io.emboss.topups.Topup;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A top-up as seed 001 shows it, in the answer to the request and in the webhook that reports its
 * result. {@code amount} is what the client asked to move (in the source currency, USDT); {@code fee}
 * is everything kept (top-up fee plus conversion fee) and the balances are the card's posted
 * balance, in the card's currency: while the top-up is pending the money is held, not posted, so
 * balanceAfter equals balanceBefore until it settles.
 */
record AlixTopup(String id, String cardId, BigDecimal amount, BigDecimal fee, BigDecimal balanceBefore,
                 BigDecimal balanceAfter, String status, long createdAtSeconds) {

    static AlixTopup of(Topup t) {
        boolean pending = t.status() == Topup.Status.PENDING;
        return new AlixTopup(t.id(), t.cardId(), Amounts.number(t.sourceAmountMinor(), t.sourceCurrency()),
                Amounts.number(t.feeMinor() + t.fxFeeMinor(), t.currency()),
                Amounts.number(t.balanceBeforeMinor(), t.currency()),
                Amounts.number(pending ? t.balanceBeforeMinor() : t.balanceAfterMinor(), t.currency()),
                status(t.status().wire()), t.createdAt().getEpochSecond());
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
        return new AlixTopup(view.get("id").asString(), view.get("cardId").asString(),
                decimal(converted ? view.get("sourceAmount") : view.get("amount")), Amounts.plain(fee), before,
                pending ? before : decimal(view.get("balanceAfter")), status(view.get("status").asString()),
                Instant.parse(view.get("createdAt").asString()).getEpochSecond());
    }

    Map<String, Object> data() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", id);
        data.put("cardId", cardId);
        data.put("type", "TopupCard");
        data.put("fee", fee);
        data.put("amount", amount);
        data.put("balanceBefore", balanceBefore);
        data.put("balanceAfter", balanceAfter);
        data.put("description", "Topup card " + cardId);
        data.put("status", status);
        data.put("createdAt", createdAtSeconds);
        return data;
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
