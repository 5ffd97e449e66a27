package io.emboss.dashboard;

import io.emboss.cards.Card;
import io.emboss.cards.CardChangesInput;
import io.emboss.cards.CardService;
import io.emboss.shared.Caller;
import io.emboss.shared.Money;
import io.emboss.shared.Outcome;
import io.emboss.topups.Topup;
import io.emboss.topups.TopupInput;
import io.emboss.topups.TopupService;
import io.emboss.web.Fields;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * What the card page's forms do, each through the service and the input reading of its API call:
 * limits and controls and freeze/unfreeze as {@code PATCH /v1/cards/{id}}, closing as
 * {@code DELETE /v1/cards/{id}}, a top-up as {@code POST /v1/cards/{id}/topups}.
 */
@Controller
@RequestMapping("/dashboard/cards/{id}")
class CardActionsController {
    private final CardService cards;
    private final TopupService topups;

    CardActionsController(CardService cards, TopupService topups) {
        this.cards = cards;
        this.topups = topups;
    }

    /**
     * The limits and controls form. An empty limit keeps the card's; a control list is the codes
     * given, separated by commas or spaces (empty: no rule), as the API's lists are.
     */
    @PostMapping("/limits")
    String limits(@PathVariable String id, @RequestParam(required = false) String perTransaction,
            @RequestParam(required = false) String daily, @RequestParam(required = false) String monthly,
            @RequestParam(defaultValue = "") String allowedMccs, @RequestParam(defaultValue = "") String blockedMccs,
            @RequestParam(defaultValue = "") String allowedCountries,
            @RequestParam(defaultValue = "") String blockedCountries, HttpServletRequest request,
            HttpServletResponse response, RedirectAttributes flash, Model model) {
        return change(id, new CardChangesInput.Sent(null, null, null, amount(perTransaction), amount(daily),
                amount(monthly), codes(allowedMccs), codes(blockedMccs), codes(allowedCountries),
                codes(blockedCountries)), "Limits and controls saved.", request, response, flash, model);
    }

    /** Freeze ({@code frozen}) or unfreeze ({@code active}), as a PATCH of the card's status. */
    @PostMapping("/status")
    String status(@PathVariable String id, @RequestParam(defaultValue = "") String status,
            @RequestParam(required = false) String reason, HttpServletRequest request, HttpServletResponse response,
            RedirectAttributes flash, Model model) {
        String notice = Card.Status.FROZEN.wire().equals(status) ? "Card frozen." : "Card is now " + status + ".";
        return change(id, new CardChangesInput.Sent(null, status, ConsoleLists.given(reason), null, null, null,
                null, null, null, null), notice, request, response, flash, model);
    }

    @PostMapping("/close")
    String close(@PathVariable String id, @RequestParam(required = false) String reason, HttpServletRequest request,
            HttpServletResponse response, RedirectAttributes flash, Model model) {
        Fields f = new Fields();
        String why = f.optionalText("reason", ConsoleLists.given(reason), 200);
        if (!f.ok()) {
            return problem(id, f, flash);
        }
        Outcome<Card> closed = cards.close(Console.caller(request), id, why == null ? "closed" : why);
        String notice = !closed.isOk() ? null : "Card closed. " + refundWords(closed.value());
        return Console.after(closed, notice, back(id), flash, response, model);
    }

    @PostMapping("/topups")
    String topup(@PathVariable String id, @RequestParam(required = false) String amount,
            @RequestParam(required = false) String currency, @RequestParam(required = false) String source,
            HttpServletRequest request, HttpServletResponse response, RedirectAttributes flash, Model model) {
        Caller caller = Console.caller(request);
        Outcome<Card> card = cards.get(caller, id);
        if (!card.isOk()) {
            return Console.after(card, null, back(id), flash, response, model);
        }
        Fields f = new Fields();
        TopupService.TopupRequest topup = TopupInput.read(f, card.value(), JsonNodeFactory.instance.stringNode(
                amount == null ? "" : amount.trim()), ConsoleLists.given(currency), ConsoleLists.given(source));
        if (!f.ok()) {
            return problem(id, f, flash);
        }
        Outcome<Topup> done = topups.topup(caller, topup);
        String notice = !done.isOk() ? null : "Top-up " + done.value().status().wire() + ": "
                + Money.format(done.value().amountMinor(), done.value().currency()) + " "
                + done.value().currency().name() + " to the card.";
        return Console.after(done, notice, back(id), flash, response, model);
    }

    private String change(String id, CardChangesInput.Sent sent, String notice, HttpServletRequest request,
            HttpServletResponse response, RedirectAttributes flash, Model model) {
        Caller caller = Console.caller(request);
        Outcome<Card> card = cards.get(caller, id);
        if (!card.isOk()) {
            return Console.after(card, null, back(id), flash, response, model);
        }
        Fields f = new Fields();
        CardService.CardChanges changes = CardChangesInput.read(f, card.value().currency(), sent);
        if (!f.ok()) {
            return problem(id, f, flash);
        }
        return Console.after(cards.update(caller, id, changes), notice, back(id), flash, response, model);
    }

    /** Where the closed card's balance went, as {@link CardService#close} moved it. */
    private static String refundWords(Card c) {
        long refund = c.refundAmountMinor() == null ? 0 : c.refundAmountMinor();
        String amount = Money.format(refund, c.currency()) + " " + c.currency().name();
        return c.customerId() == null ? amount + " returned to your funding balance."
                : amount + " returned to the wallet of customer " + c.customerId() + ".";
    }

    private static String problem(String id, Fields f, RedirectAttributes flash) {
        flash.addFlashAttribute(Console.PROBLEM, f.rejection().message());
        return "redirect:" + back(id);
    }

    private static String back(String id) {
        return "/dashboard/cards/" + id;
    }

    /** An empty limit field keeps the card's limit (null, as a limit left out of the API's body). */
    private static JsonNode amount(String text) {
        String given = ConsoleLists.given(text);
        return given == null ? null : JsonNodeFactory.instance.stringNode(given);
    }

    private static List<String> codes(String text) {
        return Arrays.stream(text.trim().split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
    }
}
