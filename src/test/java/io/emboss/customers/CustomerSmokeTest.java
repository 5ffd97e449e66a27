package io.emboss.customers;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import io.emboss.support.ApiTestBase;
import org.junit.jupiter.api.Test;

class CustomerSmokeTest extends ApiTestBase {

    @Test
    void creates_and_reads_a_customer() {
        TenantKeys t = newTenant();
        Api.Resp created = api.post("/v1/customers", t.sandboxKey(), body("name", "Ana", "email", "ana@x.com"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.text("kycStatus")).isEqualTo("pending");
        assertThat(created.text("id")).startsWith("cus_");
        Api.Resp again = api.post("/v1/customers", t.sandboxKey(), body("name", "Ana", "email", "ANA@x.com"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorCode()).isEqualTo("email_already_exists");
        assertLedgerBalanced();
    }
}
