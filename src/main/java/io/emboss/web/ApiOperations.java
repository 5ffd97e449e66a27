package io.emboss.web;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every operation of the native API ({@code /v1}) as the OpenAPI document describes it, keyed by
 * {@code "METHOD /path"}: its operationId, tag, success status, summary, description, the fields
 * its body requires and an example body. {@link NativeApiDocument} applies it to what springdoc
 * finds in the controllers; a test keeps the two equal (every operation has an entry, every entry an
 * operation). The operationId is a verb and the resource ({@code createCard}, {@code listTransactions},
 * {@code simulateAuthorization}); the SDK's method names come from it, so it never changes once published.
 */
final class ApiOperations {

    /** The tags, in the order the document lists them. */
    enum Tag {
        CUSTOMERS("Customers", "The tenant's cardholders and their KYC. A customer's KYC must be approved before a "
                + "card can be issued to them."),
        WALLETS("Wallets", "A customer's balances per currency, funded by deposits; top-ups move money from a "
                + "wallet onto a card."),
        CARDS("Cards", "Virtual and physical cards: issue, read, change limits and controls, freeze, close, "
                + "assign, activate, set the PIN and read the sensitive details."),
        CARD_PRODUCTS("Card products", "The templates cards are issued from: network, currency, fees, minimum "
                + "and maximum balances, spending limits, validity."),
        TOPUPS("Top-ups", "Money moved onto a card (from the customer's wallet or the tenant's funding balance) "
                + "and withdrawals back to the wallet."),
        AUTHORIZATIONS("Authorizations", "Card authorizations as the network sent them (in the sandbox, through "
                + "the Simulation endpoints)."),
        TRANSACTIONS("Transactions", "Everything that moved money on a card: authorizations, captures, refunds, "
                + "top-ups, withdrawals, fees and force posts; and a card's signed movements."),
        AUTH_RULES("Authorization rules", "The tenant's own rules, run on every authorization after Emboss's "
                + "checks: conditional blocks, velocity limits, merchant locks and 3-D Secure challenges; drafts "
                + "evaluated in shadow, backtests over recorded authorizations, daily reports."),
        DISPUTES("Disputes", "Cardholders' disputes of captured transactions: evidence files, submission to the "
                + "network with provisional credit where the card's product gives it, and the outcome (won, lost, "
                + "expired), each money step a ledger transfer. See docs/disputes.md."),
        THREE_DS("3-D Secure", "One-time codes sent to the cardholder for online purchases above the product's "
                + "threshold."),
        WEBHOOKS("Webhooks", "Endpoints that receive events, signed as Standard Webhooks; their secrets and "
                + "delivery attempts."),
        EVENTS("Events", "Everything that happened, as the webhooks send it: catch up on what a webhook missed "
                + "and ask for a redelivery."),
        DECISION_ENDPOINT("Decision endpoint", "The tenant's own endpoint asked, in real time, to approve or "
                + "decline each authorization."),
        API_KEYS("API keys", "The tenant's secret keys: sk_test_ for the sandbox, sk_live_ for live data."),
        USERS("Users", "The tenant's dashboard users and their permissions."),
        AUTH("Auth", "Dashboard logins: access tokens (15 minutes) and rotating refresh tokens (30 days)."),
        AUDIT("Audit log", "Who did what with the tenant's credentials."),
        BALANCE("Balance", "The tenant's funding balance per currency, which pays for top-ups from the tenant."),
        CLEARING("Clearing and settlement", "The back office: the networks' clearing files matched to "
                + "authorizations and applied, and the settlement reports (interchange, net owed to the network) "
                + "the ledger proves."),
        PLATFORM("Platform", "The platform operator's endpoints, called with the admin token: tenants, KYC "
                + "decisions, login locks, ledger verification."),
        SIMULATION("Simulation", "Sandbox only (sk_test_ keys or sandbox access tokens; live credentials get 403 "
                + "sandbox_only): stand in for the card network, the KYC provider, the bank and the courier.");

        final String title;
        final String description;

        Tag(String title, String description) {
            this.title = title;
            this.description = description;
        }
    }

    /** One operation: what the document says about it beyond what the controller declares. */
    static final class Operation {
        final String key;
        final String id;
        final Tag tag;
        final int success;
        final String summary;
        final String description;
        private boolean conflicts;
        private boolean refersToOthers;
        private List<String> required = List.of();
        private final Map<String, List<String>> values = new LinkedHashMap<>();
        private String example;
        private Set<String> dates = Set.of();
        private final Map<Integer, String> otherSuccesses = new LinkedHashMap<>();
        private boolean upload;
        private boolean binary;

        private Operation(String key, String id, Tag tag, int success, String summary, String description) {
            this.key = key;
            this.id = id;
            this.tag = tag;
            this.success = success;
            this.summary = summary;
            this.description = description;
        }

        String method() {
            return key.substring(0, key.indexOf(' '));
        }

        String path() {
            return key.substring(key.indexOf(' ') + 1);
        }

        /** A 409 other than a reused Idempotency-Key: the object's state or another object refuses it. */
        Operation conflicts() {
            conflicts = true;
            return this;
        }

        /** A 404 for an id named in the body or the query, or for a singleton that may not exist. */
        Operation refersToOthers() {
            refersToOthers = true;
            return this;
        }

        /** Body fields that must be present; {@code merchant.name} names a field of a nested object. */
        Operation required(String... fields) {
            required = List.of(fields);
            return this;
        }

        /**
         * The values a text field of the body ({@code status}, {@code documents[].type}) or a query
         * parameter accepts, where its name alone does not say (ApiRequestBodies knows the others).
         */
        Operation values(String field, String... allowed) {
            values.put(field, List.of(allowed));
            return this;
        }

