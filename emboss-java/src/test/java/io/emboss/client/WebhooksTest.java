package io.emboss.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Standard Webhooks signatures as Emboss sends them (the end-to-end test checks a real delivery). */
class WebhooksTest {
    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "0123456789abcdef0123456789abcdef".getBytes());
    private static final String OTHER = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);
    private static final Instant NOW = Instant.ofEpochSecond(1_795_305_600L);
    private static final String BODY = "{\"id\":\"evt_1\",\"type\":\"card.created\"}";

    private static Map<String, ?> headers(String signature, long timestamp) {
        return Map.of("Webhook-Id", List.of("evt_1"), "Webhook-Timestamp", List.of(Long.toString(timestamp)),
                "Webhook-Signature", List.of(signature));
    }

    private static String verify(String body, Map<String, ?> headers, String secret) {
        return Webhooks.verify(body, headers, secret, Webhooks.DEFAULT_TOLERANCE, NOW);
    }

    @Test
    void a_delivery_signed_by_the_secret_verifies() {
        String signature = Webhooks.sign("evt_1", NOW.getEpochSecond(), BODY, SECRET);
        assertThat(verify(BODY, headers(signature, NOW.getEpochSecond()), SECRET)).isEqualTo(BODY);
    }

    @Test
    void during_a_rotation_either_signature_of_the_list_verifies() {
        String both = Webhooks.sign("evt_1", NOW.getEpochSecond(), BODY, OTHER) + " "
                + Webhooks.sign("evt_1", NOW.getEpochSecond(), BODY, SECRET);
        assertThat(verify(BODY, headers(both, NOW.getEpochSecond()), SECRET)).isEqualTo(BODY);
    }

    @Test
    void a_changed_body_another_secret_or_a_stale_timestamp_is_refused() {
        long t = NOW.getEpochSecond();
        String signature = Webhooks.sign("evt_1", t, BODY, SECRET);
        assertThatThrownBy(() -> verify(BODY.replace("card", "wallet"), headers(signature, t), SECRET))
                .isInstanceOf(Webhooks.VerificationException.class);
        assertThatThrownBy(() -> verify(BODY, headers(signature, t), OTHER))
                .isInstanceOf(Webhooks.VerificationException.class);
        long stale = t - Duration.ofMinutes(6).toSeconds();
        String staleSignature = Webhooks.sign("evt_1", stale, BODY, SECRET);
        assertThatThrownBy(() -> verify(BODY, headers(staleSignature, stale), SECRET))
                .isInstanceOf(Webhooks.VerificationException.class).hasMessageContaining("tolerance");
        assertThatThrownBy(() -> verify(BODY, Map.of("webhook-id", "evt_1"), SECRET))
                .isInstanceOf(Webhooks.VerificationException.class).hasMessageContaining("webhook-timestamp");
    }
}
