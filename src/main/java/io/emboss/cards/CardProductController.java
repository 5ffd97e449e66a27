package io.emboss.cards;

import io.emboss.shared.Caller;
import io.emboss.shared.Currency;
import io.emboss.shared.Outcome;
import io.emboss.web.ApiResponse;
import io.emboss.web.Fields;
import io.emboss.web.ListPage;
import io.emboss.web.Pagination;
import io.emboss.web.Responses;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Card products: create, list, read, change. */
@RestController
@RequestMapping("/v1/card-products")
class CardProductController {
    record TopupFee(JsonNode fixed, JsonNode percent) {
    }

    record Limits(JsonNode perTransaction, JsonNode daily, JsonNode monthly) {
    }

    record ProductInput(String name, String network, String formFactor, String currency, String bin,
                        JsonNode issuanceFee, TopupFee topupFee, JsonNode minTopup, JsonNode minBalance,
                        JsonNode maxBalance, Limits limits, JsonNode validityMonths, String settlementMode,
                        JsonNode threeDsThreshold, JsonNode provisionalCredit, JsonNode interchangeSharePercent) {
    }

    private final CardProductService products;

    CardProductController(CardProductService products) {
        this.products = products;
    }

    @PostMapping
    ResponseEntity<ApiResponse<CardProductView>> create(@AuthenticationPrincipal Caller caller,
            @RequestBody ProductInput body) {
        Fields f = new Fields();
        CardProductService.ProductSpec spec = spec(f, body, null, true);
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        return Responses.created(products.create(caller, spec), CardProductView::of);
    }

    @GetMapping
    ResponseEntity<ApiResponse<ListPage<CardProductView>>> list(@AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) String limit, @RequestParam(required = false) String startingAfter) {
        return Responses.page(Pagination.parse(limit, startingAfter).flatMap(p -> products.list(caller, p)),
                CardProductView::of);
    }

    @GetMapping("/{id}")
    ResponseEntity<ApiResponse<CardProductView>> get(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return Responses.of(products.get(caller, id), CardProductView::of);
    }

    @PatchMapping("/{id}")
    ResponseEntity<ApiResponse<CardProductView>> update(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            @RequestBody ProductInput body) {
        Outcome<CardProduct> current = products.get(caller, id);
        if (!current.isOk()) {
            return Responses.rejected(current.rejection());
        }
        Fields f = new Fields();
        CardProductService.ProductSpec spec = spec(f, body, current.value().currency(), false);
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        return Responses.of(products.update(caller, id, spec), CardProductView::of);
    }

    /** Reads a product; on update ({@code required} false) every field is optional. */
    private static CardProductService.ProductSpec spec(Fields f, ProductInput b, Currency existing, boolean required) {
        String name = b.name() == null && !required ? null : f.text("name", b.name(), 1, 200);
        CardProduct.Network network = f.oneOf("network", b.network(), CardProduct.Network.class, required);
        CardProduct.FormFactor formFactor = f.oneOf("formFactor", b.formFactor(), CardProduct.FormFactor.class,
                required);
        Currency currency = b.currency() == null && !required ? null : f.currency("currency", b.currency());
        Currency amounts = currency != null ? currency : existing;
        String bin = b.bin() == null ? null : f.matches("bin", b.bin(), java.util.regex.Pattern.compile("\\d{6,8}"),
                "must be 6 to 8 digits", false);
        Long issuanceFee = f.amount("issuanceFee", b.issuanceFee(), amounts, required);
        Long topupFixed = null;
        String topupPercent = null;
        if (b.topupFee() != null) {
            topupFixed = f.amount("topupFee.fixed", b.topupFee().fixed(), amounts, required);
            topupPercent = f.percent("topupFee.percent", b.topupFee().percent(), required);
        } else if (required) {
            f.problem("topupFee", "is required: {fixed, percent}");
        }
        Long minTopup = f.amount("minTopup", b.minTopup(), amounts, required);
        Long minBalance = f.amount("minBalance", b.minBalance(), amounts, false);
        Long maxBalance = f.amount("maxBalance", b.maxBalance(), amounts, required);
        Long per = null;
        Long daily = null;
        Long monthly = null;
        if (b.limits() != null) {
            per = f.amount("limits.perTransaction", b.limits().perTransaction(), amounts, required);
            daily = f.amount("limits.daily", b.limits().daily(), amounts, required);
            monthly = f.amount("limits.monthly", b.limits().monthly(), amounts, required);
        } else if (required) {
            f.problem("limits", "is required: {perTransaction, daily, monthly}");
        }
        Integer validity = f.intRange("validityMonths", b.validityMonths(), 1, 120);
        if (required && validity == null && (b.validityMonths() == null || b.validityMonths().isNull())) {
            f.problem("validityMonths", "is required");
        }
        CardProduct.SettlementMode mode = f.oneOf("settlementMode", b.settlementMode(),
                CardProduct.SettlementMode.class, false);
        Long threeDs = f.amount("threeDsThreshold", b.threeDsThreshold(), amounts, false);
        Boolean provisionalCredit = f.bool("provisionalCredit", b.provisionalCredit());
        Integer share = f.intRange("interchangeSharePercent", b.interchangeSharePercent(), 0, 100);
        return new CardProductService.ProductSpec(name, network, formFactor, currency, bin, issuanceFee, topupFixed,
                topupPercent, minTopup, minBalance, maxBalance, per, daily, monthly, validity, mode, threeDs,
                provisionalCredit, share);
    }
}