        /** Query parameters that take a date ({@code 2026-12-01}), not the usual date-time. */
        Operation dates(String... parameters) {
            dates = Set.of(parameters);
            return this;
        }

        Set<String> dateParameters() {
            return dates;
        }

        /** Another success status with the same body (a re-sent upload's 200 beside a new one's 202). */
        Operation alsoAnswers(int status, String description) {
            otherSuccesses.put(status, description);
            return this;
        }

        Map<Integer, String> otherSuccesses() {
            return Collections.unmodifiableMap(otherSuccesses);
        }

        /** The body is multipart/form-data with one binary part, {@code file}, instead of JSON. */
        Operation upload() {
            upload = true;
            return this;
        }

        /** The success answer is the bytes of a file (application/octet-stream), not the JSON envelope. */
        Operation binary() {
            binary = true;
            return this;
        }

        boolean isUpload() {
            return upload;
        }

        boolean isBinary() {
            return binary;
        }

        Operation example(String json) {
            example = json;
            return this;
        }

        boolean conflictsBeyondIdempotency() {
            return conflicts;
        }

        boolean refersToOtherObjects() {
            return refersToOthers;
        }

        List<String> requiredFields() {
            return required;
        }

        Map<String, List<String>> fieldValues() {
            return Collections.unmodifiableMap(values);
        }

        String exampleJson() {
            return example;
        }
    }

    private static final Map<String, Operation> OPERATIONS = new LinkedHashMap<>();

    static {
        customers();
        cards();
        moneyAndTransactions();
        authRules();
        disputes();
        webhooksAndEvents();
        credentials();
        platform();
        clearing();
        simulation();
    }

    private ApiOperations() {
    }

    static Map<String, Operation> all() {
        return Collections.unmodifiableMap(OPERATIONS);
    }

    static Operation find(String method, String path) {
        return OPERATIONS.get(method + " " + path);
    }

    private static Operation op(String key, String id, Tag tag, int success, String summary, String description) {
        Operation op = new Operation(key, id, tag, success, summary, description);
        if (OPERATIONS.put(key, op) != null) {
            throw new IllegalStateException("two entries for " + key);
        }
        return op;
    }

    private static void customers() {
        op("POST /v1/customers", "createCustomer", Tag.CUSTOMERS, 201, "Create a customer",
                "Creates a cardholder with KYC status pending. The email is unique among the tenant's customers "
                        + "in this environment (409 email_already_exists).")
                .required("name", "email")
                .example("{\"name\": \"Ada Lovelace\", \"email\": \"ada@example.com\", \"phone\": \"+573001234567\", "
                        + "\"externalId\": \"crm-4711\"}");
        op("GET /v1/customers", "listCustomers", Tag.CUSTOMERS, 200, "List customers",
                "The tenant's customers in this environment, newest first; filter by exact email or KYC status, or "
                        + "search for text the name or the email contains (any case).")
                .values("kycStatus", "pending", "in_review", "approved", "rejected");
        op("GET /v1/customers/{id}", "getCustomer", Tag.CUSTOMERS, 200, "Retrieve a customer",
                "One customer, with its KYC status.");
        op("PATCH /v1/customers/{id}", "updateCustomer", Tag.CUSTOMERS, 200, "Update a customer",
                "Changes the fields sent and leaves the others; an empty phone or externalId clears it.")
                .conflicts()
                .example("{\"phone\": \"+573009876543\"}");
        op("POST /v1/customers/{id}/kyc", "submitKyc", Tag.CUSTOMERS, 200, "Submit KYC documents",
                "Sends one to ten identity documents for review; the KYC status becomes in_review. In the sandbox "
                        + "the decision is made with simulateKycDecision.")
                .conflicts().required("documents", "documents[].type", "documents[].country")
                .example("{\"documents\": [{\"type\": \"passport\", \"country\": \"CO\", \"reference\": \"AB123456\"}]}")
                .values("documents[].type", "passport", "national_id", "driver_license", "residence_permit",
                        "proof_of_address", "selfie");
        op("GET /v1/customers/{id}/wallets", "listWallets", Tag.WALLETS, 200, "List a customer's wallets",
                "The customer's wallet balance in each currency it holds.");
        op("GET /v1/deposits/{id}", "getDeposit", Tag.WALLETS, 200, "Retrieve a deposit",
                "One deposit into a customer's wallet, with the conversion applied if it had one.");
    }

