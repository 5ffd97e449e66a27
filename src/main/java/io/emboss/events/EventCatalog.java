package io.emboss.events;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every event type Emboss emits and what it means. docs/events.md mirrors this table; a test keeps
 * the two equal. Modules add their types here when they start publishing them.
 */
public final class EventCatalog {
    private static final Map<String, String> TYPES = new LinkedHashMap<>();

    static {
        TYPES.put("customer.created", "A customer was created (kycStatus pending).");
        TYPES.put("customer.updated", "A customer's name, email, phone or externalId changed.");
        TYPES.put("customer.kyc_updated", "A customer's kycStatus changed: in_review, approved or rejected.");
        TYPES.put("wallet.deposit_succeeded", "Money was deposited into a customer's wallet (the deposit object).");
        TYPES.put("balance.funding_succeeded", "The tenant's funding balance was credited (the deposit object).");
        TYPES.put("card.created", "A card was issued (status active, or inactive for physical cards).");
        TYPES.put("card.updated", "A card's name, limits or controls changed, or a closed card returned a hold "
                + "released after it closed (refundAmount grew).");
        TYPES.put("card.status_changed", "A card was frozen, unfrozen or otherwise changed status; with reason and actor.");
        TYPES.put("card.status_confirmed", "A status change was asked for a card already in that status (a repeated "
                + "LOCK or UNLOCK of the ops profile); nothing changed, the request is confirmed.");
        TYPES.put("card.closed", "A card was closed for good; refundAmount went back to the wallet or funding balance.");
        TYPES.put("card.activated", "An inactive card was activated (a physical card with its PIN).");
        TYPES.put("card.assigned", "An unassigned card was given to a customer.");
        TYPES.put("card.shipping_updated", "A physical card's fulfilment moved: shipped, delivered or returned.");
        TYPES.put("card.pin_changed", "A card's PIN was changed (the PIN itself is never in an event).");
        TYPES.put("topup.created", "An asynchronous top-up was accepted; funds are held until it settles.");
        TYPES.put("topup.succeeded", "A top-up completed; the card holds the money (final amounts and balances).");
        TYPES.put("topup.failed", "An asynchronous top-up failed; the held funds went back to the source.");
        TYPES.put("withdrawal.succeeded", "Money moved back from a card to the wallet or funding balance.");
        TYPES.put("authorization.created", "An authorization was approved; its amount is held on the card.");
        TYPES.put("authorization.declined", "An authorization was declined; declineReason says why.");
        TYPES.put("transaction.created", "A refund, force-post, top-up or withdrawal was recorded on a card.");
        TYPES.put("transaction.updated", "An authorization was captured, reversed, incremented or expired; "
                + "after a final capture reversedAmount shows what it released.");
        TYPES.put("otp.created", "An online purchase waits for a 3-D Secure code (read it with GET /v1/cards/{id}/otps).");
        TYPES.put("auth_rule.created", "An authorization rule was created (active, or a draft evaluated in shadow).");
        TYPES.put("auth_rule.updated", "A rule was changed: the change is a new draft version; the active version keeps deciding.");
        TYPES.put("auth_rule.promoted", "A rule's draft became its active version.");
        TYPES.put("auth_rule.deactivated", "A rule was deleted: it no longer decides; its versions, hits and reports are kept.");
        TYPES.put("auth_rule.backtest_completed", "A backtest finished replaying a rule over recorded authorizations (its counts).");
        TYPES.put("settlement_report.created", "A clearing file settled the first records of a day, network and "
                + "currency for the tenant: its settlement report (interchange credited, net owed to the network).");
        TYPES.put("settlement_report.updated", "A later clearing file of the same day added to the tenant's settlement "
                + "report.");
        TYPES.put("dispute.created", "A dispute of a captured transaction was created (status unsubmitted).");
        TYPES.put("dispute.updated", "An unsubmitted dispute's reason, amount, explanation or evidence changed.");
        TYPES.put("dispute.submitted", "A dispute was submitted to the network; provisionalCredit shows what was "
                + "credited to the card, if its product gives provisional credit.");
        TYPES.put("dispute.won", "The network decided a dispute for the cardholder (status won).");
        TYPES.put("dispute.lost", "The network decided a dispute for the merchant (status lost); a provisional "
                + "credit was taken back from the card.");
        TYPES.put("dispute.expired", "A submitted dispute expired without a decision (status expired); a "
                + "provisional credit was taken back from the card.");
        TYPES.put("dispute.funds_reinstated", "A won dispute's money is the cardholder's for good: the provisional "
                + "credit became final, or the network's chargeback was credited to the card.");
        TYPES.put("webhook_endpoint.disabled", "An endpoint failed continuously past the limit and was disabled.");
    }

    private EventCatalog() {
    }

    public static Map<String, String> all() {
        return Collections.unmodifiableMap(TYPES);
    }

    public static boolean known(String type) {
        return TYPES.containsKey(type);
    }
}
