package io.emboss.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import io.emboss.support.ApiTestBase;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Content-Type that names no single media type is a 415 in the caller's error shape, before
 * anything reads the body; it was a 500 on every operation with a body (found by the OpenAPI
 * fuzzer). Run: {@code ./mvnw -q -o test -Dtest=ContentTypeApiTest}.
 */
class ContentTypeApiTest extends ApiTestBase {
    private static final List<String> NOT_ONE_TYPE = List.of("*/*", "application/*", "*/json", "json", "application/");

    @Test
    void a_wildcard_or_unreadable_content_type_is_a_415_and_changes_nothing() {
        TenantKeys t = newTenant();
        String customer = newApprovedCustomer(t.sandboxKey());
        deposit(t.sandboxKey(), customer, "USD", "10.00");
        for (String type : NOT_ONE_TYPE) {
            Api.Resp created = api.raw("POST", "/v1/customers", t.sandboxKey(), type,
                    "{\"name\":\"Wildcard\",\"email\":\"wild@example.com\"}");
            assertThat(created.status()).as(type + ": " + created).isEqualTo(415);
            assertThat(created.errorCode()).isEqualTo("unsupported_media_type");
            assertThat(created.body().get("success").asBoolean()).isFalse();
            assertThat(created.body().has("data")).isTrue();
            Api.Resp money = api.raw("POST", "/v1/simulate/deposits", t.sandboxKey(), type,
                    "{\"customerId\":\"" + customer + "\",\"currency\":\"USD\",\"amount\":\"5.00\"}");
            assertThat(money.status()).as(type + ": " + money).isEqualTo(415);
            assertThat(money.errorCode()).isEqualTo("unsupported_media_type");
        }
        assertThat(allPages("/v1/customers", t.sandboxKey())).hasSize(1);
        assertThat(walletAvailable(t.sandboxKey(), customer, "USD")).isEqualTo("10.00");
        assertLedgerBalanced();
    }

    @Test
    void the_dialects_answer_it_in_their_own_shape() {
        TenantKeys t = newTenant();
        Api.Resp core = api.raw("POST", "/compat/core/balances/add", t.sandboxKey(), "*/*", "{}");
        assertThat(core.status()).as(core.toString()).isEqualTo(415);
        assertThat(core.body().get("error").asString()).isEqualTo("unsupported_media_type");
        Api.Resp ops = api.raw("POST", "/compat/ops/card/pin", t.sandboxKey(), "*/*", "{}");
        assertThat(ops.status()).as(ops.toString()).isEqualTo(415);
        assertThat(ops.body().get("code").asString()).isEqualTo("unsupported_media_type");
        Api.Resp alix = api.raw("POST", "/compat/alix/api/v2/cards/topup", t.sandboxKey(), "application/*", "{}");
        assertThat(alix.status()).as(alix.toString()).isEqualTo(415);
        assertThat(alix.body().get("errorCode").asInt()).isEqualTo(1);
    }

    @Test
    void a_concrete_json_type_with_parameters_still_goes_through() {
        TenantKeys t = newTenant();
        Api.Resp r = api.raw("POST", "/v1/customers", t.sandboxKey(), "application/json; charset=UTF-8",
                "{\"name\":\"Plain\",\"email\":\"plain@example.com\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(ContentTypeFilter.concrete("application/json")).isTrue();
        assertThat(ContentTypeFilter.concrete("*/*")).isFalse();
    }
}
