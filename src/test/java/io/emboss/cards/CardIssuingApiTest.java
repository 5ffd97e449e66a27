package io.emboss.cards;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issuing cards (fees and initial balance through the ledger, KYC, funds, form factors),
 * assigning them, listing them, and their spending limits and controls, through the HTTP API.
 * The default virtual product charges a 1.00 USD issuance fee, the physical one 5.00, and both
 * cap the balance at 10000.00.
 */
class CardIssuingApiTest extends CardTestBase {

    @Test
    void issuing_charges_the_fee_and_the_initial_balance_to_the_wallet_in_one_balanced_operation() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String customer = fundedCustomer(key, "100.00");
        String funding = fundingAvailable(key, "USD");
        String product = defaultProduct(key, "VIRTUAL");

        Api.Resp r = api.post("/v1/cards", key, body("customerId", customer, "productId", product, "name", "Groceries",
                "initialBalance", "25.50"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        JsonNode card = r.data();
        assertThat(card.get("id").asString()).startsWith("card_");
        assertThat(card.get("customerId").asString()).isEqualTo(customer);
        assertThat(card.get("productId").asString()).isEqualTo(product);
        assertThat(card.get("name").asString()).isEqualTo("Groceries");
        assertThat(card.get("network").asString()).isEqualTo("VISA");
        assertThat(card.get("formFactor").asString()).isEqualTo("VIRTUAL");
        assertThat(card.get("currency").asString()).isEqualTo("USD");
        assertThat(card.get("status").asString()).isEqualTo("active");
        assertThat(card.get("balance").get("available").asString()).isEqualTo("25.50");
        assertThat(card.get("balance").get("pending").asString()).isEqualTo("0.00");
        assertThat(card.get("pinSet").asBoolean()).isFalse();
        assertThat(card.get("livemode").asBoolean()).isFalse();
        assertThat(card.get("maskedNumber").asString()).matches("\\d{6}\\*{6}\\d{4}")
                .endsWith(card.get("last4").asString());
        assertThat(card.has("number")).isFalse();
        assertThat(card.has("cvv")).isFalse();
        assertThat(card.has("shipping")).isFalse();
        // the card takes the product's limits
        assertThat(card.get("limits").get("perTransaction").asString()).isEqualTo("2500.00");
        assertThat(card.get("limits").get("daily").asString()).isEqualTo("5000.00");
        assertThat(card.get("limits").get("monthly").asString()).isEqualTo("20000.00");
        assertThat(card.get("controls").get("allowedMccs").size()).isZero();

        assertThat(walletAvailable(key, customer, "USD")).isEqualTo("73.50");
        assertThat(fundingAvailable(key, "USD")).as("the tenant's funding is untouched").isEqualTo(funding);
        assertThat(card(key, card.get("id").asString()).get("balance").get("available").asString())
                .isEqualTo("25.50");
        assertLedgerBalanced();

        // without an initial balance only the fee moves
        JsonNode bare = issue(key, "customerId", customer, "productId", product);
        assertThat(bare.get("balance").get("available").asString()).isEqualTo("0.00");
        assertThat(bare.get("name").isNull()).isTrue();
        assertThat(walletAvailable(key, customer, "USD")).isEqualTo("72.50");

        // a free product with an initial balance moves only the balance; JSON numbers are exact
        Map<String, Object> free = productBody();
        free.put("currency", "USD");
        free.put("issuanceFee", "0");
        free.remove("bin");
        String freeProduct = createProduct(key, free);
        Api.Resp n = api.post("/v1/cards", key, body("customerId", customer, "productId", freeProduct,
                "initialBalance", new java.math.BigDecimal("12.10")));
        assertThat(n.status()).as(n.toString()).isEqualTo(201);
        assertThat(n.data().get("balance").get("available").asString()).isEqualTo("12.10");
        assertThat(walletAvailable(key, customer, "USD")).isEqualTo("60.40");

        // the last cent can be spent on a card: fee + initial equal to the wallet
        JsonNode exact = issue(key, "customerId", customer, "productId", product, "initialBalance", "59.40");
        assertThat(exact.get("balance").get("available").asString()).isEqualTo("59.40");
        assertThat(walletAvailable(key, customer, "USD")).isEqualTo("0.00");
        assertLedgerBalanced();

        // card.created was emitted for each, carrying no number
        List<JsonNode> created = events(key, "card.created");
        assertThat(created).hasSize(4);
        assertThat(created.get(0).get("data").get("object").get("id").asString())
                .isEqualTo(exact.get("id").asString());
        assertThat(created.get(3).get("data").get("object").get("balance")).as("event snapshot").isNull();
    }

    @Test
    void insufficient_funds_refuses_the_card_and_changes_nothing() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String customer = fundedCustomer(key, "5.00");
        fundTenant(key, "USD", "3.00");
        String product = defaultProduct(key, "VIRTUAL");

        // fee 1.00 + 4.01 > 5.00
        Api.Resp r = api.post("/v1/cards", key, body("customerId", customer, "productId", product,
                "initialBalance", "4.01"));
        assertThat(r.status()).as(r.toString()).isEqualTo(409);
        assertThat(r.errorCode()).isEqualTo("insufficient_funds");
        assertThat(r.body().get("message").asString()).contains("1.00").contains("4.01");
        // the physical product's fee alone (5.00) with a cent of balance
        Api.Resp phys = api.post("/v1/cards", key, body("customerId", customer, "productId",
                defaultProduct(key, "PHYSICAL"), "initialBalance", "0.01", "shipping", shippingAddress()));
        assertThat(phys.status()).as(phys.toString()).isEqualTo(409);
        assertThat(phys.errorCode()).isEqualTo("insufficient_funds");
        // an unassigned card paid from a funding balance of 3.00
        Api.Resp unassigned = api.post("/v1/cards", key, body("productId", product, "initialBalance", "2.01"));
        assertThat(unassigned.status()).as(unassigned.toString()).isEqualTo(409);
        assertThat(unassigned.errorCode()).isEqualTo("insufficient_funds");
        // a wallet with nothing in the product's currency
        Map<String, Object> eur = productBody();
        eur.remove("bin");
        String eurProduct = createProduct(key, eur);
        Api.Resp noEur = api.post("/v1/cards", key, body("customerId", customer, "productId", eurProduct));
        assertThat(noEur.status()).as(noEur.toString()).isEqualTo(409);
        assertThat(noEur.errorCode()).isEqualTo("insufficient_funds");

        assertThat(walletAvailable(key, customer, "USD")).isEqualTo("5.00");
        assertThat(walletAvailable(key, customer, "EUR")).isEqualTo("0.00");
        assertThat(fundingAvailable(key, "USD")).isEqualTo("3.00");
        assertThat(allCards(key, null)).as("no card was left behind").isEmpty();
        assertThat(events(key, "card.created")).isEmpty();
        assertLedgerBalanced();

        // with exactly enough it works, and the refused attempts left no trace in the numbers
        JsonNode card = issue(key, "customerId", customer, "productId", product, "initialBalance", "4.00");
        assertThat(card.get("balance").get("available").asString()).isEqualTo("4.00");
        assertThat(walletAvailable(key, customer, "USD")).isEqualTo("0.00");
        assertThat(allCards(key, null)).hasSize(1);
        assertLedgerBalanced();
    }

