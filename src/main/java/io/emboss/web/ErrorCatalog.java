package io.emboss.web;

import io.emboss.shared.Rejection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every stable errorCode the native API can answer with, its HTTP status and what it means.
 * Served in the OpenAPI description and mirrored in docs/errors.md; a test keeps the two equal.
 */
public final class ErrorCatalog {

    public record Entry(int status, String meaning) {
    }

    private static final Map<String, Entry> CODES = new LinkedHashMap<>();

    static {
        add("validation_failed", 400, "Input is malformed; data lists each offending field.");
        add("malformed_json", 400, "The body is missing, not valid JSON, or not a JSON object.");
        add("invalid_cursor", 400, "startingAfter names no item of this list.");
        add("missing_credentials", 401, "No Authorization: Bearer header.");
        add("invalid_credentials", 401, "The key, token or password is wrong or revoked.");
        add("token_expired", 403, "The access token has expired; refresh it.");
        add("forbidden", 403, "These credentials may not do this (missing permission or wrong kind of caller).");
        add("kyc_not_delegated", 403, "In live mode the tenant may not approve its customers' KYC itself: the "
                + "platform operator has not delegated KYC to it.");
        add("sandbox_only", 403, "The endpoint exists only in sandbox (a /v1/simulate/ call with live credentials).");
        add("tenant_suspended", 403, "The tenant is suspended by the platform operator.");
        add("resource_not_found", 404, "No such object for this tenant and environment.");
        add("route_not_found", 404, "No such endpoint.");
        add("method_not_allowed", 405, "The endpoint does not accept this HTTP method.");
        add("not_acceptable", 406, "The endpoint answers only application/json.");
        add("email_already_exists", 409, "Another customer or user already has this email.");
        add("kyc_not_approved", 409, "The customer's KYC is not approved; no card can be issued or assigned to them.");
        add("card_already_assigned", 409, "The card already belongs to a customer.");
        add("below_min_topup", 409, "The top-up is below the product's minTopup; the message names it.");
        add("below_min_balance", 409, "A withdrawal would leave the card below the product's minBalance.");
        add("exceeds_max_balance", 409, "The card's balance would exceed the product's maxBalance; the message names it.");
        add("amount_exceeds_authorization", 409, "A capture, reversal or refund for more than the authorization allows.");
        add("exceeds_transaction_limit", 409, "The card's per-transaction limit would be exceeded.");
        add("exceeds_daily_limit", 409, "The card's daily spending limit (UTC day) would be exceeded.");
        add("exceeds_monthly_limit", 409, "The card's monthly spending limit (UTC month) would be exceeded.");
        add("insufficient_funds", 409, "The account to be debited lacks the available balance.");
        add("invalid_state", 409, "The object's current status does not allow this; the message names it.");
        add("too_many_rules", 400, "The tenant already has 100 authorization rules active or in draft in this "
                + "environment; deactivate one first.");
        add("no_draft", 409, "The authorization rule has no draft version to promote; PATCH it to create one.");
        add("rule_inactive", 409, "The authorization rule was deactivated; it cannot change any more (create a "
                + "new one).");
        add("invalid_clearing_file", 400, "The clearing file is refused as a whole (no or a wrong header row, a line "
                + "no network writes, too many records); nothing of it was staged. The message says why.");
        add("concurrent_change", 409, "The object kept changing under concurrent requests while this one ran; "
                + "nothing moved, retry it.");
        add("unsupported_file_type", 400, "An evidence file is not a PDF, PNG, JPEG or plain UTF-8 text file "
                + "(decided from its bytes, not from its name or the type the client sent).");
        add("transaction_not_disputable", 409, "The transaction cannot be disputed: it is not a purchase, or "
                + "nothing of it was captured.");
        add("dispute_window_closed", 409, "The network's dispute window for the transaction has closed.");
        add("amount_exceeds_disputable", 409, "The dispute's amount exceeds what remains disputable on the "
                + "transaction (captured, less refunds and other disputes' claims); the message names it.");
        add("too_many_files", 409, "The dispute already holds the most evidence files allowed (10).");
        add("idempotency_key_in_use", 409, "The Idempotency-Key was used with a different request.");
        add("idempotency_request_in_progress", 409, "A request with this Idempotency-Key is still being processed.");
        add("refresh_token_reused", 401, "A rotated refresh token was presented again; its whole family is revoked.");
        add("payload_too_large", 413, "The body exceeds the size limit.");
        add("unsupported_media_type", 415, "Send the body as application/json.");
        add("rate_limited", 429, "The hourly request budget is spent; see Retry-After.");
        add("login_throttled", 429, "Too many failed logins for this account or from this address; see "
                + "Retry-After (a lock lasts 30 minutes unless an administrator unlocks it).");
        add("internal_error", 500, "A bug or an infrastructure failure; quote the requestId.");
        add("service_unavailable", 503, "A dependency (usually the database) is unavailable; retry (see Retry-After).");
        add("outcome_unknown", 503, "The database failed while committing: the request may or may not have taken "
                + "effect. Retry with the same Idempotency-Key to get the committed answer or run it afresh.");
    }

    private ErrorCatalog() {
    }

    private static void add(String code, int status, String meaning) {
        CODES.put(code, new Entry(status, meaning));
    }

    public static Map<String, Entry> all() {
        return Collections.unmodifiableMap(CODES);
    }

    /** The HTTP status of a rejection kind: the single mapping of the whole API. */
    public static int statusOf(Rejection.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case PAYLOAD_TOO_LARGE -> 413;
            case RATE_LIMITED -> 429;
        };
    }
}