    private static void cards() {
        op("POST /v1/cards", "createCard", Tag.CARDS, 201, "Issue a card",
                "Issues a card from a product, to a customer whose KYC is approved or unassigned (assign it later). "
                        + "An initialBalance is taken from the tenant's funding balance. Physical cards need a "
                        + "shipping address and start inactive.")
                .conflicts().refersToOthers()
                .required("productId", "shipping.name", "shipping.line1", "shipping.city", "shipping.postalCode",
                        "shipping.country")
                .example("{\"productId\": \"prd_3kTMd9x2QpL7vYc1\", \"customerId\": \"cus_8fKq2LmN4xRt6ZwA\", "
                        + "\"name\": \"Travel\", \"initialBalance\": \"50.00\", "
                        + "\"limits\": {\"daily\": \"500.00\"}, \"controls\": {\"blockedCountries\": [\"RU\"]}}")
                .values("status", "active", "inactive");
        op("GET /v1/cards", "listCards", Tag.CARDS, 200, "List cards",
                "The tenant's cards, newest first; filter by customer, status or product.")
                .values("status", "inactive", "active", "frozen", "closed");
        op("GET /v1/cards/{id}", "getCard", Tag.CARDS, 200, "Retrieve a card",
                "One card with its balance; never the full number or the CVV (see getCardDetails).");
        op("PATCH /v1/cards/{id}", "updateCard", Tag.CARDS, 200, "Update a card",
                "Renames the card, changes its status (freeze, unfreeze) with a reason, its limits or its "
                        + "merchant and country controls. A card is closed with closeCard; a physical card is activated "
                        + "with activateCard.")
                .conflicts()
                .example("{\"status\": \"frozen\", \"reason\": \"lost\"}")
                .values("status", "active", "frozen");
        op("DELETE /v1/cards/{id}", "closeCard", Tag.CARDS, 200, "Close a card",
                "Closes the card for good; what it holds returns to the customer's wallet. The body is optional.")
                .conflicts()
                .example("{\"reason\": \"customer request\"}");
        op("GET /v1/cards/{id}/balance", "getCardBalance", Tag.CARDS, 200, "Retrieve a card's balance",
                "Available, pending (held by authorizations), posted, and refundable (what closing would return).");
        op("GET /v1/cards/{id}/details", "getCardDetails", Tag.CARDS, 200, "Reveal a card's number and CVV",
                "The full number, CVV and expiry. Needs the cards:read_sensitive permission; every read is audited "
                        + "and limited per hour (429 rate_limited with Retry-After). Never cached.");
        op("POST /v1/cards/{id}/assign", "assignCard", Tag.CARDS, 200, "Assign a card to a customer",
                "Gives an unassigned card to a customer whose KYC is approved.")
                .conflicts().refersToOthers().required("customerId")
                .example("{\"customerId\": \"cus_8fKq2LmN4xRt6ZwA\"}");
        op("POST /v1/cards/{id}/activation", "activateCard", Tag.CARDS, 200, "Activate a card",
                "Activates an inactive card (a physical card once delivered), optionally setting its PIN.")
                .conflicts()
                .example("{\"pin\": \"4821\"}");
        op("PUT /v1/cards/{id}/pin", "setCardPin", Tag.CARDS, 200, "Set a card's PIN",
                "Sets or changes the PIN (4 to 6 digits, not trivially guessable).")
                .conflicts().required("pin")
                .example("{\"pin\": \"4821\"}");
        op("POST /v1/card-products", "createCardProduct", Tag.CARD_PRODUCTS, 201, "Create a card product",
                "A template for cards: network, form factor, currency, fees, balances, limits and validity.")
                .required("name", "network", "formFactor", "currency", "issuanceFee", "topupFee", "topupFee.fixed",
                        "topupFee.percent", "minTopup", "maxBalance", "limits", "limits.perTransaction",
                        "limits.daily", "limits.monthly", "validityMonths")
                .example("{\"name\": \"Virtual USD\", \"network\": \"visa\", \"formFactor\": \"virtual\", "
                        + "\"currency\": \"USD\", \"issuanceFee\": \"1.00\", "
                        + "\"topupFee\": {\"fixed\": \"0.50\", \"percent\": \"1.5\"}, \"minTopup\": \"10.00\", "
                        + "\"maxBalance\": \"5000.00\", \"limits\": {\"perTransaction\": \"1000.00\", "
                        + "\"daily\": \"2000.00\", \"monthly\": \"10000.00\"}, \"validityMonths\": 36}");
        op("GET /v1/card-products", "listCardProducts", Tag.CARD_PRODUCTS, 200, "List card products",
                "The tenant's card products, newest first.");
        op("GET /v1/card-products/{id}", "getCardProduct", Tag.CARD_PRODUCTS, 200, "Retrieve a card product",
                "One card product.");
        op("PATCH /v1/card-products/{id}", "updateCardProduct", Tag.CARD_PRODUCTS, 200, "Update a card product",
                "Changes the fields sent. Network, currency, form factor and BIN cannot change once cards were "
                        + "issued from the product (409 invalid_state).")
                .conflicts()
                .example("{\"maxBalance\": \"8000.00\"}");
    }

    private static void moneyAndTransactions() {
        op("POST /v1/cards/{id}/topups", "createTopup", Tag.TOPUPS, 201, "Top up a card",
                "Moves money onto the card from the customer's wallet (source wallet, the default) or the tenant's "
                        + "funding balance (source tenant), less the product's fee; a currency other than the "
                        + "card's is converted. Products that settle asynchronously answer pending.")
                .conflicts().required("amount")
                .example("{\"amount\": \"100.00\", \"source\": \"wallet\"}");
        op("GET /v1/cards/{id}/topups", "listCardTopups", Tag.TOPUPS, 200, "List a card's top-ups",
                "The card's top-ups and withdrawals, newest first.");
        op("GET /v1/topups/{id}", "getTopup", Tag.TOPUPS, 200, "Retrieve a top-up", "One top-up or withdrawal.");
        op("POST /v1/cards/{id}/withdrawals", "createWithdrawal", Tag.TOPUPS, 201, "Withdraw from a card",
                "Moves money from the card back to the customer's wallet, keeping the product's minBalance.")
                .conflicts().required("amount")
                .example("{\"amount\": \"25.00\"}");
        op("GET /v1/authorizations/{id}", "getAuthorization", Tag.AUTHORIZATIONS, 200, "Retrieve an authorization",
                "One authorization with its status, decline reason if any, and its captures.");
        op("GET /v1/transactions", "listTransactions", Tag.TRANSACTIONS, 200, "List transactions",
                "Card transactions, newest first; filter by card, customer, type, status, a time range (from, to: "
                        + "ISO-8601) or a search over the merchant's name.")
                .values("type", "authorization", "refund", "topup", "withdrawal", "fee", "force_post")
                .values("status", "pending", "completed", "declined", "reversed", "expired");
        op("GET /v1/transactions/{id}", "getTransaction", Tag.TRANSACTIONS, 200, "Retrieve a transaction",
                "One card transaction.");
        op("GET /v1/cards/{id}/movements", "listCardMovements", Tag.TRANSACTIONS, 200, "List a card's movements",
                "The signed amounts that changed the card's balance, newest first.");
        op("GET /v1/cards/{id}/otps", "listCardOtps", Tag.THREE_DS, 200, "List a card's active 3-D Secure codes",
                "The one-time codes waiting for the cardholder on this card (the code itself is only sent to the "
                        + "cardholder; in the sandbox it is shown here).");
        op("GET /v1/balance", "getBalance", Tag.BALANCE, 200, "Retrieve the tenant's funding balance",
                "The tenant's funding balance in each currency.");
    }

