package io.emboss.client;

import io.emboss.client.api.CustomersApi;
import io.emboss.client.api.WalletsApi;
import io.emboss.client.model.CreateCustomerRequest;
import io.emboss.client.model.CustomerView;
import io.emboss.client.model.ListPageCustomerView;
import io.emboss.client.model.SubmitKycRequest;
import io.emboss.client.model.UpdateCustomerRequest;
import io.emboss.client.model.WalletBalanceView;
import java.util.List;

/** {@code /v1/customers}: the people cards are issued to, and their wallets. */
public final class Customers {
    private final EmbossClient client;
    private final CustomersApi api;
    private final WalletsApi wallets;

    Customers(EmbossClient client) {
        this.client = client;
        this.api = client.api(CustomersApi::new);
        this.wallets = client.api(WalletsApi::new);
    }

    public CustomerView create(CreateCustomerRequest request) {
        return create(request, RequestOptions.none());
    }

    public CustomerView create(CreateCustomerRequest request, RequestOptions options) {
        return client.call(() -> api.createCustomer(request, options.idempotencyKey()).getData());
    }

    public CustomerView get(String id) {
        return client.call(() -> api.getCustomer(id).getData());
    }

    public CustomerView update(String id, UpdateCustomerRequest request) {
        return client.call(() -> api.updateCustomer(id, request).getData());
    }

    /** Submits the customer's identity data for KYC review. */
    public CustomerView submitKyc(String id, SubmitKycRequest request) {
        return client.call(() -> api.submitKyc(id, request, null).getData());
    }

    /** Every customer, newest first, optionally of one email or KYC status (null: any). */
    public Paginated<CustomerView> list(String email, String kycStatus) {
        return list(email, kycStatus, null);
    }

    /** The same, and only those whose name or email contains {@code search} in any case (null: any). */
    public Paginated<CustomerView> list(String email, String kycStatus, String search) {
        return new Paginated<>(cursor -> {
            ListPageCustomerView page = client.call(() -> api.listCustomers(email, kycStatus, search, 100, cursor)
                    .getData());
            return new Paginated.Page<>(page.getItems(), Boolean.TRUE.equals(page.getHasMore()), page.getNextCursor());
        });
    }

    /** The customer's wallet balances, one per currency. */
    public List<WalletBalanceView> wallets(String id) {
        return client.call(() -> wallets.listWallets(id).getData().getItems());
    }
}
