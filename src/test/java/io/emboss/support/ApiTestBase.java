package io.emboss.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.shared.Ids;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Base of HTTP tests: a client on the random port, and helpers that create tenants and customers
 * and check the ledger through the public API only.
 */
@ApiTest
public abstract class ApiTestBase {
    protected static final String ADMIN = PostgresSchema.ADMIN_TOKEN;

    @LocalServerPort
    protected int port;

    protected Api api;

    /** A tenant made through the platform API; keys are the ones shown once at creation. */
    public record TenantKeys(String id, String sandboxKey, String liveKey, String email, String password) {
    }

    @BeforeEach
    void setUpClient() {
        api = new Api(port);
    }

    @org.springframework.beans.factory.annotation.Autowired
    private io.emboss.tenancy.AuditLog auditLog;

    /** The audit log is written in batches; a test that reads its table directly writes the queue first. */
    protected void auditWritten() {
        auditLog.flush();
    }

    protected TenantKeys newTenant() {
        String email = "owner-" + Ids.random(8).toLowerCase() + "@tenant.test";
        String password = "correct horse battery " + Ids.random(6);
        Api.Resp r = api.post("/v1/platform/tenants", ADMIN,
                Api.map("name", "Tenant " + email, "adminEmail", email, "adminPassword", password));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return new TenantKeys(r.text("id"), r.text("sandboxApiKey"), r.text("liveApiKey"), email, password);
    }

    protected String newCustomer(String key) {
        String email = "c-" + Ids.random(10).toLowerCase() + "@example.com";
        Api.Resp r = api.post("/v1/customers", key, Api.map("name", "Customer " + email, "email", email));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.text("id");
    }

    protected String newApprovedCustomer(String key) {
        String id = newCustomer(key);
        Api.Resp r = api.post("/v1/simulate/customers/" + id + "/kyc", key, Api.map("decision", "approved"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return id;
    }

    protected void deposit(String key, String customerId, String currency, String amount) {
        Api.Resp r = api.post("/v1/simulate/deposits", key,
                Api.map("customerId", customerId, "currency", currency, "amount", amount));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    /** The wallet's available balance in a currency, as the API shows it ("100.00"). */
    protected String walletAvailable(String key, String customerId, String currency) {
        Api.Resp r = api.get("/v1/customers/" + customerId + "/wallets", key);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        for (JsonNode item : r.data().get("items")) {
            if (item.get("currency").asString().equals(currency)) {
                return item.get("available").asString();
            }
        }
        throw new AssertionError("no " + currency + " wallet in " + r);
    }

    /** The tenant's funding balance per currency. */
    protected String fundingAvailable(String key, String currency) {
        Api.Resp r = api.get("/v1/balance", key);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        for (JsonNode item : r.data().get("items")) {
            if (item.get("currency").asString().equals(currency)) {
                return item.get("available").asString();
            }
        }
        throw new AssertionError("no " + currency + " balance in " + r);
    }

    /** Asserts the ledger verification endpoint reports every invariant holding. */
    protected JsonNode assertLedgerBalanced() {
        Api.Resp r = api.get("/v1/platform/ledger/verification", ADMIN);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.data().get("balanced").asBoolean()).as(r.toString()).isTrue();
        assertThat(r.data().get("problems").size()).as(r.toString()).isZero();
        return r.data();
    }

    /** Every item of a list endpoint, following nextCursor page by page ({@code path} may carry a query). */
    protected java.util.List<JsonNode> allPages(String path, String key) {
        java.util.List<JsonNode> out = new java.util.ArrayList<>();
        String separator = path.contains("?") ? "&" : "?";
        String after = null;
        do {
            Api.Resp r = api.get(path + separator + "limit=100" + (after == null ? "" : "&startingAfter=" + after), key);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            r.data().get("items").forEach(out::add);
            after = r.data().get("hasMore").asBoolean() ? r.data().get("nextCursor").asString() : null;
        } while (after != null);
        return out;
    }

    /** The events of a type, newest first, as GET /v1/events shows them (first 100). */
    protected java.util.List<JsonNode> events(String key, String type) {
        Api.Resp r = api.get("/v1/events?limit=100&type=" + type, key);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        java.util.List<JsonNode> out = new java.util.ArrayList<>();
        r.data().get("items").forEach(out::add);
        return out;
    }

    protected static Map<String, Object> body(Object... kv) {
        return Api.map(kv);
    }
}