    private static void disputes() {
        String[] reasons = {"fraudulent", "not_received", "duplicate", "canceled", "not_as_described",
                "credit_not_processed", "other"};
        op("POST /v1/disputes", "createDispute", Tag.DISPUTES, 201, "Create a dispute",
                "Disputes a captured purchase (an authorization or force post of the caller's, within the network's "
                        + "window, 120 days by default) for an amount (by default all that remains disputable: "
                        + "captured, less refunds and other disputes that are not lost or expired). The dispute is "
                        + "unsubmitted: change it, add evidence files, then submit it. See docs/disputes.md.")
                .refersToOthers().conflicts().required("transactionId", "reason", "explanation")
                .values("reason", reasons)
                .example("{\"transactionId\": \"txn_4kLp9sRt1bXv7nQ2\", \"reason\": \"not_received\", "
                        + "\"amount\": \"42.50\", \"explanation\": \"Ordered on 2 Nov, never delivered; the merchant "
                        + "does not answer.\", \"evidence\": \"Order 1234, tracking 1Z999 shows no movement.\"}");
        op("GET /v1/disputes", "listDisputes", Tag.DISPUTES, 200, "List disputes",
                "The tenant's disputes, newest first; filter by status, transactionId, cardId, reason and creation "
                        + "time.")
                .values("status", "unsubmitted", "submitted", "won", "lost", "expired")
                .values("reason", reasons);
        op("GET /v1/disputes/{id}", "getDispute", Tag.DISPUTES, 200, "Retrieve a dispute",
                "The dispute, its status and what it moved (provisionalCredit, recoveredAmount).");
        op("PATCH /v1/disputes/{id}", "updateDispute", Tag.DISPUTES, 200, "Change a dispute",
                "Changes the reason, amount, explanation or evidence of an unsubmitted dispute (409 invalid_state "
                        + "once submitted).")
                .conflicts().values("reason", reasons)
                .example("{\"amount\": \"20.00\", \"explanation\": \"Only the second item never arrived.\"}");
        op("POST /v1/disputes/{id}/submit", "submitDispute", Tag.DISPUTES, 200, "Submit a dispute",
                "Sends the dispute to the network (status submitted). When the card's product gives provisional "
                        + "credit, the amount is credited to the card now from the dispute-suspense account.")
                .conflicts();
        op("POST /v1/disputes/{id}/files", "uploadDisputeFile", Tag.DISPUTES, 201, "Upload an evidence file",
                "multipart/form-data with one part, file: a PDF, PNG, JPEG or plain UTF-8 text file (its type is "
                        + "decided from its bytes), at most 5 MB; at most 10 files per dispute, added while it is "
                        + "unsubmitted. The same bytes again answer 200 with the file stored the first time.")
                .alsoAnswers(200, "These bytes were stored with the dispute before: that file")
                .conflicts().upload().required("file");
        op("GET /v1/disputes/{id}/files", "listDisputeFiles", Tag.DISPUTES, 200, "List a dispute's evidence files",
                "Every file of the dispute (at most 10), oldest first: name, detected type, size, SHA-256.");
        op("GET /v1/disputes/{id}/files/{fileId}/content", "downloadDisputeFile", Tag.DISPUTES, 200,
                "Download an evidence file",
                "The file's bytes, always as an attachment (application/octet-stream, X-Content-Type-Options: "
                        + "nosniff, Content-Security-Policy: sandbox), never rendered inline.")
                .binary();
    }

