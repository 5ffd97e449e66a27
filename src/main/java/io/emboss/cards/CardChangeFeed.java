package io.emboss.cards;

import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps every instance's decision cache of cards fresh with one query a second however many cards
 * are cached: the cards written in the last {@code emboss.cards.change-window} (their
 * {@code updated_at}) are dropped from the cache, so a change made on another instance reaches this
 * one's pre-batch checks within about a second, while an unchanged card is read once a minute
 * instead of once per card every two seconds (the commits the authorization path spent on cache
 * refills). The window is wider than the poll so that a change whose transaction commits late, or
 * whose writer's clock runs a little behind, is still seen.
 */
@Component
class CardChangeFeed {
    private final CardRepository cards;
    private final Clock clock;
    private final Duration window;

    CardChangeFeed(CardRepository cards, Clock clock,
            @Value("${emboss.cards.change-window:15s}") Duration window) {
        this.cards = cards;
        this.clock = clock;
        this.window = window;
    }

    @Scheduled(fixedDelayString = "${emboss.cards.change-poll:1s}")
    void forgetChangedCards() {
        cards.forget(cards.changedSince(clock.instant().minus(window)));
    }
}