    @Test
    void concurrent_issues_never_spend_more_than_the_wallet_holds_and_a_retried_issue_charges_once() throws Exception {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String customer = fundedCustomer(key, "10.00");
        String product = defaultProduct(key, "VIRTUAL");
        int attempts = 12;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(attempts);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Api.Resp>> futures = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            futures.add(pool.submit(() -> {
                start.await();
                return api.post("/v1/cards", key, body("customerId", customer, "productId", product,
                        "initialBalance", "2.00"));
            }));
        }
        start.countDown();
        int created = 0;
        for (java.util.concurrent.Future<Api.Resp> f : futures) {
            Api.Resp r = f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            if (r.status() == 201) {
                created++;
            } else {
                assertThat(r.status()).as(r.toString()).isEqualTo(409);
                assertThat(r.errorCode()).isEqualTo("insufficient_funds");
            }
        }
        pool.shutdown();
        // each card costs 1.00 + 2.00: three fit in 10.00
        assertThat(created).isEqualTo(3);
        assertThat(walletAvailable(key, customer, "USD")).isEqualTo("1.00");
        assertThat(allCards(key, null)).hasSize(3);
        assertThat(events(key, "card.created")).hasSize(3);
        assertLedgerBalanced();

        // a retried issue with the same Idempotency-Key gets the same card and pays once
        deposit(key, customer, "USD", "9.00");
        Map<String, Object> issue = body("customerId", customer, "productId", product, "initialBalance", "3.00");
        Api.Resp first = api.post("/v1/cards", key, issue, Map.of("Idempotency-Key", "issue-once"));
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        Api.Resp retry = api.post("/v1/cards", key, issue, Map.of("Idempotency-Key", "issue-once"));
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.text("id")).isEqualTo(first.text("id"));
        assertThat(walletAvailable(key, customer, "USD")).isEqualTo("6.00");
        assertThat(allCards(key, null)).hasSize(4);
        assertLedgerBalanced();
    }

    @Test
    void an_unassigned_card_is_paid_from_the_tenant_funding_balance_and_can_be_assigned_once() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        fundTenant(key, "USD", "50.00");
        String product = defaultProduct(key, "VIRTUAL");

        JsonNode card = issue(key, "productId", product, "initialBalance", "10.00");
        String id = card.get("id").asString();
        assertThat(card.get("customerId").isNull()).isTrue();
        assertThat(card.get("balance").get("available").asString()).isEqualTo("10.00");
        assertThat(fundingAvailable(key, "USD")).isEqualTo("39.00");
        assertLedgerBalanced();

        String pending = newCustomer(key);
        Api.Resp notApproved = api.post("/v1/cards/" + id + "/assign", key, body("customerId", pending));
        assertThat(notApproved.status()).as(notApproved.toString()).isEqualTo(409);
        assertThat(notApproved.errorCode()).isEqualTo("kyc_not_approved");
        Api.Resp unknown = api.post("/v1/cards/" + id + "/assign", key, body("customerId", "cus_nosuchcustomer"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo("resource_not_found");
        Api.Resp noBody = api.post("/v1/cards/" + id + "/assign", key, body());
        assertThat(noBody.status()).isEqualTo(400);
        assertThat(card(key, id).get("customerId").isNull()).isTrue();

        String customer = newApprovedCustomer(key);
        Api.Resp assigned = api.post("/v1/cards/" + id + "/assign", key, body("customerId", customer));
        assertThat(assigned.status()).as(assigned.toString()).isEqualTo(200);
        assertThat(assigned.text("customerId")).isEqualTo(customer);
        assertThat(card(key, id).get("customerId").asString()).isEqualTo(customer);
        assertThat(card(key, id).get("balance").get("available").asString()).isEqualTo("10.00");
        assertThat(eventsOf(key, "card.assigned", id)).hasSize(1);

        String other = newApprovedCustomer(key);
        Api.Resp again = api.post("/v1/cards/" + id + "/assign", key, body("customerId", other));
        assertThat(again.status()).as(again.toString()).isEqualTo(409);
        assertThat(again.errorCode()).isEqualTo("card_already_assigned");
        Api.Resp same = api.post("/v1/cards/" + id + "/assign", key, body("customerId", customer));
        assertThat(same.status()).isEqualTo(409);
        assertThat(same.errorCode()).isEqualTo("card_already_assigned");
        assertThat(card(key, id).get("customerId").asString()).isEqualTo(customer);

        // a card issued to a customer is assigned from the start
        deposit(key, customer, "USD", "5.00");
        JsonNode owned = issue(key, "customerId", customer, "productId", product);
        Api.Resp ownedAssign = api.post("/v1/cards/" + owned.get("id").asString() + "/assign", key,
                body("customerId", other));
        assertThat(ownedAssign.errorCode()).isEqualTo("card_already_assigned");

        // another tenant can neither see nor assign the card
        TenantKeys intruder = newTenant();
        String theirs = newApprovedCustomer(intruder.sandboxKey());
        Api.Resp foreign = api.post("/v1/cards/" + id + "/assign", intruder.sandboxKey(), body("customerId", theirs));
        assertThat(foreign.status()).isEqualTo(404);
        // nor assign a card to another tenant's customer
        JsonNode second = issue(key, "productId", product);
        Api.Resp foreignCustomer = api.post("/v1/cards/" + second.get("id").asString() + "/assign", key,
                body("customerId", theirs));
        assertThat(foreignCustomer.status()).isEqualTo(404);
        assertThat(card(key, second.get("id").asString()).get("customerId").isNull()).isTrue();
        assertThat(fundingAvailable(key, "USD")).isEqualTo("38.00");
        assertLedgerBalanced();
    }

    @Test
    void kyc_products_and_customers_are_checked_before_anything_is_issued() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String product = defaultProduct(key, "VIRTUAL");
        fundTenant(key, "USD", "100.00");

        String pending = newCustomer(key);
        Api.Resp p = api.post("/v1/cards", key, body("customerId", pending, "productId", product));
        assertThat(p.status()).as(p.toString()).isEqualTo(409);
        assertThat(p.errorCode()).isEqualTo("kyc_not_approved");
        assertThat(p.body().get("message").asString()).contains("pending");

        String rejected = newCustomer(key);
        assertThat(api.post("/v1/simulate/customers/" + rejected + "/kyc", key, body("decision", "rejected",
                "reason", "document mismatch")).status()).isEqualTo(200);
        Api.Resp rj = api.post("/v1/cards", key, body("customerId", rejected, "productId", product));
        assertThat(rj.status()).isEqualTo(409);
        assertThat(rj.errorCode()).isEqualTo("kyc_not_approved");
        assertThat(rj.body().get("message").asString()).contains("rejected");

        Api.Resp noProduct = api.post("/v1/cards", key, body("productId", "prd_nosuchproduct"));
        assertThat(noProduct.status()).isEqualTo(404);
        assertThat(noProduct.errorCode()).isEqualTo("resource_not_found");
        Api.Resp noCustomer = api.post("/v1/cards", key, body("customerId", "cus_nosuchcustomer", "productId",
                product));
        assertThat(noCustomer.status()).isEqualTo(404);
        assertThat(noCustomer.errorCode()).isEqualTo("resource_not_found");
        TenantKeys other = newTenant();
        String theirs = newApprovedCustomer(other.sandboxKey());
        assertThat(api.post("/v1/cards", key, body("customerId", theirs, "productId", product)).status())
                .isEqualTo(404);
        // a sandbox product does not exist for the live key
        assertThat(api.post("/v1/cards", t.liveKey(), body("productId", product)).status()).isEqualTo(404);

        for (Map<String, Object> bad : List.of(body(), body("productId", ""),
                body("productId", product, "initialBalance", "-1.00"),
                body("productId", product, "initialBalance", "1.001"),
                body("productId", product, "initialBalance", "ten"),
                body("productId", product, "status", "frozen"),
                body("productId", product, "status", "closed"),
                body("productId", product, "status", "shiny"),
                body("productId", product, "name", "x".repeat(101)),
                body("productId", product, "shipping", shippingAddress()),
                body("productId", product, "nickname", "x"))) {
            Api.Resp r = api.post("/v1/cards", key, bad);
            assertThat(r.status()).as(bad + " → " + r).isEqualTo(400);
        }
        assertThat(allCards(key, null)).isEmpty();
        assertThat(fundingAvailable(key, "USD")).isEqualTo("100.00");
    }

    @Test
    void an_initial_balance_above_the_products_max_balance_is_refused() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String customer = fundedCustomer(key, "20000.00");
        String product = defaultProduct(key, "VIRTUAL");
        Api.Resp r = api.post("/v1/cards", key, body("customerId", customer, "productId", product,
                "initialBalance", "10000.01"));
        assertThat(r.status()).as(r.toString()).isEqualTo(409);
        assertThat(r.errorCode()).isEqualTo("exceeds_max_balance");
        assertThat(r.body().get("message").asString()).contains("10000.00");
        assertThat(walletAvailable(key, customer, "USD")).isEqualTo("20000.00");
        assertThat(allCards(key, null)).isEmpty();

        JsonNode max = issue(key, "customerId", customer, "productId", product, "initialBalance", "10000.00");
        assertThat(max.get("balance").get("available").asString()).isEqualTo("10000.00");
        assertThat(walletAvailable(key, customer, "USD")).isEqualTo("9999.00");
        assertLedgerBalanced();
    }

    @Test
    void virtual_cards_are_active_unless_asked_inactive_and_physical_cards_need_shipping_and_start_inactive() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String customer = fundedCustomer(key, "100.00");
        String virtual = defaultProduct(key, "VIRTUAL");
        String physical = defaultProduct(key, "PHYSICAL");

        assertThat(issue(key, "customerId", customer, "productId", virtual, "status", "active").get("status")
                .asString()).isEqualTo("active");
        JsonNode inactive = issue(key, "customerId", customer, "productId", virtual, "status", "inactive");
        assertThat(inactive.get("status").asString()).isEqualTo("inactive");
        assertThat(card(key, inactive.get("id").asString()).get("status").asString()).isEqualTo("inactive");

        Api.Resp noShipping = api.post("/v1/cards", key, body("customerId", customer, "productId", physical));
        assertThat(noShipping.status()).as(noShipping.toString()).isEqualTo(400);
        assertThat(noShipping.data().get("fields").has("shipping")).isTrue();
        Map<String, Object> partial = shippingAddress();
        partial.remove("city");
        partial.put("country", "Colombia");
        Api.Resp badAddress = api.post("/v1/cards", key, body("customerId", customer, "productId", physical,
                "shipping", partial));
        assertThat(badAddress.status()).isEqualTo(400);
        assertThat(badAddress.data().get("fields").has("shipping.city")).isTrue();
        assertThat(badAddress.data().get("fields").has("shipping.country")).isTrue();
        Map<String, Object> nowhere = shippingAddress();
        nowhere.put("country", "QQ");
        Api.Resp noCountry = api.post("/v1/cards", key, body("customerId", customer, "productId", physical,
                "shipping", nowhere));
        assertThat(noCountry.status()).as(noCountry.toString()).isEqualTo(400);
        assertThat(noCountry.data().get("fields").has("shipping.country")).isTrue();
        assertThat(walletAvailable(key, customer, "USD")).as("only two virtual fees so far").isEqualTo("98.00");

        JsonNode card = issue(key, "customerId", customer, "productId", physical, "shipping", shippingAddress(),
                "status", "active");
        assertThat(card.get("formFactor").asString()).isEqualTo("PHYSICAL");
        assertThat(card.get("status").asString()).as("physical cards start inactive").isEqualTo("inactive");
        JsonNode shipping = card.get("shipping");
        assertThat(shipping.get("status").asString()).isEqualTo("pending");
        assertThat(shipping.get("address").get("name").asString()).isEqualTo("Ana Gómez");
        assertThat(shipping.get("address").get("line1").asString()).isEqualTo("Calle 93 # 11-26");
        assertThat(shipping.get("address").get("line2").asString()).isEqualTo("Apto 501");
        assertThat(shipping.get("address").get("city").asString()).isEqualTo("Bogotá");
        assertThat(shipping.get("address").get("postalCode").asString()).isEqualTo("110221");
        assertThat(shipping.get("address").get("country").asString()).isEqualTo("CO");
        assertThat(card(key, card.get("id").asString()).get("shipping").get("address").get("state").asString())
                .isEqualTo("Cundinamarca");
        assertThat(walletAvailable(key, customer, "USD")).as("the physical fee is 5.00").isEqualTo("93.00");
        assertLedgerBalanced();
    }

    @Test
    void cards_are_listed_newest_first_and_filtered_by_customer_status_and_product() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String ana = fundedCustomer(key, "100.00");
        String bo = fundedCustomer(key, "100.00");
        String virtual = defaultProduct(key, "VIRTUAL");
        String physical = defaultProduct(key, "PHYSICAL");
        String a1 = issue(key, "customerId", ana, "productId", virtual).get("id").asString();
        String a2 = issue(key, "customerId", ana, "productId", physical, "shipping", shippingAddress()).get("id")
                .asString();
        String b1 = issue(key, "customerId", bo, "productId", virtual, "status", "inactive").get("id").asString();
        String b2 = issue(key, "customerId", bo, "productId", virtual).get("id").asString();

        assertThat(ids(allCards(key, null))).containsExactly(b2, b1, a2, a1);
        assertThat(ids(allCards(key, "customerId=" + ana))).containsExactly(a2, a1);
        assertThat(ids(allCards(key, "status=inactive"))).containsExactly(b1, a2);
        assertThat(ids(allCards(key, "productId=" + physical))).containsExactly(a2);
        assertThat(ids(allCards(key, "customerId=" + bo + "&status=active"))).containsExactly(b2);
        assertThat(ids(allCards(key, "status=closed"))).isEmpty();
        Api.Resp page = api.get("/v1/cards?limit=3", key);
        assertThat(ids(page)).containsExactly(b2, b1, a2);
        assertThat(page.data().get("hasMore").asBoolean()).isTrue();
        assertThat(ids(api.get("/v1/cards?limit=3&startingAfter=" + page.data().get("nextCursor").asString(), key)))
                .containsExactly(a1);
        assertThat(api.get("/v1/cards?status=melted", key).status()).isEqualTo(400);
        assertThat(api.get("/v1/cards?startingAfter=card_nosuchcard", key).errorCode()).isEqualTo("invalid_cursor");
        assertThat(api.get("/v1/cards?limit=101", key).status()).isEqualTo(400);

        TenantKeys other = newTenant();
        assertThat(allCards(other.sandboxKey(), null)).isEmpty();
        assertThat(allCards(t.liveKey(), null)).isEmpty();
        Api.Resp foreign = api.get("/v1/cards/" + a1, other.sandboxKey());
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.errorCode()).isEqualTo("resource_not_found");
        assertThat(api.get("/v1/cards/" + a1, t.liveKey()).status()).isEqualTo(404);
        assertThat(api.get("/v1/cards/card_nosuchcard", key).status()).isEqualTo(404);
    }

    @Test
    void limits_and_controls_given_at_issue_are_validated_merged_with_the_product_and_stored() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String customer = fundedCustomer(key, "100.00");
        String product = defaultProduct(key, "VIRTUAL");

        JsonNode card = issue(key, "customerId", customer, "productId", product,
                "limits", Api.map("perTransaction", "100.00", "daily", "200.00"),
                "controls", Api.map("allowedMccs", List.of("5411", "5812", "5411"), "blockedCountries", List.of("KP")));
        assertThat(card.get("limits").get("perTransaction").asString()).isEqualTo("100.00");
        assertThat(card.get("limits").get("daily").asString()).isEqualTo("200.00");
        assertThat(card.get("limits").get("monthly").asString()).as("from the product").isEqualTo("20000.00");
        assertThat(strings(card.get("controls").get("allowedMccs"))).containsExactly("5411", "5812");
        assertThat(strings(card.get("controls").get("blockedCountries"))).containsExactly("KP");
        assertThat(strings(card.get("controls").get("blockedMccs"))).isEmpty();
        assertThat(strings(card.get("controls").get("allowedCountries"))).isEmpty();
        JsonNode read = card(key, card.get("id").asString());
        assertThat(read.get("limits")).isEqualTo(card.get("limits"));
        assertThat(read.get("controls")).isEqualTo(card.get("controls"));

        for (Map<String, Object> bad : List.of(
                body("limits", Api.map("daily", "20000.01")), // above the product's monthly
                body("limits", Api.map("perTransaction", "5000.01")), // above the product's daily
                body("limits", Api.map("perTransaction", "-1.00")),
                body("limits", Api.map("monthly", "1.001")),
                body("controls", Api.map("allowedMccs", List.of("541"))),
                body("controls", Api.map("blockedMccs", List.of("54111"))),
                body("controls", Api.map("allowedCountries", List.of("co"))),
                body("controls", Api.map("blockedCountries", List.of("COL"))),
                body("controls", Api.map("allowedCountries", List.of("XX"))), // two letters, but no country
                body("controls", Api.map("allowedMccs", List.of("7995"), "blockedMccs", List.of("7995"))),
                body("controls", Api.map("allowedCountries", List.of("US"), "blockedCountries", List.of("US"))))) {
            Map<String, Object> b = body("customerId", customer, "productId", product);
            b.putAll(bad);
            Api.Resp r = api.post("/v1/cards", key, b);
            assertThat(r.status()).as(bad + " → " + r).isEqualTo(400);
            assertThat(r.errorCode()).isEqualTo("validation_failed");
        }
        assertThat(allCards(key, null)).hasSize(1);
        assertThat(walletAvailable(key, customer, "USD")).isEqualTo("99.00");
    }

    @Test
    void patch_merges_limits_and_controls_validates_them_and_keeps_them() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String customer = fundedCustomer(key, "100.00");
        String id = issue(key, "customerId", customer, "productId", defaultProduct(key, "VIRTUAL")).get("id")
                .asString();
        String path = "/v1/cards/" + id;

        Api.Resp daily = api.patch(path, key, body("limits", Api.map("daily", "300.00")));
        // perTransaction 2500.00 of the product exceeds a daily of 300.00: inconsistent
        assertThat(daily.status()).as(daily.toString()).isEqualTo(400);
        assertThat(daily.data().get("fields").has("limits")).isTrue();

        Api.Resp both = api.patch(path, key, body("limits", Api.map("perTransaction", "150.00", "daily", "300.00")));
        assertThat(both.status()).as(both.toString()).isEqualTo(200);
        assertThat(both.data().get("limits").get("perTransaction").asString()).isEqualTo("150.00");
        assertThat(both.data().get("limits").get("daily").asString()).isEqualTo("300.00");
        assertThat(both.data().get("limits").get("monthly").asString()).isEqualTo("20000.00");
        Api.Resp monthly = api.patch(path, key, body("limits", Api.map("monthly", "1000.00")));
        assertThat(monthly.status()).isEqualTo(200);
        assertThat(monthly.data().get("limits").get("perTransaction").asString()).isEqualTo("150.00");
        assertThat(monthly.data().get("limits").get("daily").asString()).isEqualTo("300.00");
        assertThat(monthly.data().get("limits").get("monthly").asString()).isEqualTo("1000.00");
        Api.Resp zero = api.patch(path, key, body("limits", Api.map("perTransaction", "0")));
        assertThat(zero.status()).as("a zero limit blocks spending and is allowed").isEqualTo(200);
        assertThat(zero.data().get("limits").get("perTransaction").asString()).isEqualTo("0.00");

        for (Map<String, Object> bad : List.of(
                body("limits", Api.map("daily", "1000.01")),
                body("limits", Api.map("monthly", "299.99")),
                body("limits", Api.map("perTransaction", "300.01")),
                body("limits", Api.map("daily", "-1")),
                body("limits", Api.map("monthly", "-0.01")),
                body("limits", Api.map("daily", "100.001")),
                body("limits", Api.map("daily", true)),
                body("controls", Api.map("allowedMccs", List.of("abcd"))),
                body("controls", Api.map("allowedMccs", java.util.Arrays.asList("5411", null))),
                body("controls", Api.map("blockedCountries", List.of("1A"))),
                body("controls", Api.map("blockedCountries", List.of("ZZ"))),
                body("name", ""),
                body("status", "melted"))) {
            Api.Resp r = api.patch(path, key, bad);
            assertThat(r.status()).as(bad + " → " + r).isEqualTo(400);
        }
        JsonNode kept = card(key, id);
        assertThat(kept.get("limits").get("perTransaction").asString()).isEqualTo("0.00");
        assertThat(kept.get("limits").get("daily").asString()).isEqualTo("300.00");
        assertThat(kept.get("limits").get("monthly").asString()).isEqualTo("1000.00");

        Api.Resp controls = api.patch(path, key, body("name", "Travel", "controls", Api.map(
                "allowedMccs", List.of("5411", "5812"), "blockedMccs", List.of("7995"),
                "allowedCountries", List.of("CO", "US"), "blockedCountries", List.of("KP", "IR"))));
        assertThat(controls.status()).as(controls.toString()).isEqualTo(200);
        assertThat(controls.text("name")).isEqualTo("Travel");
        JsonNode c = card(key, id).get("controls");
        assertThat(strings(c.get("allowedMccs"))).containsExactly("5411", "5812");
        assertThat(strings(c.get("blockedMccs"))).containsExactly("7995");
        assertThat(strings(c.get("allowedCountries"))).containsExactly("CO", "US");
        assertThat(strings(c.get("blockedCountries"))).containsExactly("KP", "IR");

        // one list at a time; the others stay
        Api.Resp one = api.patch(path, key, body("controls", Api.map("blockedMccs", List.of("7995", "6051"))));
        assertThat(one.status()).isEqualTo(200);
        c = card(key, id).get("controls");
        assertThat(strings(c.get("blockedMccs"))).containsExactly("7995", "6051");
        assertThat(strings(c.get("allowedMccs"))).containsExactly("5411", "5812");
        assertThat(strings(c.get("allowedCountries"))).containsExactly("CO", "US");

        // a value both allowed and blocked, also across what is stored and what is sent
        for (Map<String, Object> clash : List.of(
                body("controls", Api.map("allowedMccs", List.of("4111"), "blockedMccs", List.of("4111"))),
                body("controls", Api.map("blockedMccs", List.of("5812"))),
                body("controls", Api.map("allowedCountries", List.of("KP"))),
                body("controls", Api.map("allowedCountries", List.of("BR"), "blockedCountries", List.of("BR"))))) {
            Api.Resp r = api.patch(path, key, clash);
            assertThat(r.status()).as(clash + " → " + r).isEqualTo(400);
            assertThat(r.errorCode()).isEqualTo("validation_failed");
        }
        c = card(key, id).get("controls");
        assertThat(strings(c.get("blockedMccs"))).containsExactly("7995", "6051");
        assertThat(strings(c.get("allowedCountries"))).containsExactly("CO", "US");

        // an empty list clears a rule
        Api.Resp cleared = api.patch(path, key, body("controls", Api.map("allowedMccs", List.of())));
        assertThat(cleared.status()).isEqualTo(200);
        assertThat(strings(card(key, id).get("controls").get("allowedMccs"))).isEmpty();
        assertThat(strings(card(key, id).get("controls").get("blockedMccs"))).containsExactly("7995", "6051");

        // each successful change is a card.updated event
        assertThat(eventsOf(key, "card.updated", id)).hasSize(6);
        assertThat(eventsOf(key, "card.status_changed", id)).isEmpty();
        assertThat(card(key, id).get("status").asString()).isEqualTo("active");

        TenantKeys other = newTenant();
        assertThat(api.patch(path, other.sandboxKey(), body("name", "mine")).status()).isEqualTo(404);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }

    private static List<String> ids(List<JsonNode> items) {
        List<String> out = new ArrayList<>();
        items.forEach(i -> out.add(i.get("id").asString()));
        return out;
    }

    private static List<String> ids(Api.Resp r) {
        List<String> out = new ArrayList<>();
        r.data().get("items").forEach(i -> out.add(i.get("id").asString()));
        return out;
    }
}