    private static void authRules() {
        op("POST /v1/auth-rules", "createAuthRule", Tag.AUTH_RULES, 201, "Create an authorization rule",
                "A rule of a type (conditional_block, velocity_limit, merchant_lock, conditional_3ds) with its "
                        + "parameters, a scope (the tenant, products, cards or customers, minus excludedCardIds) and a "
                        + "mode (active declines, shadow only records what it would decline). It is active at once, "
                        + "or a draft (state draft) evaluated in shadow until promoted. At most 100 active rules, 20 "
                        + "conditions per rule, regular expressions of 200 characters. See docs/auth-rules.md.")
                .refersToOthers().required("name", "type", "parameters")
                .values("type", "conditional_block", "velocity_limit", "merchant_lock", "conditional_3ds")
                .values("mode", "active", "shadow")
                .values("state", "active", "draft")
                .values("scope.level", "tenant", "product", "card", "customer")
                .values("parameters.scope", "card", "customer")
                .values("parameters.conditions[].attribute", "mcc", "merchant_country", "merchant_name", "merchant_id", "amount", "merchant_currency", "channel", "three_ds_verified", "pin_present", "hour_of_day_utc", "card_age_days")
                .values("parameters.conditions[].operation", "is_one_of", "is_not_one_of", "greater_than", "less_than", "matches")
                .example("{\"name\": \"No gambling abroad\", \"type\": \"conditional_block\", "
                        + "\"parameters\": {\"conditions\": [{\"attribute\": \"mcc\", \"operation\": \"is_one_of\", "
                        + "\"value\": [\"7995\"]}, {\"attribute\": \"merchant_country\", "
                        + "\"operation\": \"is_not_one_of\", \"value\": [\"US\"]}]}, "
                        + "\"scope\": {\"level\": \"tenant\"}, \"mode\": \"active\"}");
        op("GET /v1/auth-rules", "listAuthRules", Tag.AUTH_RULES, 200, "List authorization rules",
                "The tenant's rules, newest first; type and state filter them, cardId and productId keep the rules "
                        + "whose scope may judge that card or product.")
                .refersToOthers()
                .values("type", "conditional_block", "velocity_limit", "merchant_lock", "conditional_3ds")
                .values("state", "draft", "active", "inactive");
        op("GET /v1/auth-rules/{id}", "getAuthRule", Tag.AUTH_RULES, 200, "Retrieve an authorization rule",
                "The rule's current version and, when a change waits, its draft.");
        op("PATCH /v1/auth-rules/{id}", "updateAuthRule", Tag.AUTH_RULES, 200, "Change an authorization rule",
                "Creates a new draft version from the fields sent (the rest as in the latest version); the active "
                        + "version keeps deciding, and the draft is evaluated in shadow, until it is promoted. The "
                        + "type cannot change; a deactivated rule cannot be changed (409 rule_inactive).")
                .conflicts().refersToOthers()
                .values("mode", "active", "shadow")
                .values("scope.level", "tenant", "product", "card", "customer")
                .values("parameters.scope", "card", "customer")
                .values("parameters.conditions[].attribute", "mcc", "merchant_country", "merchant_name", "merchant_id", "amount", "merchant_currency", "channel", "three_ds_verified", "pin_present", "hour_of_day_utc", "card_age_days")
                .values("parameters.conditions[].operation", "is_one_of", "is_not_one_of", "greater_than", "less_than", "matches")
                .example("{\"parameters\": {\"merchants\": [{\"name\": \"Acme Supplies\"}]}}");
        op("POST /v1/auth-rules/{id}/promote", "promoteAuthRule", Tag.AUTH_RULES, 200,
                "Promote an authorization rule's draft",
                "The draft becomes the active version and decides from now on (409 no_draft without one).")
                .conflicts();
        op("DELETE /v1/auth-rules/{id}", "deleteAuthRule", Tag.AUTH_RULES, 200, "Deactivate an authorization rule",
                "The rule stops deciding at once (state inactive); its versions, hits and reports are kept.");
        op("POST /v1/auth-rules/{id}/backtests", "createAuthRuleBacktest", Tag.AUTH_RULES, 202,
                "Backtest an authorization rule",
                "Replays the rule's draft (or active) version over the tenant's recorded authorizations in [start, "
                        + "end), in time order (velocity rules with their windows), in the background; poll the "
                        + "backtest or wait for auth_rule.backtest_completed.")
                .required("start", "end")
                .example("{\"start\": \"2026-11-01T00:00:00Z\", \"end\": \"2026-12-01T00:00:00Z\"}");
        op("GET /v1/auth-rules/{id}/backtests/{backtestId}", "getAuthRuleBacktest", Tag.AUTH_RULES, 200,
                "Retrieve a backtest", "Its status (pending, completed, failed) and, once completed, its counts.");
        op("GET /v1/auth-rules/{id}/report", "getAuthRuleReport", Tag.AUTH_RULES, 200,
                "Report on an authorization rule",
                "Per UTC day from..to (dates, both included; the last 7 days by default, at most 92): what the "
                        + "active versions and the drafts beside them evaluated, declined, would have declined and "
                        + "let through.")
                .dates("from", "to");
    }

