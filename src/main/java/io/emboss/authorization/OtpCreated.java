package io.emboss.authorization;

import io.emboss.shared.BusinessEvent;
import io.emboss.shared.Environment;

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
        return OtpView.OtpEventView.of(otp);
    }
}
