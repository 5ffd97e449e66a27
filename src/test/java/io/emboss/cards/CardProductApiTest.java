package io.emboss.cards;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Card products through the HTTP API: defaults per tenant, creation, validation, listing, changes. */
class CardProductApiTest extends CardTestBase {

    @Test
    void every_new_tenant_gets_a_virtual_and_a_physical_usd_visa_product_in_sandbox_and_none_in_live() {
        TenantKeys t = newTenant();
        List<JsonNode> sandbox = products(t.sandboxKey());
        assertThat(sandbox).hasSize(2);
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        sandbox.forEach(p -> byName.put(p.get("name").asString(), p));
        assertThat(byName).containsOnlyKeys("Virtual USD Visa", "Physical USD Visa");

        JsonNode virtual = byName.get("Virtual USD Visa");
        assertThat(virtual.get("id").asString()).startsWith("prd_");
        assertThat(virtual.get("network").asString()).isEqualTo("VISA");
        assertThat(virtual.get("formFactor").asString()).isEqualTo("VIRTUAL");
        assertThat(virtual.get("currency").asString()).isEqualTo("USD");
        assertThat(virtual.get("bin").asString()).startsWith("4").matches("\\d{6,8}");
        assertThat(virtual.get("livemode").asBoolean()).isFalse();
        JsonNode physical = byName.get("Physical USD Visa");
        assertThat(physical.get("network").asString()).isEqualTo("VISA");
        assertThat(physical.get("formFactor").asString()).isEqualTo("PHYSICAL");
        assertThat(physical.get("currency").asString()).isEqualTo("USD");
        for (JsonNode p : sandbox) {
            // a sane product: every amount is a USD decimal string and the limits are consistent
            for (String f : List.of("issuanceFee", "minTopup", "minBalance", "maxBalance")) {
                assertThat(p.get(f).asString()).as(f).matches("\\d+\\.\\d{2}");
            }
            JsonNode l = p.get("limits");
            long per = cents(l.get("perTransaction").asString());
            long daily = cents(l.get("daily").asString());
            long monthly = cents(l.get("monthly").asString());
            assertThat(per).isPositive().isLessThanOrEqualTo(daily);
            assertThat(daily).isLessThanOrEqualTo(monthly);
            assertThat(p.get("validityMonths").asInt()).isBetween(1, 120);
            assertThat(api.get("/v1/card-products/" + p.get("id").asString(), t.sandboxKey()).status())
                    .isEqualTo(200);
            // a sandbox product is invisible with the live key
            Api.Resp live = api.get("/v1/card-products/" + p.get("id").asString(), t.liveKey());
            assertThat(live.status()).isEqualTo(404);
            assertThat(live.errorCode()).isEqualTo("resource_not_found");
        }
        Api.Resp liveList = api.get("/v1/card-products", t.liveKey());
        assertThat(liveList.status()).isEqualTo(200);
        assertThat(liveList.data().get("items").size()).isZero();

        // the defaults issue cards at once
        String customer = fundedCustomer(t.sandboxKey(), "50.00");
        JsonNode card = issue(t.sandboxKey(), "customerId", customer, "productId", virtual.get("id").asString());
        assertThat(card.get("status").asString()).isEqualTo("active");
    }