    private static void webhooksAndEvents() {
        op("POST /v1/webhook-endpoints", "createWebhookEndpoint", Tag.WEBHOOKS, 201, "Create a webhook endpoint",
                "Registers a URL to receive the events listed (or * for all). The answer shows the signing "
                        + "secret once. At most 20 endpoints per environment.")
                .conflicts().required("url", "events")
                .example("{\"url\": \"https://example.com/emboss/webhooks\", \"events\": [\"card.created\", "
                        + "\"transaction.created\"], \"description\": \"Production listener\"}");
        op("GET /v1/webhook-endpoints", "listWebhookEndpoints", Tag.WEBHOOKS, 200, "List webhook endpoints",
                "The tenant's webhook endpoints in this environment, newest first.");
        op("GET /v1/webhook-endpoints/{id}", "getWebhookEndpoint", Tag.WEBHOOKS, 200, "Retrieve a webhook endpoint",
                "One webhook endpoint, without its secret.");
        op("PATCH /v1/webhook-endpoints/{id}", "updateWebhookEndpoint", Tag.WEBHOOKS, 200,
                "Update a webhook endpoint", "Changes the URL, the events, the description, or disables it.")
                .example("{\"enabled\": false}");
        op("DELETE /v1/webhook-endpoints/{id}", "deleteWebhookEndpoint", Tag.WEBHOOKS, 200,
                "Delete a webhook endpoint", "Stops all deliveries to the endpoint and removes it.");
        op("POST /v1/webhook-endpoints/{id}/rotate-secret", "rotateWebhookSecret", Tag.WEBHOOKS, 200,
                "Rotate a webhook endpoint's secret",
                "Issues a new signing secret, shown once; deliveries are signed with both for overlapSeconds "
                        + "(default 24 hours, at most 7 days).")
                .example("{\"overlapSeconds\": 3600}");
        op("GET /v1/webhook-endpoints/{id}/deliveries", "listWebhookDeliveries", Tag.WEBHOOKS, 200,
                "List delivery attempts", "The endpoint's delivery attempts, newest first; filter by event.");
        op("GET /v1/events", "listEvents", Tag.EVENTS, 200, "List events",
                "Events, newest first, as the webhooks send them; filter by type and creation time.");
        op("GET /v1/events/{id}", "getEvent", Tag.EVENTS, 200, "Retrieve an event", "One event.");
        op("POST /v1/events/{id}/redeliver", "redeliverEvent", Tag.EVENTS, 200, "Redeliver an event",
                "Sends the event again to every endpoint subscribed to it, or to the one named.")
                .conflicts().refersToOthers()
                .example("{\"endpointId\": \"we_5pQr8sTu1vWx3yZa\"}");
        op("GET /v1/authorization-endpoint", "getDecisionEndpoint", Tag.DECISION_ENDPOINT, 200,
                "Retrieve the decision endpoint", "The endpoint asked to decide authorizations (404 when none is set).")
                .refersToOthers();
        op("PUT /v1/authorization-endpoint", "saveDecisionEndpoint", Tag.DECISION_ENDPOINT, 200,
                "Set the decision endpoint",
                "Sets the URL asked to approve or decline each authorization within timeoutMs, and what happens "
                        + "when it does not answer (standIn). The signing secret is shown when it is new.")
                .required("url")
                .example("{\"url\": \"https://example.com/emboss/decide\", \"standIn\": \"decline\", "
                        + "\"timeoutMs\": 1500}");
        op("DELETE /v1/authorization-endpoint", "deleteDecisionEndpoint", Tag.DECISION_ENDPOINT, 200,
                "Remove the decision endpoint", "Authorizations are decided by Emboss's own rules alone again.");
    }

    private static void credentials() {
        op("POST /v1/api-keys", "createApiKey", Tag.API_KEYS, 201, "Create an API key",
                "A new key for the environment of the credentials used; its secret is shown once. The body is "
                        + "optional.")
                .example("{\"name\": \"Backend\", \"permissions\": [\"admin\"]}");
        op("GET /v1/api-keys", "listApiKeys", Tag.API_KEYS, 200, "List API keys",
                "The tenant's keys in this environment, newest first, redacted.");
        op("DELETE /v1/api-keys/{id}", "revokeApiKey", Tag.API_KEYS, 200, "Revoke an API key",
                "The key stops working at once.");
        op("GET /v1/users", "listUsers", Tag.USERS, 200, "List users", "The tenant's dashboard users.");
        op("PATCH /v1/users/{id}", "updateUser", Tag.USERS, 200, "Change a user's permissions",
                "Replaces the user's permissions; a user cannot change their own.")
                .required("permissions")
                .values("permissions[]", io.emboss.shared.Caller.ALL_PERMISSIONS.stream().sorted().toArray(String[]::new))
                .example("{\"permissions\": [\"admin\", \"cards:read_sensitive\"]}");
        op("POST /v1/users/{id}/unlock", "unlockUser", Tag.USERS, 200, "Unlock a user",
                "Lifts the lock that failed logins put on the user's account.");
        op("POST /v1/auth/login", "login", Tag.AUTH, 200, "Log in",
                "Exchanges a dashboard user's email and password for an access token and a refresh token, bound to "
                        + "the environment asked for (sandbox by default). Failed logins are throttled per account "
                        + "and per address (429 login_throttled with Retry-After).")
                .required("email", "password")
                .example("{\"email\": \"owner@example.com\", \"password\": \"correct horse battery staple\", "
                        + "\"environment\": \"sandbox\"}");
        op("POST /v1/auth/refresh", "refreshToken", Tag.AUTH, 200, "Refresh an access token",
                "Exchanges a refresh token for a new access token and a new refresh token. A refresh token works "
                        + "once: presented again, every token of its login is revoked (401 refresh_token_reused).")
                .required("refreshToken")
                .example("{\"refreshToken\": \"rt_Xy7pQ2mN9vLk4sT8wR1zA6bC3dE5fG0h\"}");
        op("POST /v1/auth/logout", "logout", Tag.AUTH, 200, "Log out",
                "Revokes the access token used and every token of its login. Only for access tokens (API keys get "
                        + "403).");
        op("GET /v1/audit-logs", "listAuditLogs", Tag.AUDIT, 200, "List audit log entries",
                "Who did what with the tenant's credentials in this environment, newest first.");
    }

