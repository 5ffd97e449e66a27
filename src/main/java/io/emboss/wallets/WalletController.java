package io.emboss.wallets;

import io.emboss.shared.Caller;
import io.emboss.shared.Currency;
import io.emboss.web.ApiResponse;
import io.emboss.web.Fields;
import io.emboss.web.ListPage;
import io.emboss.web.Responses;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Wallet balances, the tenant's funding balance, and sandbox deposits. */
@RestController
@EnableConfigurationProperties(FxRates.class)
class WalletController {
    record SimulateDeposit(String customerId, String currency, JsonNode amount, String creditCurrency) {
    }

    record SimulateFunding(String currency, JsonNode amount) {
    }

    private final WalletService wallets;

    WalletController(WalletService wallets) {
        this.wallets = wallets;
    }

    @GetMapping("/v1/customers/{id}/wallets")
    ResponseEntity<ApiResponse<ListPage<WalletBalanceView>>> wallets(@AuthenticationPrincipal Caller caller,
            @PathVariable String id) {
        return Responses.of(wallets.wallets(caller, id), list -> ListPage.all(list, WalletBalanceView::of));
    }

    @GetMapping("/v1/balance")
    ResponseEntity<ApiResponse<ListPage<WalletBalanceView>>> funding(@AuthenticationPrincipal Caller caller) {
        return Responses.ok(ListPage.all(wallets.fundingBalances(caller), WalletBalanceView::of));
    }

    @PostMapping("/v1/simulate/deposits")
    ResponseEntity<ApiResponse<DepositView>> deposit(@AuthenticationPrincipal Caller caller,
            @RequestBody SimulateDeposit body) {
        Fields f = new Fields();
        String customerId = f.text("customerId", body.customerId(), 1, 64);
        Currency currency = f.currency("currency", body.currency());
        Currency credit = body.creditCurrency() == null ? null : f.currency("creditCurrency", body.creditCurrency());
        Long amount = f.positiveAmount("amount", body.amount(), currency);
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        return Responses.created(wallets.depositToWallet(caller, customerId, currency, amount, credit),
                DepositView::of);
    }

    @PostMapping("/v1/simulate/tenant-funding")
    ResponseEntity<ApiResponse<DepositView>> fund(@AuthenticationPrincipal Caller caller,
            @RequestBody SimulateFunding body) {
        Fields f = new Fields();
        Currency currency = f.currency("currency", body.currency());
        Long amount = f.positiveAmount("amount", body.amount(), currency);
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        return Responses.created(wallets.fundTenant(caller, currency, amount), DepositView::of);
    }

    @GetMapping("/v1/deposits/{id}")
    ResponseEntity<ApiResponse<DepositView>> getDeposit(@AuthenticationPrincipal Caller caller,
            @PathVariable String id) {
        return Responses.of(wallets.getDeposit(caller, id), DepositView::of);
    }
}
