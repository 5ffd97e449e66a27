package io.emboss.client;

import io.emboss.client.api.WebhooksApi;
import io.emboss.client.model.CreateWebhookEndpointRequest;
import io.emboss.client.model.DeliveryAttemptView;
import io.emboss.client.model.ListPageDeliveryAttemptView;
import io.emboss.client.model.ListPageWebhookEndpoint;
import io.emboss.client.model.RotateWebhookSecretRequest;
import io.emboss.client.model.UpdateWebhookEndpointRequest;
import io.emboss.client.model.WebhookEndpoint;
import io.emboss.client.model.WebhookEndpointWithSecretView;

/**
 * {@code /v1/webhook-endpoints}: where Emboss POSTs events. The signing secret ({@code whsec_…}) is answered
 * once, by {@link #create} and {@link #rotateSecret}; verify deliveries with {@link Webhooks#verify}.
 */
public final class WebhookEndpoints {
    private final EmbossClient client;
    private final WebhooksApi api;

    WebhookEndpoints(EmbossClient client) {
        this.client = client;
        this.api = client.api(WebhooksApi::new);
    }

    public WebhookEndpointWithSecretView create(CreateWebhookEndpointRequest request) {
        return client.call(() -> api.createWebhookEndpoint(request, null).getData());
    }

    public WebhookEndpoint get(String id) {
        return client.call(() -> api.getWebhookEndpoint(id).getData());
    }

    public WebhookEndpoint update(String id, UpdateWebhookEndpointRequest request) {
        return client.call(() -> api.updateWebhookEndpoint(id, request).getData());
    }

    public void delete(String id) {
        client.call(() -> api.deleteWebhookEndpoint(id).getData());
    }

    /** A new secret; the old one keeps signing too for the default overlap (24 h). */
    public WebhookEndpointWithSecretView rotateSecret(String id) {
        return client.call(() -> api.rotateWebhookSecret(id, null, new RotateWebhookSecretRequest()).getData());
    }

    public Paginated<WebhookEndpoint> list() {
        return new Paginated<>(cursor -> {
            ListPageWebhookEndpoint page = client.call(() -> api.listWebhookEndpoints(100, cursor).getData());
            return new Paginated.Page<>(page.getItems(), Boolean.TRUE.equals(page.getHasMore()), page.getNextCursor());
        });
    }

    /** Every delivery attempt to the endpoint, newest first. */
    public Paginated<DeliveryAttemptView> deliveries(String endpointId) {
        return new Paginated<>(cursor -> {
            ListPageDeliveryAttemptView page = client.call(() -> api.listWebhookDeliveries(endpointId, null, 100,
                    cursor).getData());
            return new Paginated.Page<>(page.getItems(), Boolean.TRUE.equals(page.getHasMore()), page.getNextCursor());
        });
    }
}