    @Test
    void a_product_with_every_field_is_created_and_read_back_exactly() {
        TenantKeys t = newTenant();
        Api.Resp r = api.post("/v1/card-products", t.sandboxKey(), productBody());
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        JsonNode p = r.data();
        assertThat(p.get("id").asString()).startsWith("prd_");
        assertProductBody(p);
        JsonNode read = api.get("/v1/card-products/" + p.get("id").asString(), t.sandboxKey()).data();
        assertProductBody(read);

        // JSON numbers are accepted and read exactly; optional fields take defaults
        Map<String, Object> numbers = productBody();
        numbers.remove("minBalance");
        numbers.remove("settlementMode");
        numbers.put("network", "VISA");
        numbers.put("currency", "USDT");
        numbers.put("bin", "42424242");
        numbers.put("issuanceFee", new java.math.BigDecimal("1.123456"));
        numbers.put("topupFee", Api.map("fixed", 0, "percent", 0));
        Api.Resp n = api.post("/v1/card-products", t.sandboxKey(), numbers);
        assertThat(n.status()).as(n.toString()).isEqualTo(201);
        assertThat(n.text("issuanceFee")).isEqualTo("1.123456");
        assertThat(n.text("minBalance")).isEqualTo("0.000000");
        assertThat(n.text("settlementMode")).isEqualTo("instant");
        assertThat(n.data().get("topupFee").get("fixed").asString()).isEqualTo("0.000000");
        assertThat(n.data().get("topupFee").get("percent").asString()).isEqualTo("0");

        // without a bin, a sandbox product gets the sandbox test range of its network
        Map<String, Object> noBin = productBody();
        noBin.remove("bin");
        Api.Resp mc = api.post("/v1/card-products", t.sandboxKey(), noBin);
        assertThat(mc.status()).as(mc.toString()).isEqualTo(201);
        assertThat(mc.text("bin")).matches("5[1-5]\\d{4}");
        noBin.put("network", "VISA");
        Api.Resp visa = api.post("/v1/card-products", t.sandboxKey(), noBin);
        assertThat(visa.status()).as(visa.toString()).isEqualTo(201);
        assertThat(visa.text("bin")).matches("4\\d{5}");

        // a Mastercard BIN in the 2-series range
        Map<String, Object> twoSeries = productBody();
        twoSeries.put("bin", "222100");
        assertThat(api.post("/v1/card-products", t.sandboxKey(), twoSeries).status()).isEqualTo(201);

        // a live product names its BIN
        Map<String, Object> live = productBody();
        Api.Resp lr = api.post("/v1/card-products", t.liveKey(), live);
        assertThat(lr.status()).as(lr.toString()).isEqualTo(201);
        assertThat(lr.data().get("livemode").asBoolean()).isTrue();
        assertThat(lr.text("bin")).isEqualTo("52345678");
    }

    private static void assertProductBody(JsonNode p) {
        assertThat(p.get("name").asString()).isEqualTo("Travel EUR Mastercard");
        assertThat(p.get("network").asString()).isEqualTo("MASTERCARD");
        assertThat(p.get("formFactor").asString()).isEqualTo("VIRTUAL");
        assertThat(p.get("currency").asString()).isEqualTo("EUR");
        assertThat(p.get("bin").asString()).isEqualTo("52345678");
        assertThat(p.get("issuanceFee").asString()).isEqualTo("2.50");
        assertThat(p.get("topupFee").get("fixed").asString()).isEqualTo("0.30");
        assertThat(p.get("topupFee").get("percent").asString()).isEqualTo("1.25");
        assertThat(p.get("minTopup").asString()).isEqualTo("10.00");
        assertThat(p.get("minBalance").asString()).isEqualTo("1.00");
        assertThat(p.get("maxBalance").asString()).isEqualTo("5000.00");
        assertThat(p.get("limits").get("perTransaction").asString()).isEqualTo("500.00");
        assertThat(p.get("limits").get("daily").asString()).isEqualTo("1000.00");
        assertThat(p.get("limits").get("monthly").asString()).isEqualTo("3000.00");
        assertThat(p.get("validityMonths").asInt()).isEqualTo(24);
        assertThat(p.get("settlementMode").asString()).isEqualTo("async");
        assertThat(p.get("livemode").asBoolean()).isFalse();
    }

