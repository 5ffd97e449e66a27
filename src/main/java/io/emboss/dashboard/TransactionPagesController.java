package io.emboss.dashboard;

import io.emboss.authorization.CardTransaction;
import io.emboss.authorization.TransactionService;
import io.emboss.shared.Caller;
import io.emboss.shared.Outcome;
import io.emboss.web.Fields;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The transactions list with the API's filters ({@code GET /v1/transactions}), and a transaction's
 * page with, for an authorization, its timeline: captures, reversal, expiry and refunds.
 */
@Controller
class TransactionPagesController {
    static final List<String> TYPES = List.of("authorization", "refund", "topup", "withdrawal", "fee", "force_post");
    static final List<String> STATUSES = List.of("pending", "completed", "declined", "reversed", "expired");

    private final TransactionService transactions;

    TransactionPagesController(TransactionService transactions) {
        this.transactions = transactions;
    }

    @GetMapping("/dashboard/transactions")
    String list(HttpServletRequest request, HttpServletResponse response, Model model,
            @RequestParam(required = false) String cardId, @RequestParam(required = false) String customerId,
            @RequestParam(required = false) String type, @RequestParam(required = false) String status,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String search, @RequestParam(required = false) String startingAfter) {
        model.addAttribute("page", "transactions");
        model.addAttribute("types", TYPES);
        model.addAttribute("statuses", STATUSES);
        TransactionFilter filter = new TransactionFilter(ConsoleLists.given(cardId), ConsoleLists.given(customerId),
                ConsoleLists.given(type), ConsoleLists.given(status), ConsoleLists.given(from), ConsoleLists.given(to),
                ConsoleLists.given(search));
        model.addAttribute("filter", filter);
        Fields f = new Fields();
        TransactionService.Query query = query(f, filter);
        if (!f.ok()) {
            ConsoleLists.refused(f.rejection(), response, model);
            return "dashboard/transactions";
        }
        ConsoleLists.show(ConsoleLists.request(startingAfter).flatMap(p -> transactions.list(Console.caller(request),
                query, p)), TransactionRow::of, request, response, model);
        return "dashboard/transactions";
    }

    /** The filters as typed, to fill the form again. */
    public record TransactionFilter(String cardId, String customerId, String type, String status, String from,
                                    String to, String search) {
    }

    /** The API's checks of the filters; a date alone means that whole UTC day. */
    private static TransactionService.Query query(Fields f, TransactionFilter in) {
        if (in.type() != null && !TYPES.contains(in.type())) {
            f.problem("type", "must be authorization, refund, topup, withdrawal, fee or force_post");
        }
        if (in.status() != null && !STATUSES.contains(in.status())) {
            f.problem("status", "must be pending, completed, declined, reversed or expired");
        }
        Instant from = day(f, "from", in.from(), 0);
        Instant to = day(f, "to", in.to(), 1);
        String search = in.search() == null ? null : f.text("search", in.search(), 1, 100);
        return new TransactionService.Query(in.cardId(), in.customerId(), in.type(), in.status(), from, to, search);
    }

    private static Instant day(Fields f, String field, String value, int endOfDay) {
        if (value == null || value.length() != 10) {
            return f.instant(field, value);
        }
        try {
            Instant start = LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            return f.dateInRange(field, endOfDay == 0 ? start : start.plusSeconds(86400).minusNanos(1000));
        } catch (DateTimeParseException e) {
            f.problem(field, "must be a date such as 2026-01-31 or an ISO-8601 instant");
            return null;
        }
    }

    @GetMapping("/dashboard/transactions/{id}")
    String transaction(@PathVariable String id, HttpServletRequest request, HttpServletResponse response,
            Model model) {
        Caller caller = Console.caller(request);
        Outcome<CardTransaction> found = transactions.get(caller, id);
        if (!found.isOk()) {
            found = transactions.byAuthorization(caller, id);
        }
        if (!found.isOk()) {
            return Console.notFound(response, model, "No transaction " + id + ".");
        }
        CardTransaction t = found.value();
        model.addAttribute("page", "transactions");
        model.addAttribute("t", TransactionRow.of(t));
        model.addAttribute("timeline", "authorization".equals(t.type()) ? timeline(caller, t) : List.of());
        return "dashboard/transaction";
    }

    /** The authorization, then its captures, what was reversed, its expiry, and the refunds linked to it. */
    private List<TimelineEntry> timeline(Caller caller, CardTransaction t) {
        List<TimelineEntry> steps = new ArrayList<>();
        String first = t.approved() ? "Authorized" : "Declined: " + TransactionRow.of(t).reasonWords();
        steps.add(new TimelineEntry(ConsoleLists.time(t.createdAt()), first, TransactionRow.amount(t.amountMinor(), t),
                null));
        transactions.captures(t).forEach(c -> steps.add(new TimelineEntry(ConsoleLists.time(c.createdAt()),
                "Captured", TransactionRow.amount(c.amountMinor(), t), null)));
        boolean closedByRelease = CardTransaction.REVERSED.equals(t.status())
                || CardTransaction.EXPIRED.equals(t.status());
        if (t.reversedMinor() > 0) {
            // a reversal is recorded as a total on the authorization: its time is known when it closed it
            steps.add(new TimelineEntry(CardTransaction.REVERSED.equals(t.status())
                    ? ConsoleLists.time(t.updatedAt()) : "", "Reversed", TransactionRow.amount(t.reversedMinor(), t),
                    null));
        }
        if (CardTransaction.EXPIRED.equals(t.status())) {
            steps.add(new TimelineEntry(ConsoleLists.time(t.updatedAt()), "Expired (the hold was released)", "",
                    null));
        }
        transactions.refunds(caller, t).forEach(r -> steps.add(new TimelineEntry(ConsoleLists.time(r.createdAt()),
                "Refunded", TransactionRow.amount(r.amountMinor(), r), r.id())));
        if (!closedByRelease && t.heldMinor() > 0) {
            steps.add(new TimelineEntry("", "Still held", TransactionRow.amount(t.heldMinor(), t), null));
        }
        return steps;
    }
}
