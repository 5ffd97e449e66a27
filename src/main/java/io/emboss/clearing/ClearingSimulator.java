package io.emboss.clearing;

import io.emboss.authorization.CardTransaction;
import io.emboss.authorization.TransactionService;
import io.emboss.cards.Card;
import io.emboss.cards.CardService;
import io.emboss.shared.Caller;
import io.emboss.shared.Currency;
import io.emboss.shared.Money;
import io.emboss.shared.Outcome;
import io.emboss.shared.Page;
import io.emboss.shared.PageRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The sandbox's network: writes the clearing file a network would send for a tenant's pending
 * authorizations (a presentment each, for what is held or for the amount asked) and ingests it
 * as that tenant's file. The records' ids derive from the authorizations', so simulating twice
 * presents nothing twice.
 */
@Component
class ClearingSimulator {
    static final int MAX_AUTHORIZATIONS = 1000;
    private final ClearingService clearing;
    private final TransactionService transactions;
    private final CardService cards;

    ClearingSimulator(ClearingService clearing, TransactionService transactions, CardService cards) {
        this.clearing = clearing;
        this.transactions = transactions;
        this.cards = cards;
    }

    /** An authorization to present, and optionally the amount (card currency) to clear it for, else what it holds. */
    record Item(String field, String authorizationId, String amount) {
    }

    Outcome<ClearingService.Ingested> simulate(Caller caller, List<Item> items, LocalDate settlementDate,
            BigDecimal interchangePercent) throws IOException {
        if (!caller.maySimulate()) {
            return Outcome.rejected(Caller.SANDBOX_ONLY);
        }
        Map<String, Item> asked = new HashMap<>();
        items.forEach(i -> asked.put(i.authorizationId(), i));
        List<CardTransaction> pending = pending(caller);
        if (!items.isEmpty()) {
            pending = pending.stream().filter(t -> asked.containsKey(t.authorizationId())).toList();
            if (pending.size() < asked.size()) {
                return Outcome.rejected(io.emboss.shared.Rejection.Kind.CONFLICT, "invalid_state", "Only pending "
                        + "authorizations of this tenant are cleared; " + (asked.size() - pending.size())
                        + " of those named are not");
            }
        }
        StringBuilder csv = new StringBuilder(String.join(",", ClearingCsv.COLUMNS)).append('\n');
        Map<String, Card> cardsById = new HashMap<>();
        for (CardTransaction t : pending) {
            Card card = cardsById.computeIfAbsent(t.cardId(), id -> cards.findById(caller.tenantId(),
                    caller.environment().wire(), id).orElseThrow());
            Item item = asked.get(t.authorizationId());
            long amount = t.heldMinor();
            if (item != null && item.amount() != null) {
                Outcome<Long> parsed = Money.parsePositive(item.field() + ".amount", item.amount(), t.currency());
                if (!parsed.isOk()) {
                    return Outcome.rejected(parsed.rejection());
                }
                amount = parsed.value();
            }
            csv.append(line(t, card, amount, interchangePercent)).append('\n');
        }
        return clearing.uploadSimulated(caller, "simulated-" + settlementDate + ".csv", settlementDate,
                new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private List<CardTransaction> pending(Caller caller) {
        List<CardTransaction> out = new ArrayList<>();
        String cursor = null;
        while (out.size() < MAX_AUTHORIZATIONS) {
            Outcome<Page<CardTransaction>> page = transactions.list(caller, new TransactionService.Query(null, null,
                    "authorization", CardTransaction.PENDING, null, null, null), new PageRequest(100, cursor));
            out.addAll(page.value().items().stream().filter(t -> t.heldMinor() > 0).toList());
            if (!page.value().hasMore()) {
                break;
            }
            cursor = page.value().nextCursor();
        }
        return out.size() > MAX_AUTHORIZATIONS ? out.subList(0, MAX_AUTHORIZATIONS) : out;
    }

    private static String line(CardTransaction t, Card card, long amountMinor, BigDecimal interchangePercent) {
        Currency merchantCurrency = Currency.parse(t.merchantCurrency()).orElse(t.currency());
        long merchantAmount = merchantCurrency == t.currency() ? amountMinor : t.merchantAmountMinor();
        long interchange = Money.percentOf(amountMinor, interchangePercent);
        var m = t.merchant();
        return String.join(",", List.of("sim_" + t.id(), card.network().name().toLowerCase(java.util.Locale.ROOT),
                "presentment", card.id(), ClearingCsv.quote(Optional.ofNullable(t.networkReference()).orElse("")),
                ClearingCsv.quote(t.authCode()), Money.format(merchantAmount, merchantCurrency), merchantCurrency.name(),
                Money.format(amountMinor, t.currency()), t.currency().name(), Money.format(interchange, t.currency()),
                ClearingCsv.quote(m == null ? "" : m.name()), m == null || m.mcc() == null ? "" : m.mcc(),
                m == null || m.country() == null ? "" : m.country(),
                t.createdAt().atZone(ZoneOffset.UTC).toLocalDate().toString()));
    }
}
