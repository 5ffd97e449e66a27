package io.emboss.dashboard;

import io.emboss.cards.CardDetailsReads;
import io.emboss.shared.Caller;
import io.emboss.shared.Rejection;
import io.emboss.web.ErrorCatalog;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * "Reveal details" on a card's page: a POST (with the form token) answered with the full number,
 * CVV and expiry as JSON, never cached; the page's script shows them for 30 seconds. The read is
 * {@code GET /v1/cards/{id}/details}'s: {@link CardDetailsReads} spends the tenant's hourly budget
 * and the service refuses a caller without {@code cards:read_sensitive}. Like every console action
 * (a POST), the read is written to the audit log by {@link ConsoleFilter}, refused or not.
 */
@Controller
class CardRevealController {
    /** The details; its toString never shows the number or CVV (the framework logs bodies at DEBUG). */
    public record Revealed(String number, String cvv, int expiryMonth, int expiryYear) {
        @Override
        public String toString() {
            return "Revealed[redacted]";
        }
    }

    private final CardDetailsReads detailsReads;

    CardRevealController(CardDetailsReads detailsReads) {
        this.detailsReads = detailsReads;
    }

    @PostMapping("/dashboard/cards/{id}/reveal")
    @ResponseBody
    ResponseEntity<Object> reveal(@PathVariable String id, HttpServletRequest request) {
        Caller caller = Console.caller(request);
        CardDetailsReads.Read read = detailsReads.read(caller, id, request);
        int status = read.details().isOk() ? 200 : ErrorCatalog.statusOf(read.details().rejection().kind());
        if (!read.details().isOk()) {
            Rejection r = read.details().rejection();
            return answer(status, Map.of("problem", r.message()), read.retryAfterSeconds());
        }
        var d = read.details().value();
        return answer(200, new Revealed(d.number(), d.cvv(), d.expiryMonth(), d.expiryYear()), 0);
    }

    private static ResponseEntity<Object> answer(int status, Object body, long retryAfterSeconds) {
        // JSON whatever the browser accepts: a plain form post (no script) gets the same answer
        ResponseEntity.BodyBuilder b = ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .header("Cache-Control", "no-store").header("Pragma", "no-cache");
        if (retryAfterSeconds > 0) {
            b.header("Retry-After", Long.toString(retryAfterSeconds));
        }
        return b.body(body);
    }
}
