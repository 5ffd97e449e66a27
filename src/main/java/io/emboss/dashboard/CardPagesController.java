package io.emboss.dashboard;

import io.emboss.authorization.Movement;
import io.emboss.authorization.TransactionService;
import io.emboss.cards.Card;
import io.emboss.cards.CardService;
import io.emboss.shared.Caller;
import io.emboss.shared.Currency;
import io.emboss.shared.Outcome;
import io.emboss.shared.Page;
import io.emboss.shared.PageRequest;
import io.emboss.web.Fields;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The cards: the list (filtered as {@code GET /v1/cards} filters it: by status and customer), and a
 * card's page with its balance, limits and controls, status actions, top-up form, transactions and
 * movements. The actions themselves are {@link CardActionsController}'s; revealing the details is
 * {@link CardRevealController}'s, and nothing of the full number is ever part of these pages.
 */
@Controller
@RequestMapping("/dashboard/cards")
class CardPagesController {
    private final CardService cards;
    private final TransactionService transactions;

    CardPagesController(CardService cards, TransactionService transactions) {
        this.cards = cards;
        this.transactions = transactions;
    }

    @GetMapping
    String list(@RequestParam(required = false) String status, @RequestParam(required = false) String customerId,
            @RequestParam(required = false) String startingAfter, HttpServletRequest request, Model model) {
        Caller caller = Console.caller(request);
        String statusGiven = ConsoleLists.given(status);
        String customerGiven = ConsoleLists.given(customerId);
        model.addAttribute("page", "cards");
        model.addAttribute("status", statusGiven);
        model.addAttribute("customerId", customerGiven);
        model.addAttribute("statuses", List.of(Card.Status.values()).stream().map(Card.Status::wire).toList());
        Fields f = new Fields();
        Card.Status s = f.oneOf("status", statusGiven, Card.Status.class, false);
        Outcome<Page<Card>> found = !f.ok() ? Outcome.rejected(f.rejection())
                : ConsoleLists.request(startingAfter)
                        .flatMap(p -> cards.list(caller, customerGiven, s, null, p));
        if (!found.isOk()) {
            model.addAttribute(Console.PROBLEM, found.rejection().message());
            model.addAttribute("cards", List.of());
            return "dashboard/cards";
        }
        model.addAttribute("cards", found.value().items().stream()
                .map(c -> CardPageViews.CardRow.of(c, cards.balance(c))).toList());
        model.addAttribute("nextUrl", ConsoleLists.next(request, "startingAfter", found.value()));
        return "dashboard/cards";
    }

    @GetMapping("/{id}")
    String card(@PathVariable String id, @RequestParam(required = false) String movementsAfter,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        Caller caller = Console.caller(request);
        Outcome<Card> found = cards.get(caller, id);
        if (!found.isOk()) {
            return Console.notFound(response, model, found.rejection().message());
        }
        Card card = found.value();
        CardService.CardBalance balance = cards.balanceWithRefundable(card);
        model.addAttribute("page", "cards");
        model.addAttribute("card", CardPageViews.CardFacts.of(card));
        model.addAttribute("balance", CardPageViews.Balances.of(balance, card.currency()));
        model.addAttribute("closeQuestion", closeQuestion(card, balance.refundableMinor()));
        model.addAttribute("limits", CardPageViews.LimitsForm.of(card));
        model.addAttribute("currencies", List.of(Currency.values()).stream().map(Currency::name).toList());
        model.addAttribute("mayReveal", caller.has(Caller.PERMISSION_READ_SENSITIVE));
        model.addAttribute("transactions", transactions.slice(caller, new TransactionService.Query(id, null, null,
                null, null, null, null), 0, PageRequest.DEFAULT_LIMIT).items().stream()
                .map(CardPageViews.TransactionRow::of).toList());
        movements(caller, id, movementsAfter, request, model);
        return "dashboard/card";
    }

    /** A page of the card's movements; a cursor that names none of them shows the API's words for it. */
    private void movements(Caller caller, String id, String movementsAfter, HttpServletRequest request,
            Model model) {
        Outcome<Page<Movement>> page = ConsoleLists.request(movementsAfter)
                .flatMap(p -> transactions.movements(caller, id, p));
        if (!page.isOk()) {
            model.addAttribute(Console.PROBLEM, page.rejection().message());
            model.addAttribute("movements", List.of());
            return;
        }
        model.addAttribute("movements", page.value().items().stream().map(CardPageViews.MovementRow::of).toList());
        model.addAttribute("nextUrl", ConsoleLists.next(request, "movementsAfter", page.value()));
    }

    /**
     * What closing will do, in the words of {@link CardService#close}: the available balance goes back
     * to the holder's wallet (the tenant's funding balance for an unassigned card) at once, and money
     * still held by authorizations follows when they are released.
     */
    static String closeQuestion(Card card, long refundableMinor) {
        String amount = io.emboss.shared.Money.format(refundableMinor, card.currency()) + " "
                + card.currency().name();
        String destination = card.customerId() == null ? "your " + card.currency().name() + " funding balance"
                : "the " + card.currency().name() + " wallet of customer " + card.customerId();
        return "Close card " + CardPageViews.masked(card) + " for good? Its available balance, " + amount
                + ", goes back to " + destination + "; money still held by pending authorizations goes back "
                + "when they are released. A closed card cannot be used or reopened.";
    }
}
