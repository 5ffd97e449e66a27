package io.emboss.client;

import io.emboss.client.api.PlatformApi;
import io.emboss.client.model.CreateTenantRequest;
import io.emboss.client.model.CreatedTenantView;
import io.emboss.client.model.ListPageTenantView;
import io.emboss.client.model.TenantView;

/** {@code /v1/platform}: the platform operator's calls (the client's key is the admin token). */
public final class Platform {
    private final EmbossClient client;
    private final PlatformApi api;

    Platform(EmbossClient client) {
        this.client = client;
        this.api = client.api(PlatformApi::new);
    }

    /** A new tenant; its sandbox and live API keys are in the answer, shown this once. */
    public CreatedTenantView createTenant(CreateTenantRequest request) {
        return client.call(() -> api.createTenant(request, null).getData());
    }

    public TenantView tenant(String id) {
        return client.call(() -> api.getTenant(id).getData());
    }

    public Paginated<TenantView> tenants() {
        return new Paginated<>(cursor -> {
            ListPageTenantView page = client.call(() -> api.listTenants(100, cursor).getData());
            return new Paginated.Page<>(page.getItems(), Boolean.TRUE.equals(page.getHasMore()), page.getNextCursor());
        });
    }
}
