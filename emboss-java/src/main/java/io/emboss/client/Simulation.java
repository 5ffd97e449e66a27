package io.emboss.client;

import io.emboss.client.api.SimulationApi;
import io.emboss.client.model.AuthorizationDecisionView;
import io.emboss.client.model.CaptureAuthorizationRequest;
import io.emboss.client.model.CustomerView;
import io.emboss.client.model.DepositView;
import io.emboss.client.model.ReverseAuthorizationRequest;
import io.emboss.client.model.SimulateAuthorizationRequest;
import io.emboss.client.model.SimulateDepositRequest;
import io.emboss.client.model.SimulateKycDecisionRequest;
import io.emboss.client.model.SimulateTenantFundingRequest;
import io.emboss.client.model.TransactionView;

/** {@code /v1/simulate}: what the outside world does, in sandbox only (403 {@code sandbox_only} with a live key). */
public final class Simulation {
    private final EmbossClient client;
    private final SimulationApi api;

    Simulation(EmbossClient client) {
        this.client = client;
        this.api = client.api(SimulationApi::new);
    }

    /** The KYC provider's decision on a customer. */
    public CustomerView kycDecision(String customerId, SimulateKycDecisionRequest.DecisionEnum decision) {
        return client.call(() -> api.simulateKycDecision(customerId,
                new SimulateKycDecisionRequest().decision(decision), null).getData());
    }

    /** Money arriving in a customer's wallet. */
    public DepositView deposit(SimulateDepositRequest request) {
        return deposit(request, RequestOptions.none());
    }

    public DepositView deposit(SimulateDepositRequest request, RequestOptions options) {
        return client.call(() -> api.simulateDeposit(request, options.idempotencyKey()).getData());
    }

    /** Money arriving in the tenant's own funding account. */
    public DepositView tenantFunding(SimulateTenantFundingRequest request) {
        return client.call(() -> api.simulateTenantFunding(request, null).getData());
    }

    /** A card network asking to authorize a purchase; the answer says approved or the decline reason. */
    public AuthorizationDecisionView authorize(SimulateAuthorizationRequest request) {
        return authorize(request, RequestOptions.none());
    }

    public AuthorizationDecisionView authorize(SimulateAuthorizationRequest request, RequestOptions options) {
        return client.call(() -> api.simulateAuthorization(request, options.idempotencyKey()).getData());
    }

    /** Captures an approved authorization in full. */
    public TransactionView capture(String authorizationId) {
        return capture(authorizationId, null);
    }

    /** Captures part or all of an authorization ({@code request} null: all of it). */
    public TransactionView capture(String authorizationId, CaptureAuthorizationRequest request) {
        // no request: the generated client sends JSON null, which Emboss takes as no body (capture all)
        return client.call(() -> api.captureAuthorization(authorizationId, null, request).getData());
    }

    /** Releases part or all of an authorization's hold ({@code request} null: all of it). */
    public TransactionView reverse(String authorizationId, ReverseAuthorizationRequest request) {
        return client.call(() -> api.reverseAuthorization(authorizationId, null, request).getData());
    }
}
