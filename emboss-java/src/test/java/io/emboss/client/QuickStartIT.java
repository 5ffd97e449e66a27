package io.emboss.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.emboss.client.api.CardProductsApi;
import io.emboss.client.model.AuthorizationDecisionView;
import io.emboss.client.model.CardBalanceView;
import io.emboss.client.model.CardDetailsView;
import io.emboss.client.model.CardProductView;
import io.emboss.client.model.CardView;
import io.emboss.client.model.CreateCardRequest;
import io.emboss.client.model.CreateCustomerRequest;
import io.emboss.client.model.CreateTenantRequest;
import io.emboss.client.model.CreateTopupRequest;
import io.emboss.client.model.CreateWebhookEndpointRequest;
import io.emboss.client.model.CreatedTenantView;
import io.emboss.client.model.CustomerView;
import io.emboss.client.model.DepositView;
import io.emboss.client.model.SimulateAuthorizationRequest;
import io.emboss.client.model.SimulateAuthorizationRequestMerchant;
import io.emboss.client.model.SimulateDepositRequest;
import io.emboss.client.model.SimulateKycDecisionRequest;
import io.emboss.client.model.TopupView;
import io.emboss.client.model.TransactionView;
import io.emboss.client.model.WalletBalanceView;
import io.emboss.client.model.WebhookEndpointWithSecretView;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's quick start, driven through the SDK against the real server jar on PostgreSQL: a tenant made
 * with the admin token; then customer → KYC approved → deposit → card → card details → top-up → authorization
 * → capture → transactions (read page by page) → a webhook delivery to a local receiver, verified with
 * {@link Webhooks#verify}. Balances are checked to the cent at each step.
 */
class QuickStartIT {
    /** A delivery as the receiver got it: the raw body and the headers. */
    record Delivery(String body, Map<String, List<String>> headers) {
    }

    private static EmbossServer server;
    private static HttpServer receiver;
    private static final BlockingQueue<Delivery> DELIVERIES = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws IOException {
        server = EmbossServer.start();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/emboss", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            DELIVERIES.add(new Delivery(body, Map.copyOf(exchange.getRequestHeaders())));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    static void stop() {
        if (receiver != null) {
            receiver.stop(0);
        }
        if (server != null) {
            server.close();
        }
    }

    private static String sandboxKey() {
        EmbossClient operator = EmbossClient.builder().baseUrl(server.baseUrl()).apiKey(EmbossServer.ADMIN_TOKEN)
                .build();
        String email = "ops-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        CreatedTenantView tenant = operator.platform().createTenant(new CreateTenantRequest().name("Acme Pay")
                .adminEmail(email).adminPassword("a long passphrase"));
        assertThat(tenant.getSandboxApiKey()).startsWith("sk_test_");
        return tenant.getSandboxApiKey();
    }

    @Test
    void the_quick_start_through_the_sdk() throws Exception {
        EmbossClient emboss = EmbossClient.builder().baseUrl(server.baseUrl()).apiKey(sandboxKey()).build();

        WebhookEndpointWithSecretView endpoint = emboss.webhookEndpoints().create(new CreateWebhookEndpointRequest()
                .url("http://127.0.0.1:" + receiver.getAddress().getPort() + "/emboss").events(List.of("*")));
        assertThat(endpoint.getSecret()).startsWith("whsec_");

        CustomerView ana = emboss.customers().create(new CreateCustomerRequest().name("Ana Gómez")
                .email("ana-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com").phone("+573001234567"));
        assertThat(ana.getId()).startsWith("cus_");
        assertThat(ana.getKycStatus()).isEqualTo(CustomerView.KycStatusEnum.PENDING);
        ana = emboss.simulation().kycDecision(ana.getId(), SimulateKycDecisionRequest.DecisionEnum.APPROVED);
        assertThat(ana.getKycStatus()).isEqualTo(CustomerView.KycStatusEnum.APPROVED);

        SimulateDepositRequest deposit = new SimulateDepositRequest().customerId(ana.getId())
                .currency(SimulateDepositRequest.CurrencyEnum.USD).amount("250.00");
        DepositView first = emboss.simulation().deposit(deposit, RequestOptions.idempotencyKey("first-deposit"));
        DepositView replay = emboss.simulation().deposit(deposit, RequestOptions.idempotencyKey("first-deposit"));
        assertThat(replay.getId()).as("the same Idempotency-Key answers the first deposit again")
                .isEqualTo(first.getId());
        assertThat(usd(emboss.customers().wallets(ana.getId())).getAvailable()).isEqualTo("250.00");

        CardProductView product = emboss.call(() -> emboss.api(CardProductsApi::new).listCardProducts(100, null))
                .getData().getItems().stream()
                .filter(p -> p.getCurrency() == CardProductView.CurrencyEnum.USD
                        && p.getFormFactor() == CardProductView.FormFactorEnum.VIRTUAL).findFirst().orElseThrow();
        CardView card = emboss.cards().create(new CreateCardRequest().customerId(ana.getId())
                .productId(product.getId()).initialBalance("50.00"));
        assertThat(card.getId()).startsWith("card_");
        assertThat(card.getStatus()).isEqualTo(CardView.StatusEnum.ACTIVE);
        // the issuance fee (1.00) and the initial balance leave the wallet
        assertThat(usd(emboss.customers().wallets(ana.getId())).getAvailable()).isEqualTo("199.00");

        CardDetailsView details = emboss.cards().details(card.getId());
        assertThat(details.getNumber()).hasSize(16).endsWith(card.getLast4());
        assertThat(details.getCvv()).hasSize(3);

        TopupView topup = emboss.cards().topUp(card.getId(), new CreateTopupRequest().amount("25.00"));
        assertThat(topup.getStatus()).isEqualTo(TopupView.StatusEnum.COMPLETED);
        assertThat(topup.getFee()).isEqualTo("0.75"); // 0.50 + 1 %
        assertThat(emboss.cards().balance(card.getId()).getAvailable()).isEqualTo("75.00");
        assertThat(usd(emboss.customers().wallets(ana.getId())).getAvailable()).isEqualTo("173.25");

        AuthorizationDecisionView auth = emboss.simulation().authorize(new SimulateAuthorizationRequest()
                .cardId(card.getId()).amount("42.10").currency(SimulateAuthorizationRequest.CurrencyEnum.USD)
                .merchant(new SimulateAuthorizationRequestMerchant().name("Blue Bottle").mcc("5814").country("US")));
        assertThat(auth.getApproved()).as(auth.toString()).isTrue();
        CardBalanceView held = emboss.cards().balance(card.getId());
        assertThat(held.getAvailable()).isEqualTo("32.90");
        assertThat(held.getPending()).isEqualTo("42.10");

        TransactionView captured = emboss.simulation().capture(auth.getId());
        assertThat(captured.getCapturedAmount()).isEqualTo("42.10");
        CardBalanceView posted = emboss.cards().balance(card.getId());
        assertThat(posted.getAvailable()).isEqualTo("32.90");
        assertThat(posted.getPending()).isEqualTo("0.00");
        assertThat(posted.getPosted()).isEqualTo("32.90");

        // a second purchase, so that a page size of 1 needs two pages
        AuthorizationDecisionView coffee = emboss.simulation().authorize(new SimulateAuthorizationRequest()
                .cardId(card.getId()).amount("3.50").currency(SimulateAuthorizationRequest.CurrencyEnum.USD)
                .merchant(new SimulateAuthorizationRequestMerchant().name("Blue Bottle").mcc("5814").country("US")));
        assertThat(coffee.getApproved()).isTrue();
        // page by page (one item a page) reads what one page of 100 holds, in the same order
        List<String> paged = emboss.transactions().list(new Transactions.Query().cardId(card.getId()).pageSize(1))
                .stream().map(TransactionView::getId).collect(Collectors.toList());
        List<String> onePage = emboss.call(() -> emboss.api(io.emboss.client.api.TransactionsApi::new)
                .listTransactions(card.getId(), null, null, null, null, null, null, 100, null)).getData().getItems()
                .stream().map(TransactionView::getId).collect(Collectors.toList());
        assertThat(paged).as("newest first, every page").hasSizeGreaterThan(2).isEqualTo(onePage)
                .startsWith(coffee.getTransactionId(), captured.getId());
        assertThat(emboss.transactions().list(new Transactions.Query().cardId(card.getId()).pageSize(1)).stream()
                .findFirst()).map(TransactionView::getAmount).hasValue("3.50");

        EmbossException missing = (EmbossException) org.assertj.core.api.Assertions.catchThrowable(
                () -> emboss.customers().get("cus_doesnotexist000000000"));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo("resource_not_found");
        assertThat(missing.requestId()).isNotBlank();

        Delivery delivery = DELIVERIES.poll(120, TimeUnit.SECONDS);
        assertThat(delivery).as("no webhook delivery arrived").isNotNull();
        assertThat(Webhooks.verify(delivery.body(), delivery.headers(), endpoint.getSecret()))
                .isEqualTo(delivery.body());
        String tampered = delivery.body().replaceFirst("\\{", "{\"injected\":true,");
        assertThatThrownBy(() -> Webhooks.verify(tampered, delivery.headers(), endpoint.getSecret()))
                .isInstanceOf(Webhooks.VerificationException.class);
        String otherSecret = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
        assertThatThrownBy(() -> Webhooks.verify(delivery.body(), delivery.headers(), otherSecret))
                .isInstanceOf(Webhooks.VerificationException.class);
    }

    private static WalletBalanceView usd(List<WalletBalanceView> wallets) {
        return wallets.stream().filter(w -> w.getCurrency() == WalletBalanceView.CurrencyEnum.USD).findFirst()
                .orElseThrow(() -> new AssertionError("no USD wallet in " + wallets));
    }
}
