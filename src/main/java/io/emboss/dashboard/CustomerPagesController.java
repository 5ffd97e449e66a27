package io.emboss.dashboard;

import io.emboss.cards.Card;
import io.emboss.cards.CardService;
import io.emboss.customers.Customer;
import io.emboss.customers.CustomerService;
import io.emboss.shared.Caller;
import io.emboss.shared.Outcome;
import io.emboss.shared.Page;
import io.emboss.shared.PageRequest;
import io.emboss.wallets.WalletService;
import io.emboss.web.Fields;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The customers: the list (filtered as {@code GET /v1/customers} filters it: by email and KYC
 * status), a customer's page with its KYC status, wallets and cards, and in sandbox the KYC
 * decision of {@code POST /v1/simulate/customers/{id}/kyc}.
 */
@Controller
@RequestMapping("/dashboard/customers")
class CustomerPagesController {
    private final CustomerService customers;
    private final WalletService wallets;
    private final CardService cards;

    CustomerPagesController(CustomerService customers, WalletService wallets, CardService cards) {
        this.customers = customers;
        this.wallets = wallets;
        this.cards = cards;
    }

    @GetMapping
    String list(@RequestParam(required = false) String search, @RequestParam(required = false) String kycStatus,
            @RequestParam(required = false) String startingAfter, HttpServletRequest request, Model model) {
        String searchGiven = ConsoleLists.given(search);
        String statusGiven = ConsoleLists.given(kycStatus);
        model.addAttribute("page", "customers");
        model.addAttribute("search", searchGiven);
        model.addAttribute("kycStatus", statusGiven);
        model.addAttribute("statuses", List.of(Customer.KycStatus.values()).stream().map(Customer.KycStatus::wire)
                .toList());
        Fields f = new Fields();
        Customer.KycStatus status = f.oneOf("kycStatus", statusGiven, Customer.KycStatus.class, false);
        String text = searchGiven == null ? null : f.text("search", searchGiven, 1, 100);
        Outcome<Page<Customer>> found = !f.ok() ? Outcome.rejected(f.rejection())
                : ConsoleLists.request(startingAfter).flatMap(p -> customers.list(
                        Console.caller(request), null, status, text, p));
        if (!found.isOk()) {
            model.addAttribute(Console.PROBLEM, found.rejection().message());
            model.addAttribute("customers", List.of());
            return "dashboard/customers";
        }
        model.addAttribute("customers", found.value().items().stream().map(CustomerPageViews.CustomerRow::of)
                .toList());
        model.addAttribute("nextUrl", ConsoleLists.next(request, "startingAfter", found.value()));
        return "dashboard/customers";
    }

    @GetMapping("/{id}")
    String customer(@PathVariable String id, HttpServletRequest request, HttpServletResponse response, Model model) {
        Caller caller = Console.caller(request);
        Outcome<Customer> customer = customers.get(caller, id);
        if (!customer.isOk()) {
            return Console.notFound(response, model, customer.rejection().message());
        }
        Page<Card> held = cards.list(caller, id, null, null, new PageRequest(PageRequest.DEFAULT_LIMIT, null))
                .value();
        model.addAttribute("page", "customers");
        model.addAttribute("customer", CustomerPageViews.CustomerRow.of(customer.value()));
        model.addAttribute("sandbox", caller.sandbox());
        model.addAttribute("wallets", wallets.wallets(caller, id).value().stream()
                .map(CustomerPageViews.WalletRow::of).toList());
        model.addAttribute("cards", held.items().stream()
                .map(c -> CardPageViews.CardRow.of(c, cards.balance(c))).toList());
        model.addAttribute("moreCards", held.hasMore());
        return "dashboard/customer";
    }

    /** The sandbox KYC decision; the service refuses it in live mode, and a decided KYC, itself. */
    @PostMapping("/{id}/kyc")
    String decideKyc(@PathVariable String id, @RequestParam(defaultValue = "") String decision,
            @RequestParam(required = false) String reason, HttpServletRequest request, HttpServletResponse response,
            RedirectAttributes flash, Model model) {
        String back = "/dashboard/customers/" + id;
        Fields f = new Fields();
        if (!"approved".equals(decision) && !"rejected".equals(decision)) {
            f.problem("decision", "must be approved or rejected");
        }
        String why = f.optionalText("reason", ConsoleLists.given(reason), 500);
        if (!f.ok()) {
            flash.addFlashAttribute(Console.PROBLEM, f.rejection().message());
            return "redirect:" + back;
        }
        boolean approved = "approved".equals(decision);
        return Console.after(customers.decideKyc(Console.caller(request), id, approved, why),
                approved ? "KYC approved." : "KYC rejected.", back, flash, response, model);
    }
}