    /** One invalid field at a time: each is a 400 validation_failed naming that field, and nothing is created. */
    @Test
    void invalid_products_are_refused_with_the_offending_field() {
        TenantKeys t = newTenant();
        List<Object[]> cases = new ArrayList<>();
        cases.add(new Object[] {"network", "AMEX", "network"});
        cases.add(new Object[] {"network", null, "network"});
        cases.add(new Object[] {"formFactor", "METAL", "formFactor"});
        cases.add(new Object[] {"currency", "GBP", "currency"});
        cases.add(new Object[] {"name", "", "name"});
        cases.add(new Object[] {"bin", "4234567", "bin"}); // a Visa BIN on a Mastercard product
        cases.add(new Object[] {"bin", "60110000", "bin"}); // no network's range
        cases.add(new Object[] {"bin", "5234", "bin"}); // too short
        cases.add(new Object[] {"bin", "523456789", "bin"}); // too long
        cases.add(new Object[] {"bin", "52a456", "bin"});
        cases.add(new Object[] {"issuanceFee", "-1.00", "issuanceFee"});
        cases.add(new Object[] {"issuanceFee", "1.001", "issuanceFee"});
        cases.add(new Object[] {"issuanceFee", "abc", "issuanceFee"});
        cases.add(new Object[] {"issuanceFee", null, "issuanceFee"});
        cases.add(new Object[] {"minTopup", "0.005", "minTopup"});
        cases.add(new Object[] {"minBalance", "-0.01", "minBalance"});
        cases.add(new Object[] {"maxBalance", "-5", "maxBalance"});
        cases.add(new Object[] {"maxBalance", "0.50", "minBalance"}); // minBalance 1.00 > maxBalance
        cases.add(new Object[] {"topupFee", Api.map("fixed", "0.30", "percent", "100.01"), "topupFee.percent"});
        cases.add(new Object[] {"topupFee", Api.map("fixed", "0.30", "percent", "-1"), "topupFee.percent"});
        cases.add(new Object[] {"topupFee", Api.map("fixed", "0.301", "percent", "1"), "topupFee.fixed"});
        cases.add(new Object[] {"topupFee", Api.map("fixed", "-0.30", "percent", "1"), "topupFee.fixed"});
        cases.add(new Object[] {"topupFee", null, "topupFee"});
        cases.add(new Object[] {"limits", Api.map("perTransaction", "500.00", "daily", "3000.01", "monthly",
                "3000.00"), "limits"});
        cases.add(new Object[] {"limits", Api.map("perTransaction", "1000.01", "daily", "1000.00", "monthly",
                "3000.00"), "limits"});
        cases.add(new Object[] {"limits", Api.map("perTransaction", "-1.00", "daily", "1000.00", "monthly",
                "3000.00"), "limits.perTransaction"});
        cases.add(new Object[] {"limits", Api.map("perTransaction", "1.00", "daily", "1000.001", "monthly",
                "3000.00"), "limits.daily"});
        cases.add(new Object[] {"limits", null, "limits"});
        cases.add(new Object[] {"validityMonths", 0, "validityMonths"});
        cases.add(new Object[] {"validityMonths", 121, "validityMonths"});
        cases.add(new Object[] {"validityMonths", 12.5, "validityMonths"});
        cases.add(new Object[] {"validityMonths", null, "validityMonths"});
        cases.add(new Object[] {"settlementMode", "weekly", "settlementMode"});
        for (Object[] c : cases) {
            Map<String, Object> b = productBody();
            if (c[1] == null) {
                b.remove((String) c[0]);
            } else {
                b.put((String) c[0], c[1]);
            }
            Api.Resp r = api.post("/v1/card-products", t.sandboxKey(), b);
            assertThat(r.status()).as(c[0] + "=" + c[1] + " → " + r).isEqualTo(400);
            assertThat(r.errorCode()).as(r.toString()).isEqualTo("validation_failed");
            assertThat(r.data().get("fields").has((String) c[2])).as(c[0] + "=" + c[1] + " → " + r).isTrue();
        }
        // a Mastercard BIN on a Visa product
        Map<String, Object> visa = productBody();
        visa.put("network", "VISA");
        Api.Resp wrong = api.post("/v1/card-products", t.sandboxKey(), visa);
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.data().get("fields").has("bin")).isTrue();
        // an unknown field
        Map<String, Object> unknown = productBody();
        unknown.put("cashback", "1");
        assertThat(api.post("/v1/card-products", t.sandboxKey(), unknown).status()).isEqualTo(400);

