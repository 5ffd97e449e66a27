package io.emboss.authorization;

import io.emboss.shared.BusinessEvent;
import io.emboss.shared.Environment;
import io.emboss.shared.Money;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * otp.created: a purchase waits for a 3-D Secure code. The code itself is not in the event (read it
 * with GET /v1/cards/{id}/otps and show it to the cardholder).
 */
record OtpCreated(Otp otp) implements BusinessEvent {
    @Override
    public String type() {
        return "otp.created";
    }

    @Override
    public String tenantId() {
        return otp.tenantId();
    }

    @Override
    public Environment environment() {
        return Environment.fromWire(otp.environment());
    }

    @Override
    public Object snapshot() {
        Map<String, Object> view = OtpService.view(otp);
        view.remove("code");
        return view;
    }

    static Map<String, Object> base(Otp o) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", o.id());
        view.put("cardId", o.cardId());
        view.put("authorizationId", o.authorizationId());
        view.put("code", o.code());
        view.put("status", o.status());
        view.put("amount", io.emboss.shared.Currency.parse(o.currency())
                .map(c -> Money.format(o.amountMinor(), c)).orElse(Long.toString(o.amountMinor())));
        view.put("currency", o.currency());
        view.put("merchant", o.merchant());
        view.put("expiresAt", o.expiresAt());
        view.put("createdAt", o.createdAt());
        return view;
    }
}