    private static void platform() {
        op("POST /v1/platform/tenants", "createTenant", Tag.PLATFORM, 201, "Create a tenant",
                "Creates a tenant, its first (admin) user and a sandbox and a live API key, shown once.")
                .conflicts().required("name", "adminEmail", "adminPassword")
                .example("{\"name\": \"Acme Fintech\", \"adminEmail\": \"owner@acme.example\", "
                        + "\"adminPassword\": \"correct horse battery staple\"}");
        op("GET /v1/platform/tenants", "listTenants", Tag.PLATFORM, 200, "List tenants", "Every tenant, newest first.");
        op("GET /v1/platform/tenants/{id}", "getTenant", Tag.PLATFORM, 200, "Retrieve a tenant", "One tenant.");
        op("PATCH /v1/platform/tenants/{id}", "updateTenant", Tag.PLATFORM, 200, "Update a tenant",
                "Renames, suspends or reactivates a tenant, sets its hourly rate limit (null: the default) or "
                        + "delegates live KYC decisions to it.")
                .example("{\"status\": \"suspended\"}")
                .values("status", "active", "suspended");
        op("POST /v1/platform/login-locks/unlock", "unlockLogins", Tag.PLATFORM, 200, "Lift login locks",
                "Lifts the locks that failed logins put on an account (by email), a client address, or both.")
                .example("{\"email\": \"owner@acme.example\"}");
        op("POST /v1/platform/customers/{id}/kyc", "decideKycAsOperator", Tag.PLATFORM, 200,
                "Decide a customer's KYC", "The operator's KYC decision for a live customer in review.")
                .conflicts().required("decision")
                .example("{\"decision\": \"approved\"}");
        op("GET /v1/platform/ledger/verification", "verifyLedger", Tag.PLATFORM, 200, "Verify the ledger",
                "Checks every invariant of the double-entry ledger and lists any problem found.");
    }

    private static void clearing() {
        op("POST /v1/platform/clearing-files", "ingestClearingFile", Tag.CLEARING, 202, "Ingest a clearing file",
                "The operator sends a network's daily clearing file: the CSV as the body (text/csv), a "
                        + "multipart/form-data upload with a part named file, or the records as JSON. The file is "
                        + "staged whole (a file refused as a whole answers 400 invalid_clearing_file and stages "
                        + "nothing) and applied in the background; poll its progress. The same bytes sent again "
                        + "answer 200 with the file they made the first time, and change nothing.")
                .alsoAnswers(200, "The same bytes were ingested before: that file, unchanged")
                .dates("settlementDate")
                .example("{\"settlementDate\": \"2026-12-01\", \"records\": [{\"recordId\": \"vs-0001\", "
                        + "\"network\": \"visa\", \"recordType\": \"presentment\", \"cardId\": \"card_2bXv7nQ4kLp9sRt1\", "
                        + "\"networkReference\": \"NR-123\", \"transactionAmount\": \"42.50\", "
                        + "\"transactionCurrency\": \"USD\", \"settlementAmount\": \"42.50\", \"settlementCurrency\": "
                        + "\"USD\", \"interchangeFee\": \"0.64\", \"transactionDate\": \"2026-11-30\"}]}");
        op("GET /v1/platform/clearing-files", "listPlatformClearingFiles", Tag.CLEARING, 200, "List clearing files",
                "Every clearing file, newest first, with its progress and outcome counts.");
        op("GET /v1/platform/clearing-files/{id}", "getPlatformClearingFile", Tag.CLEARING, 200,
                "Retrieve a clearing file", "Its status (processing, completed), progress and outcome counts.");
        op("GET /v1/platform/clearing-files/{id}/records", "listPlatformClearingRecords", Tag.CLEARING, 200,
                "List a clearing file's records",
                "What each record did, in line order; outcome filters them; the cursor is a line number.")
                .values("outcome", "matched", "over_cleared", "under_cleared", "further_capture", "force_posted",
                        "released", "refunded", "dispute_won", "dispute_lost", "duplicate", "rejected");
        op("GET /v1/clearing-files", "listClearingFiles", Tag.CLEARING, 200, "List the tenant's clearing files",
                "The clearing files the tenant simulated in sandbox, newest first.");
        op("GET /v1/clearing-files/{id}", "getClearingFile", Tag.CLEARING, 200, "Retrieve a simulated clearing file",
                "One of the tenant's simulated clearing files.");
        op("GET /v1/clearing-files/{id}/records", "listClearingRecords", Tag.CLEARING, 200,
                "List a simulated clearing file's records", "What each record did, in line order.")
                .values("outcome", "matched", "over_cleared", "under_cleared", "further_capture", "force_posted",
                        "released", "refunded", "dispute_won", "dispute_lost", "duplicate", "rejected");
        op("GET /v1/settlement-reports", "listSettlementReports", Tag.CLEARING, 200, "List settlement reports",
                "The tenant's settlement per day, network and currency (of one date, or the latest 500), each "
                        + "with the ledger transfers that book it.")
                .dates("date");
        op("GET /v1/settlement-reports/{id}", "getSettlementReport", Tag.CLEARING, 200, "Retrieve a settlement report",
                "One day's settlement for a network and currency, with its ledger transfers.");
        op("GET /v1/platform/settlement-reports", "listPlatformSettlementReports", Tag.CLEARING, 200,
                "The platform's settlement of a day",
                "Every tenant's reports of the date, summed per network, currency and mode.")
                .dates("date")
                .values("network", "visa", "mastercard");
    }