        // live mode requires the BIN the sponsor bank assigned
        Map<String, Object> noBin = productBody();
        noBin.remove("bin");
        Api.Resp live = api.post("/v1/card-products", t.liveKey(), noBin);
        assertThat(live.status()).as(live.toString()).isEqualTo(400);
        assertThat(live.data().get("fields").has("bin")).isTrue();

        assertThat(products(t.sandboxKey())).as("nothing was created").hasSize(2);
        assertThat(api.get("/v1/card-products", t.liveKey()).data().get("items").size()).isZero();
    }

    @Test
    void products_are_listed_newest_first_with_pagination_and_each_tenant_sees_only_its_own() {
        TenantKeys t = newTenant();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Map<String, Object> b = productBody();
            b.put("name", "Product " + i);
            created.add(createProduct(t.sandboxKey(), b));
        }
        Api.Resp first = api.get("/v1/card-products?limit=2", t.sandboxKey());
        assertThat(first.status()).isEqualTo(200);
        assertThat(ids(first)).containsExactly(created.get(2), created.get(1));
        assertThat(first.data().get("hasMore").asBoolean()).isTrue();
        Api.Resp rest = api.get("/v1/card-products?limit=2&startingAfter=" + first.data().get("nextCursor").asString(),
                t.sandboxKey());
        assertThat(ids(rest)).hasSize(2).startsWith(created.get(0));
        Api.Resp last = api.get("/v1/card-products?limit=2&startingAfter=" + rest.data().get("nextCursor").asString(),
                t.sandboxKey());
        assertThat(ids(last)).hasSize(1);
        assertThat(last.data().get("hasMore").asBoolean()).isFalse();
        assertThat(api.get("/v1/card-products?startingAfter=prd_nosuchproduct", t.sandboxKey()).errorCode())
                .isEqualTo("invalid_cursor");
        assertThat(api.get("/v1/card-products?limit=0", t.sandboxKey()).status()).isEqualTo(400);

        TenantKeys other = newTenant();
        for (String id : created) {
            Api.Resp get = api.get("/v1/card-products/" + id, other.sandboxKey());
            assertThat(get.status()).isEqualTo(404);
            assertThat(get.errorCode()).isEqualTo("resource_not_found");
            Api.Resp patch = api.patch("/v1/card-products/" + id, other.sandboxKey(), body("name", "Mine"));
            assertThat(patch.status()).isEqualTo(404);
            // nor does another tenant issue from it
            Api.Resp issue = api.post("/v1/cards", other.sandboxKey(), body("productId", id));
            assertThat(issue.status()).isEqualTo(404);
        }
        assertThat(ids(api.get("/v1/card-products?limit=100", other.sandboxKey()))).doesNotContainAnyElementsOf(created);
        assertThat(api.get("/v1/card-products/" + created.get(0), t.sandboxKey()).text("name")).isEqualTo("Product 0");
    }

    @Test
    void patch_changes_given_fields_only_and_keeps_the_product_consistent() {
        TenantKeys t = newTenant();
        String id = createProduct(t.sandboxKey(), productBody());
        Api.Resp r = api.patch("/v1/card-products/" + id, t.sandboxKey(), body("name", "Renamed",
                "issuanceFee", "3.00", "limits", Api.map("daily", "1500.00"), "validityMonths", 60,
                "topupFee", Api.map("percent", "2")));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.text("name")).isEqualTo("Renamed");
        assertThat(r.text("issuanceFee")).isEqualTo("3.00");
        assertThat(r.data().get("limits").get("daily").asString()).isEqualTo("1500.00");
        assertThat(r.data().get("limits").get("perTransaction").asString()).isEqualTo("500.00");
        assertThat(r.data().get("limits").get("monthly").asString()).isEqualTo("3000.00");
        assertThat(r.data().get("topupFee").get("percent").asString()).isEqualTo("2");
        assertThat(r.data().get("topupFee").get("fixed").asString()).isEqualTo("0.30");
        assertThat(r.data().get("validityMonths").asInt()).isEqualTo(60);
        assertThat(r.text("maxBalance")).isEqualTo("5000.00");
        assertThat(r.text("network")).isEqualTo("MASTERCARD");
        JsonNode read = api.get("/v1/card-products/" + id, t.sandboxKey()).data();
        assertThat(read.get("name").asString()).isEqualTo("Renamed");
        assertThat(read.get("limits").get("daily").asString()).isEqualTo("1500.00");

        // patches that would make it inconsistent are refused and change nothing
        List<Map<String, Object>> bad = List.of(
                body("limits", Api.map("daily", "3000.01")),
                body("limits", Api.map("perTransaction", "1500.01")),
                body("validityMonths", 0),
                body("validityMonths", 121),
                body("issuanceFee", "-1"),
                body("issuanceFee", "1.001"),
                body("maxBalance", "0.99"),
                body("topupFee", Api.map("percent", "101")),
                body("network", "DISCOVER"),
                body("network", "VISA"), // the Mastercard BIN does not fit Visa
                body("bin", "4111111"));
        for (Map<String, Object> b : bad) {
            Api.Resp p = api.patch("/v1/card-products/" + id, t.sandboxKey(), b);
            assertThat(p.status()).as(b + " → " + p).isEqualTo(400);
            assertThat(p.errorCode()).isEqualTo("validation_failed");
        }
        JsonNode after = api.get("/v1/card-products/" + id, t.sandboxKey()).data();
        assertThat(after.get("limits").get("daily").asString()).isEqualTo("1500.00");
        assertThat(after.get("validityMonths").asInt()).isEqualTo(60);
        assertThat(after.get("network").asString()).isEqualTo("MASTERCARD");
        assertThat(after.get("issuanceFee").asString()).isEqualTo("3.00");

        Api.Resp missing = api.patch("/v1/card-products/prd_nosuchproduct", t.sandboxKey(), body("name", "x"));
        assertThat(missing.status()).isEqualTo(404);
    }

    @Test
    void network_currency_and_bin_change_before_any_card_is_issued_and_never_after() {
        TenantKeys t = newTenant();
        Map<String, Object> b = productBody();
        b.put("currency", "USD");
        b.put("issuanceFee", "0");
        String id = createProduct(t.sandboxKey(), b);

        // before any card: allowed
        Api.Resp net = api.patch("/v1/card-products/" + id, t.sandboxKey(), body("network", "VISA", "bin", "42000000"));
        assertThat(net.status()).as(net.toString()).isEqualTo(200);
        assertThat(net.text("network")).isEqualTo("VISA");
        assertThat(net.text("bin")).isEqualTo("42000000");
        Api.Resp cur = api.patch("/v1/card-products/" + id, t.sandboxKey(), body("currency", "EUR"));
        assertThat(cur.status()).as(cur.toString()).isEqualTo(200);
        assertThat(cur.text("currency")).isEqualTo("EUR");
        Api.Resp back = api.patch("/v1/card-products/" + id, t.sandboxKey(), body("currency", "USD", "bin", "42000001"));
        assertThat(back.status()).as(back.toString()).isEqualTo(200);

        // a card is issued from it
        String customer = fundedCustomer(t.sandboxKey(), "10.00");
        JsonNode card = issue(t.sandboxKey(), "customerId", customer, "productId", id);
        assertThat(card.get("maskedNumber").asString()).startsWith("420000");

        for (Map<String, Object> change : List.of(body("network", "MASTERCARD", "bin", "52345678"),
                body("currency", "EUR"), body("bin", "42000002"), body("formFactor", "PHYSICAL"))) {
            Api.Resp r = api.patch("/v1/card-products/" + id, t.sandboxKey(), change);
            assertThat(r.status()).as(change + " → " + r).isEqualTo(409);
            assertThat(r.errorCode()).isEqualTo("invalid_state");
        }
        JsonNode p = api.get("/v1/card-products/" + id, t.sandboxKey()).data();
        assertThat(p.get("network").asString()).isEqualTo("VISA");
        assertThat(p.get("currency").asString()).isEqualTo("USD");
        assertThat(p.get("bin").asString()).isEqualTo("42000001");
        assertThat(p.get("formFactor").asString()).isEqualTo("VIRTUAL");

        // repeating the current values is no change; other fields still change
        Api.Resp same = api.patch("/v1/card-products/" + id, t.sandboxKey(), body("network", "VISA", "currency", "USD",
                "bin", "42000001", "name", "Still mutable"));
        assertThat(same.status()).as(same.toString()).isEqualTo(200);
        assertThat(same.text("name")).isEqualTo("Still mutable");
    }

    /**
     * Amounts are kept in minor units of the product's currency; changing the currency to one with
     * another exponent must not silently rescale the fees and limits (USD 2.50 is not USDT 0.000250).
     */
    @Test
    void changing_the_currency_keeps_the_amounts_as_the_tenant_wrote_them() {
        TenantKeys t = newTenant();
        Map<String, Object> b = productBody();
        b.put("currency", "USD");
        b.put("threeDsThreshold", "150.00");
        String id = createProduct(t.sandboxKey(), b);
        Api.Resp r = api.patch("/v1/card-products/" + id, t.sandboxKey(), body("currency", "USDT"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.text("currency")).isEqualTo("USDT");
        assertThat(r.text("issuanceFee")).as(r.toString()).isEqualTo("2.500000");
        assertThat(r.text("minTopup")).isEqualTo("10.000000");
        assertThat(r.text("minBalance")).isEqualTo("1.000000");
        assertThat(r.text("maxBalance")).isEqualTo("5000.000000");
        assertThat(r.data().get("limits").get("perTransaction").asString()).isEqualTo("500.000000");
        assertThat(r.data().get("limits").get("daily").asString()).isEqualTo("1000.000000");
        assertThat(r.data().get("limits").get("monthly").asString()).isEqualTo("3000.000000");
        assertThat(r.data().get("topupFee").get("fixed").asString()).isEqualTo("0.300000");
        assertThat(r.text("threeDsThreshold")).isEqualTo("150.000000");

        // an amount the new currency cannot hold must be restated, and nothing changes until it is
        assertThat(api.patch("/v1/card-products/" + id, t.sandboxKey(), body("issuanceFee", "2.123456")).status())
                .isEqualTo(200);
        Api.Resp lossy = api.patch("/v1/card-products/" + id, t.sandboxKey(), body("currency", "USD"));
        assertThat(lossy.status()).as(lossy.toString()).isEqualTo(400);
        assertThat(lossy.data().get("fields").has("issuanceFee")).as(lossy.toString()).isTrue();
        assertThat(lossy.data().get("fields").size()).as(lossy.toString()).isEqualTo(1);
        assertThat(api.get("/v1/card-products/" + id, t.sandboxKey()).text("currency")).isEqualTo("USDT");
        Api.Resp restated = api.patch("/v1/card-products/" + id, t.sandboxKey(),
                body("currency", "USD", "issuanceFee", "2.12"));
        assertThat(restated.status()).as(restated.toString()).isEqualTo(200);
        assertThat(restated.text("issuanceFee")).isEqualTo("2.12");
        assertThat(restated.text("maxBalance")).isEqualTo("5000.00");
        assertThat(restated.data().get("limits").get("daily").asString()).isEqualTo("1000.00");
        assertThat(restated.text("threeDsThreshold")).isEqualTo("150.00");
        // an amount given with the currency change is read in the new currency
        Api.Resp cop = api.patch("/v1/card-products/" + id, t.sandboxKey(), body("currency", "COP", "issuanceFee",
                "1.001"));
        assertThat(cop.status()).as(cop.toString()).isEqualTo(400);
        assertThat(cop.data().get("fields").has("issuanceFee")).isTrue();
    }

    private static long cents(String amount) {
        return new java.math.BigDecimal(amount).movePointRight(2).longValueExact();
    }

    private static List<String> ids(Api.Resp r) {
        List<String> out = new ArrayList<>();
        r.data().get("items").forEach(i -> out.add(i.get("id").asString()));
        return out;
    }
}
