package io.emboss.dashboard;

import io.emboss.authorization.DeclineReason;
import io.emboss.authorization.TransactionService;
import io.emboss.events.EventService;
import io.emboss.events.FailedDelivery;
import io.emboss.shared.Caller;
import io.emboss.shared.Currency;
import io.emboss.shared.Money;
import io.emboss.wallets.WalletService;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The tenant's overview: funding balances, the last 7 days' authorizations and why purchases were declined. */
@Controller
class OverviewController {
    /** A decline reason and how often it was the reason, in words. */
    public record ReasonCount(String reason, String words, long count) {
    }

    /** A delivery needing attention, as the overview lists it. */
    public record FailedDeliveryRow(String eventId, String eventType, String endpointId, String endpointUrl,
                                    String status, int attempts, String lastAnswer, String at) {
        static FailedDeliveryRow of(FailedDelivery d) {
            String answer = d.lastResponseCode() != null ? "HTTP " + d.lastResponseCode()
                    : d.lastError() != null ? d.lastError() : "no answer";
            return new FailedDeliveryRow(d.eventId(), d.eventType(), d.endpointId(), d.endpointUrl(),
                    "failed".equals(d.status()) ? "failed" : "retrying", d.attempts(), answer,
                    ConsoleLists.time(d.updatedAt()));
        }
    }

    /** How many failed deliveries the overview lists: the newest ones; the endpoint pages have the rest. */
    private static final int FAILED_SHOWN = 10;

    private final WalletService wallets;
    private final TransactionService transactions;
    private final EventService events;
    private final Clock clock;

    OverviewController(WalletService wallets, TransactionService transactions, EventService events, Clock clock) {
        this.wallets = wallets;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
    }

    @GetMapping("/dashboard")
    String overview(HttpServletRequest request, Model model) {
        if (Console.session(request).operator()) {
            return "redirect:/dashboard/operator/tenants";
        }
        Caller caller = Console.caller(request);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        TransactionService.Activity week = transactions.activity(caller, today.minusDays(6), today);
        List<BarChart.Point> points = new ArrayList<>();
        week.days().forEach(d -> points.add(new BarChart.Point(d.day().toString().substring(5), d.approved(),
                d.declined())));
        TransactionService.ActivityDay last = week.days().get(week.days().size() - 1);
        model.addAttribute("page", "overview");
        model.addAttribute("balances", wallets.fundingBalances(caller).stream()
                .map(b -> Map.entry(b.currency().name(), Money.format(b.availableMinor(), b.currency()))).toList());
        model.addAttribute("chart", BarChart.of(points));
        model.addAttribute("today", last);
        model.addAttribute("todayVolume", volume(last.approvedMinor()));
        model.addAttribute("weekVolume", volume(sum(week.days())));
        model.addAttribute("week", week);
        long total = week.approved() + week.declined();
        model.addAttribute("approvalRate", total == 0 ? "–" : (week.approved() * 1000 / total) / 10.0 + " %");
        model.addAttribute("reasons", week.declineReasons().entrySet().stream()
                .sorted(Map.Entry.<DeclineReason, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(5).map(e -> new ReasonCount(e.getKey().wire(), DeclineWords.of(e.getKey()), e.getValue()))
                .toList());
        model.addAttribute("failedDeliveries", events.failedDeliveries(caller, FAILED_SHOWN).stream()
                .map(FailedDeliveryRow::of).toList());
        return "dashboard/overview";
    }

    private static Map<Currency, Long> sum(List<TransactionService.ActivityDay> days) {
        Map<Currency, Long> total = new java.util.EnumMap<>(Currency.class);
        days.forEach(d -> d.approvedMinor().forEach((c, v) -> total.merge(c, v, Long::sum)));
        return total;
    }

    private static String volume(Map<Currency, Long> byCurrency) {
        if (byCurrency.isEmpty()) {
            return "none";
        }
        return String.join(" · ", byCurrency.entrySet().stream()
                .map(e -> Money.format(e.getValue(), e.getKey()) + " " + e.getKey().name()).toList());
    }
}
