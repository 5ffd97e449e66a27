package io.emboss.wallets;

import io.emboss.shared.Caller;
import io.emboss.shared.Currency;
import io.emboss.shared.Money;
import io.emboss.web.ApiResponse;
import io.emboss.web.Fields;
import io.emboss.web.Responses;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    ResponseEntity<ApiResponse> wallets(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return Responses.of(wallets.wallets(caller, id), list -> Map.of("items",
                list.stream().map(WalletController::view).toList(), "hasMore", false));
    }

    @GetMapping("/v1/balance")
    ResponseEntity<ApiResponse> funding(@AuthenticationPrincipal Caller caller) {
        List<Map<String, Object>> items = wallets.fundingBalances(caller).stream().map(WalletController::view).toList();
        return Responses.ok(Map.of("items", items, "hasMore", false));
    }

    @PostMapping("/v1/simulate/deposits")
    ResponseEntity<ApiResponse> deposit(@AuthenticationPrincipal Caller caller, @RequestBody SimulateDeposit body) {
        Fields f = new Fields();
        String customerId = f.text("customerId", body.customerId(), 1, 64);
        Currency currency = f.currency("currency", body.currency());
        Currency credit = body.creditCurrency() == null ? null : f.currency("creditCurrency", body.creditCurrency());
        Long amount = f.positiveAmount("amount", body.amount(), currency);
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        return Responses.created(wallets.depositToWallet(caller, customerId, currency, amount, credit),
                WalletViews::of);
    }

    @PostMapping("/v1/simulate/tenant-funding")
    ResponseEntity<ApiResponse> fund(@AuthenticationPrincipal Caller caller, @RequestBody SimulateFunding body) {
        Fields f = new Fields();
        Currency currency = f.currency("currency", body.currency());
        Long amount = f.positiveAmount("amount", body.amount(), currency);
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        return Responses.created(wallets.fundTenant(caller, currency, amount), WalletViews::of);
    }

    @GetMapping("/v1/deposits/{id}")
    ResponseEntity<ApiResponse> getDeposit(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return Responses.of(wallets.getDeposit(caller, id), WalletViews::of);
    }

    static Map<String, Object> view(WalletBalance b) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("currency", b.currency().name());
        view.put("available", Money.format(b.availableMinor(), b.currency()));
        view.put("pending", Money.format(b.pendingMinor(), b.currency()));
        return view;
    }
}
