package io.emboss.compat.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Seed 004's bodies, field for field and in its order: the answers the controller returns and the
 * requests it reads (those read as JSON nodes, for the seed's strict typing, are described here for
 * the dialect's OpenAPI document). Names carry the dialect so they never meet a native schema's.
 */
final class CoreWire {
    private CoreWire() {
    }

    /** The login answer; its toString never shows the token (response bodies are logged at DEBUG). */
    @Schema(requiredProperties = {"token", "userId"},
            description = "An access token (15 minutes; log in again when it expires) and the user it belongs to")
    record CoreToken(String token, @Schema(example = "usr_8c2f4e1a9b7d3c05") String userId) {
        @Override
        public String toString() {
            return "CoreToken[token=***, userId=" + userId + "]";
        }
    }

    @Schema(requiredProperties = "success")
    record CoreLoggedOut(boolean success) {
    }

    @Schema(requiredProperties = {"customerId", "name", "email"})
    record CoreCustomer(@Schema(example = "cus_4f1c9a0e2b7d6a38") String customerId, String name,
                        @Schema(format = "email") String email) {
    }

    @Schema(requiredProperties = "customers")
    record CoreCustomers(List<CoreCustomer> customers) {
    }

    @Schema(requiredProperties = {"cardId", "status", "currency"})
    record CoreCard(@Schema(example = "card_9e3b1f7a2c4d8e60") String cardId,
                    @Schema(allowableValues = {"inactive", "active", "blocked", "cancelled"}) String status,
                    @Schema(example = "USD") String currency) {
    }

    @Schema(requiredProperties = {"success", "cardId", "customerId"})
    record CoreAssignment(boolean success, String cardId, String customerId) {
    }

    @Schema(requiredProperties = {"cardId", "status"})
    record CoreCardStatus(String cardId,
                          @Schema(allowableValues = {"inactive", "active", "blocked", "cancelled"}) String status) {
    }

    @Schema(requiredProperties = {"cardId", "balance"})
    record CoreBalance(String cardId,
                       @Schema(description = "The card's balance after the top-up, in its currency", example = "100")
                       BigDecimal balance) {
    }

    @Schema(requiredProperties = {"id", "amount", "description", "date"})
    record CoreMovement(String id,
                        @Schema(description = "Negative for a debit", example = "-15.5") BigDecimal amount,
                        String description, Instant date) {
    }

    @Schema(requiredProperties = "movements")
    record CoreMovements(List<CoreMovement> movements) {
    }

    /** Every error of the dialect: the native code and message, and the offending fields on a 400. */
    @Schema(requiredProperties = {"error", "message"})
    record CoreError(@Schema(description = "The native error code", example = "invalid_state") String error,
                     String message,
                     @JsonInclude(JsonInclude.Include.NON_EMPTY)
                     @Schema(description = "Offending input fields (400 only)") Map<String, String> fields) {
    }

    // ---- requests, as the dialect's document describes them (the controller reads JSON nodes) ----

    @Schema(name = "CoreLoginRequest", requiredProperties = {"email", "password"})
    record LoginRequest(@Schema(format = "email", example = "user@email.com") String email,
                        @Schema(format = "password") String password,
                        @Schema(description = "Not in the seed: which data the token works on",
                                allowableValues = {"sandbox", "live"}, defaultValue = "sandbox") String environment) {
    }

    @Schema(requiredProperties = {"name", "email"})
    record CoreNewCustomer(@Schema(example = "Juan Perez") String name,
                           @Schema(format = "email", example = "juan@email.com") String email) {
    }

    @Schema(requiredProperties = "currency")
    record CoreNewCard(@Schema(description = "ISO 4217 code of a currency the tenant has a virtual product in",
            example = "USD") String currency) {
    }

    @Schema(requiredProperties = {"cardId", "customerId"})
    record CoreAssign(String cardId, String customerId) {
    }

    @Schema(requiredProperties = {"cardId", "status"})
    record CoreStatusChange(String cardId, @Schema(allowableValues = {"active", "blocked", "cancelled"}) String status) {
    }

    @Schema(requiredProperties = {"cardId", "amount"})
    record CoreAddBalance(String cardId,
                          @Schema(description = "A JSON number greater than zero, with no more decimals than the"
                                  + " card's currency", example = "100") BigDecimal amount) {
    }
}
