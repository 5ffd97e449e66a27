package io.emboss.cards;

import io.emboss.shared.Caller;
import io.emboss.shared.Outcome;
import io.emboss.shared.Rejection;
import io.emboss.tenancy.RateLimiter;
import io.emboss.web.Audit;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The one way any API (native or a compatibility dialect) reads a card's full number and CVV: the
 * request is audited whatever comes of it, the tenant's hourly budget of details reads is spent
 * ({@code emboss.cards.details-per-hour}), and only then is the card opened.
 */
@Component
public class CardDetailsReads {

    /** The outcome of one read; {@code retryAfterSeconds} is set when the hourly budget is spent. */
    public record Read(Outcome<CardService.SensitiveDetails> details, long retryAfterSeconds) {
        public boolean rateLimited() {
            return !details.isOk() && details.rejection().kind() == Rejection.Kind.RATE_LIMITED;
        }
    }

    private final CardService cards;
    private final RateLimiter rateLimiter;
    private final int detailsPerHour;

    CardDetailsReads(CardService cards, RateLimiter rateLimiter,
            @Value("${emboss.cards.details-per-hour:300}") int detailsPerHour) {
        this.cards = cards;
        this.rateLimiter = rateLimiter;
        this.detailsPerHour = detailsPerHour;
    }

    public Read read(Caller caller, String cardId, HttpServletRequest request) {
        Audit.mark(request);
        RateLimiter.Decision d = rateLimiter.consume(caller.tenantId(), caller.environment().wire(), "card_details",
                detailsPerHour);
        if (!d.allowed()) {
            return new Read(Outcome.rejected(Rejection.of(Rejection.Kind.RATE_LIMITED, "rate_limited",
                    "Card details may be read " + d.limit() + " times per hour; retry after " + d.retryAfterSeconds()
                            + " s")), d.retryAfterSeconds());
        }
        return new Read(cards.details(caller, cardId), 0);
    }
}