    private static void simulation() {
        op("POST /v1/simulate/clearing", "simulateClearing", Tag.SIMULATION, 202, "Simulate a clearing file",
                "Acts as the network: writes the clearing file for the tenant's pending authorizations (all, or "
                        + "those named, each for what it holds or the amount given) and ingests it as the "
                        + "tenant's file. The same file again answers 200 with the first.")
                .alsoAnswers(200, "The same file was simulated before: that file, unchanged")
                .conflicts()
                .example("{\"authorizations\": [{\"authorizationId\": \"auth_7Hq2LmN4pR8sT1vW\", \"amount\": "
                        + "\"45.00\"}], \"settlementDate\": \"2026-12-01\", \"interchangePercent\": \"1.5\"}");
        op("POST /v1/simulate/authorizations", "simulateAuthorization", Tag.SIMULATION, 201,
                "Simulate an authorization",
                "Acts as the card network: asks to authorize a purchase on a card, by id or by number and expiry "
                        + "(with CVV or PIN if given). The answer is the authorization, approved or declined with "
                        + "a reason; an approval holds the amount.")
                .refersToOthers()
                .required("amount", "currency", "merchant", "merchant.name", "merchant.mcc", "merchant.country")
                .example("{\"cardId\": \"card_2bXv7nQ4kLp9sRt1\", \"amount\": \"42.50\", \"currency\": \"USD\", "
                        + "\"merchant\": {\"name\": \"Blue Bottle Coffee\", \"mcc\": \"5814\", \"city\": \"Bogota\", "
                        + "\"country\": \"CO\"}, \"channel\": \"online\"}");
        op("POST /v1/simulate/authorizations/{id}/capture", "captureAuthorization", Tag.SIMULATION, 200,
                "Capture an authorization",
                "Captures the amount (default: all that is held); finalCapture false keeps the rest held for more "
                        + "captures. The body is optional.")
                .conflicts()
                .example("{\"amount\": \"42.50\", \"finalCapture\": true}");
        op("POST /v1/simulate/authorizations/{id}/reverse", "reverseAuthorization", Tag.SIMULATION, 200,
                "Reverse an authorization", "Releases the amount held (default: all of it). The body is optional.")
                .conflicts()
                .example("{\"amount\": \"10.00\"}");
        op("POST /v1/simulate/authorizations/{id}/increment", "incrementAuthorization", Tag.SIMULATION, 200,
                "Increment an authorization", "Asks to hold more on a pending authorization (a hotel's extra night).")
                .conflicts().required("amount")
                .example("{\"amount\": \"15.00\"}");
        op("POST /v1/simulate/authorizations/{id}/expire", "expireAuthorization", Tag.SIMULATION, 200,
                "Expire an authorization", "Expires a pending authorization now, releasing what it holds.")
                .conflicts();
        op("POST /v1/simulate/refunds", "simulateRefund", Tag.SIMULATION, 201, "Simulate a refund",
                "A merchant refund onto the card, tied to an authorization or not.")
                .conflicts().refersToOthers()
                .required("cardId", "amount", "merchant.name", "merchant.mcc", "merchant.country")
                .example("{\"cardId\": \"card_2bXv7nQ4kLp9sRt1\", \"amount\": \"12.00\", "
                        + "\"authorizationId\": \"auth_7mNp3qRs5tUv8wXy\"}");
        op("POST /v1/simulate/force-posts", "simulateForcePost", Tag.SIMULATION, 201, "Simulate a force post",
                "A capture the network posts without a prior authorization; it is taken even past the balance.")
                .conflicts().refersToOthers()
                .required("cardId", "amount", "merchant", "merchant.name", "merchant.mcc", "merchant.country")
                .example("{\"cardId\": \"card_2bXv7nQ4kLp9sRt1\", \"amount\": \"8.75\", \"merchant\": {\"name\": "
                        + "\"Transit Authority\", \"mcc\": \"4111\", \"country\": \"CO\"}}");
        op("POST /v1/simulate/deposits", "simulateDeposit", Tag.SIMULATION, 201, "Simulate a deposit",
                "Money arriving in a customer's wallet; creditCurrency converts it at the configured rate, less "
                        + "the conversion fee.")
                .conflicts().refersToOthers().required("customerId", "currency", "amount")
                .example("{\"customerId\": \"cus_8fKq2LmN4xRt6ZwA\", \"currency\": \"USD\", \"amount\": \"500.00\"}");
        op("POST /v1/simulate/tenant-funding", "simulateTenantFunding", Tag.SIMULATION, 201,
                "Simulate tenant funding", "Money arriving in the tenant's funding balance.")
                .required("currency", "amount")
                .example("{\"currency\": \"USD\", \"amount\": \"10000.00\"}");
        op("POST /v1/simulate/customers/{id}/kyc", "simulateKycDecision", Tag.SIMULATION, 200,
                "Simulate a KYC decision", "Acts as the KYC provider: approves or rejects the customer.")
                .conflicts().required("decision")
                .example("{\"decision\": \"approved\"}");
        op("POST /v1/simulate/cards/{id}/shipping", "simulateCardShipping", Tag.SIMULATION, 200,
                "Simulate a shipping update", "Acts as the courier for a physical card: shipped, delivered or returned.")
                .conflicts().required("status")
                .example("{\"status\": \"delivered\"}")
                .values("status", "shipped", "delivered", "returned");
        op("POST /v1/simulate/topups/{id}", "simulateTopupSettlement", Tag.SIMULATION, 200,
                "Settle a pending top-up", "Acts as the bank: the pending top-up succeeds or fails now.")
                .conflicts().required("result")
                .example("{\"result\": \"succeeded\"}");
        op("POST /v1/simulate/disputes/{id}/resolve", "simulateDisputeResolution", Tag.SIMULATION, 200,
                "Simulate a dispute's outcome", "Acts as the network on a submitted dispute: won (the chargeback is "
                        + "paid), lost (the merchant re-presented; a provisional credit is taken back) or expired.")
                .conflicts().required("outcome").values("outcome", "won", "lost", "expired")
                .example("{\"outcome\": \"won\"}");
        op("POST /v1/simulate/3ds/{otpId}/verify", "verifyThreeDsCode", Tag.SIMULATION, 200,
                "Enter a 3-D Secure code", "Acts as the cardholder entering the one-time code of a 3-D Secure "
                        + "challenge.")
                .conflicts().required("code")
                .example("{\"code\": \"123456\"}");
    }
}
