package io.emboss.client;

import io.emboss.client.api.AuthorizationsApi;
import io.emboss.client.api.TransactionsApi;
import io.emboss.client.model.ListPageMovementView;
import io.emboss.client.model.ListPageTransactionView;
import io.emboss.client.model.MovementView;
import io.emboss.client.model.TransactionView;
import java.time.OffsetDateTime;

/** {@code /v1/transactions} and {@code /v1/authorizations}: card activity. */
public final class Transactions {
    private final EmbossClient client;
    private final TransactionsApi api;
    private final AuthorizationsApi authorizations;

    Transactions(EmbossClient client) {
        this.client = client;
        this.api = client.api(TransactionsApi::new);
        this.authorizations = client.api(AuthorizationsApi::new);
    }

    /** Which transactions {@link #list(Query)} reads; every filter is optional. */
    public static final class Query {
        private String cardId;
        private String customerId;
        private String type;
        private String status;
        private OffsetDateTime from;
        private OffsetDateTime to;
        private String search;
        private int pageSize = 100;

        public Query cardId(String cardId) {
            this.cardId = cardId;
            return this;
        }

        public Query customerId(String customerId) {
            this.customerId = customerId;
            return this;
        }

        public Query type(String type) {
            this.type = type;
            return this;
        }

        public Query status(String status) {
            this.status = status;
            return this;
        }

        /** Created at or after. */
        public Query from(OffsetDateTime from) {
            this.from = from;
            return this;
        }

        /** Created before. */
        public Query to(OffsetDateTime to) {
            this.to = to;
            return this;
        }

        public Query search(String search) {
            this.search = search;
            return this;
        }

        /** Items fetched per request, 1–100 (100): the iteration reads every page either way. */
        public Query pageSize(int pageSize) {
            if (pageSize < 1 || pageSize > 100) {
                throw new IllegalArgumentException("pageSize is 1 to 100");
            }
            this.pageSize = pageSize;
            return this;
        }
    }

    public TransactionView get(String id) {
        return client.call(() -> api.getTransaction(id).getData());
    }

    /** An authorization by its {@code auth_…} id, as a transaction. */
    public TransactionView authorization(String id) {
        return client.call(() -> authorizations.getAuthorization(id).getData());
    }

    /** Every matching transaction, newest first, page after page as the iteration goes. */
    public Paginated<TransactionView> list(Query q) {
        return new Paginated<>(cursor -> {
            ListPageTransactionView page = client.call(() -> api.listTransactions(q.cardId, q.customerId, q.type,
                    q.status, q.from, q.to, q.search, q.pageSize, cursor).getData());
            return new Paginated.Page<>(page.getItems(), Boolean.TRUE.equals(page.getHasMore()), page.getNextCursor());
        });
    }

    /** The card's ledger movements, newest first. */
    public Paginated<MovementView> movements(String cardId) {
        return new Paginated<>(cursor -> {
            ListPageMovementView page = client.call(() -> api.listCardMovements(cardId, 100, cursor).getData());
            return new Paginated.Page<>(page.getItems(), Boolean.TRUE.equals(page.getHasMore()), page.getNextCursor());
        });
    }
}
