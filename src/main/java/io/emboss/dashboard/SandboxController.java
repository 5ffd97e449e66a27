package io.emboss.dashboard;

import io.emboss.authorization.AuthorizationEngine;
import io.emboss.authorization.MerchantInput;
import io.emboss.authorization.SimulateAuthorization;
import io.emboss.cards.Card;
import io.emboss.cards.CardService;
import io.emboss.customers.CustomerService;
import io.emboss.shared.Caller;
import io.emboss.shared.Currency;
import io.emboss.shared.Money;
import io.emboss.shared.Outcome;
import io.emboss.shared.PageRequest;
import io.emboss.shared.Rejection;
import io.emboss.wallets.Deposit;
import io.emboss.wallets.WalletService;
import io.emboss.web.Fields;
import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Function;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The Sandbox page: a simulated purchase, deposit, tenant funding, KYC decision and shipping step,
 * each through the service the {@code /v1/simulate} API calls, its answer shown on the page at once
 * (the page is rendered again with it). In live the page offers no form, and a forged post is
 * refused by the services themselves (a live caller may not simulate).
 */
@Controller
class SandboxController {
    private static final String PAGE = "dashboard/sandbox";
    private final AuthorizationEngine engine;
    private final WalletService wallets;
    private final CustomerService customers;
    private final CardService cards;

    SandboxController(AuthorizationEngine engine, WalletService wallets, CustomerService customers,
            CardService cards) {
        this.engine = engine;
        this.wallets = wallets;
        this.customers = customers;
        this.cards = cards;
    }

    @GetMapping("/dashboard/sandbox")
    String page(HttpServletRequest request, Model model) {
        return page(request, model, null);
    }

    @PostMapping("/dashboard/sandbox/authorizations")
    String authorize(HttpServletRequest request, Model model, @RequestParam(required = false) String cardId,
            @RequestParam(required = false) String amount, @RequestParam(required = false) String currency,
            @RequestParam(required = false) String merchantName, @RequestParam(required = false) String mcc,
            @RequestParam(required = false) String country, @RequestParam(required = false) String channel) {
        Caller caller = Console.caller(request);
        SimulateAuthorization input = SimulateAuthorization.byCard(FormValues.text(cardId), FormValues.amount(amount),
                FormValues.text(currency), new MerchantInput(FormValues.text(merchantName), FormValues.text(mcc), null,
                        FormValues.text(country), null), FormValues.text(channel));
        Outcome<SimulatedDecision> decided = input.request().flatMap(r -> engine.simulate(caller, r))
                .map(SimulatedDecision::of);
        if (decided.isOk()) {
            model.addAttribute("decision", decided.value());
        }
        return page(request, model, decided.isOk() ? null : decided.rejection());
    }

    @PostMapping("/dashboard/sandbox/deposits")
    String deposit(HttpServletRequest request, Model model, @RequestParam(required = false) String customerId,
            @RequestParam(required = false) String currency, @RequestParam(required = false) String amount) {
        Caller caller = Console.caller(request);
        Fields f = new Fields();
        String customer = f.text("customerId", customerId, 1, 64);
        return money(request, model, f, currency, amount, (c, minor) -> wallets.depositToWallet(caller, customer, c,
                minor, null), d -> "Deposited " + amountOf(d) + " to the wallet of customer " + customer + ".");
    }

    @PostMapping("/dashboard/sandbox/tenant-funding")
    String fund(HttpServletRequest request, Model model, @RequestParam(required = false) String currency,
            @RequestParam(required = false) String amount) {
        Caller caller = Console.caller(request);
        return money(request, model, new Fields(), currency, amount, (c, minor) -> wallets.fundTenant(caller, c,
                minor), d -> "Added " + amountOf(d) + " to your funding balance.");
    }

    @PostMapping("/dashboard/sandbox/kyc")
    String kyc(HttpServletRequest request, Model model, @RequestParam(required = false) String customerId,
            @RequestParam(required = false) String decision, @RequestParam(required = false) String reason) {
        Caller caller = Console.caller(request);
        Fields f = new Fields();
        String customer = f.text("customerId", customerId, 1, 64);
        if (!"approved".equals(decision) && !"rejected".equals(decision)) {
            f.problem("decision", "must be approved or rejected");
        }
        String why = f.optionalText("reason", FormValues.text(reason), 500);
        Outcome<String> done = !f.ok() ? Outcome.rejected(f.rejection())
                : customers.decideKyc(caller, customer, "approved".equals(decision), why)
                        .map(c -> "Customer " + c.id() + " is now " + c.kycStatus().name().toLowerCase(
                                java.util.Locale.ROOT).replace('_', ' ') + ".");
        return answered(request, model, done);
    }

    @PostMapping("/dashboard/sandbox/shipping")
    String shipping(HttpServletRequest request, Model model, @RequestParam(required = false) String cardId,
            @RequestParam(required = false) String status) {
        Caller caller = Console.caller(request);
        Fields f = new Fields();
        String card = f.text("cardId", cardId, 1, 64);
        if (status == null || !java.util.List.of("shipped", "delivered", "returned").contains(status)) {
            f.problem("status", "must be shipped, delivered or returned");
        }
        Outcome<String> done = !f.ok() ? Outcome.rejected(f.rejection())
                : cards.advanceShipping(caller, card, status)
                        .map(c -> "Card " + c.id() + " is now " + c.shipping().status() + ".");
        return answered(request, model, done);
    }

    /** An amount in a currency, checked as the API checks it, handed to a deposit. */
    private String money(HttpServletRequest request, Model model, Fields f, String currency, String amount,
            java.util.function.BiFunction<Currency, Long, Outcome<Deposit>> deposit,
            Function<Deposit, String> notice) {
        Currency c = f.currency("currency", FormValues.text(currency));
        Long minor = f.positiveAmount("amount", FormValues.amount(amount), c);
        Outcome<String> done = !f.ok() ? Outcome.rejected(f.rejection()) : deposit.apply(c, minor).map(notice);
        return answered(request, model, done);
    }

    /** The newest active cards, offered as suggestions for the card id fields (any id may still be typed). */
    private java.util.List<CardOption> activeCards(Caller caller) {
        if (!caller.sandbox()) {
            return java.util.List.of();
        }
        Outcome<io.emboss.shared.Page<Card>> page = cards.list(caller, null, Card.Status.ACTIVE, null,
                new PageRequest(PageRequest.MAX_LIMIT, null));
        return page.isOk() ? page.value().items().stream().map(CardOption::of).toList() : java.util.List.of();
    }

    private static String amountOf(Deposit d) {
        return Money.format(d.amountMinor(), d.currency()) + " " + d.currency().name();
    }

    private String answered(HttpServletRequest request, Model model, Outcome<String> done) {
        if (done.isOk()) {
            model.addAttribute(Console.NOTICE, done.value());
        }
        return page(request, model, done.isOk() ? null : done.rejection());
    }

    private String page(HttpServletRequest request, Model model, Rejection problem) {
        if (problem != null) {
            model.addAttribute(Console.PROBLEM, problem.message());
        }
        model.addAttribute("page", "sandbox");
        model.addAttribute("live", !Console.caller(request).sandbox());
        model.addAttribute("currencies", java.util.Arrays.stream(Currency.values()).map(Enum::name).toList());
        model.addAttribute("activeCards", activeCards(Console.caller(request)));
        return PAGE;
    }
}
