package io.emboss.client;

import io.emboss.client.api.CardsApi;
import io.emboss.client.api.TopUpsApi;
import io.emboss.client.model.CardBalanceView;
import io.emboss.client.model.CardDetailsView;
import io.emboss.client.model.CardView;
import io.emboss.client.model.CreateCardRequest;
import io.emboss.client.model.CreateTopupRequest;
import io.emboss.client.model.ListPageCardView;
import io.emboss.client.model.ListPageTopupView;
import io.emboss.client.model.TopupView;

/** {@code /v1/cards}: issuing, reading and funding cards. */
public final class Cards {
    private final EmbossClient client;
    private final CardsApi api;
    private final TopUpsApi topups;

    Cards(EmbossClient client) {
        this.client = client;
        this.api = client.api(CardsApi::new);
        this.topups = client.api(TopUpsApi::new);
    }

    public CardView create(CreateCardRequest request) {
        return create(request, RequestOptions.none());
    }

    public CardView create(CreateCardRequest request, RequestOptions options) {
        return client.call(() -> api.createCard(request, options.idempotencyKey()).getData());
    }

    public CardView get(String id) {
        return client.call(() -> api.getCard(id).getData());
    }

    /** The full number, CVV and expiry (needs {@code cards:read_sensitive}; audited). Keep them out of logs. */
    public CardDetailsView details(String id) {
        return client.call(() -> api.getCardDetails(id).getData());
    }

    public CardBalanceView balance(String id) {
        return client.call(() -> api.getCardBalance(id).getData());
    }

    /** Cards, newest first, optionally of one customer, status or product (null: any). */
    public Paginated<CardView> list(String customerId, String status, String productId) {
        return new Paginated<>(cursor -> {
            ListPageCardView page = client.call(() -> api.listCards(customerId, status, productId, 100, cursor)
                    .getData());
            return new Paginated.Page<>(page.getItems(), Boolean.TRUE.equals(page.getHasMore()), page.getNextCursor());
        });
    }

    /** Moves money onto the card (from the wallet by default; fees per the card's product). */
    public TopupView topUp(String cardId, CreateTopupRequest request) {
        return topUp(cardId, request, RequestOptions.none());
    }

    public TopupView topUp(String cardId, CreateTopupRequest request, RequestOptions options) {
        return client.call(() -> topups.createTopup(cardId, request, options.idempotencyKey()).getData());
    }

    public Paginated<TopupView> topUps(String cardId) {
        return new Paginated<>(cursor -> {
            ListPageTopupView page = client.call(() -> topups.listCardTopups(cardId, 100, cursor).getData());
            return new Paginated.Page<>(page.getItems(), Boolean.TRUE.equals(page.getHasMore()), page.getNextCursor());
        });
    }
}
