package io.emboss.cards;

import io.emboss.shared.Caller;
import io.emboss.shared.Currency;
import io.emboss.shared.Environment;
import io.emboss.shared.Ids;
import io.emboss.shared.Outcome;
import io.emboss.shared.Page;
import io.emboss.shared.PageRequest;
import io.emboss.shared.Rejection;
import io.emboss.tenancy.TenantCreated;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Card products: the templates of cards (network, form factor, currency, fees, limits). */
@Service
public class CardProductService {
    /** Test BIN ranges every sandbox card number comes from unless the product names its own. */
    static final String SANDBOX_VISA_BIN = "411111";
    static final String SANDBOX_MASTERCARD_BIN = "555544";

    /** A product as asked for; null fields of an update keep their value. */
    public record ProductSpec(String name, CardProduct.Network network, CardProduct.FormFactor formFactor,
                              Currency currency, String bin, Long issuanceFeeMinor, Long topupFeeFixedMinor,
                              String topupFeePercent, Long minTopupMinor, Long minBalanceMinor, Long maxBalanceMinor,
                              Long perTransactionMinor, Long dailyMinor, Long monthlyMinor, Integer validityMonths,
                              CardProduct.SettlementMode settlementMode, Long threeDsThresholdMinor,
                              Boolean provisionalCredit, Integer interchangeSharePercent) {
        /** The back-office settings asked for, the rest as {@code current} has them. */
        CardProduct.BackOffice backOffice(CardProduct.BackOffice current) {
            return new CardProduct.BackOffice(
                    provisionalCredit == null ? current.provisionalCredit() : provisionalCredit,
                    interchangeSharePercent == null ? current.interchangeSharePercent() : interchangeSharePercent);
        }
    }

    private final CardProductRepository products;
    private final CardRepository cards;
    private final Clock clock;
    private final io.emboss.shared.ExpiringCache<String, Optional<Long>> thresholds;

    CardProductService(CardProductRepository products, CardRepository cards, Clock clock) {
        this.products = products;
        this.cards = cards;
        this.clock = clock;
        // every online authorization asks; other instances see a product change within this time
        this.thresholds = new io.emboss.shared.ExpiringCache<>(clock, java.time.Duration.ofSeconds(2), 10_000);
    }

    @Transactional
    public Outcome<CardProduct> create(Caller caller, ProductSpec s) {
        String bin = s.bin();
        if (bin == null) {
            if (!caller.sandbox()) {
                return Outcome.invalid("bin", "is required in live mode (the BIN your sponsor bank assigned)");
            }
            bin = s.network() == CardProduct.Network.VISA ? SANDBOX_VISA_BIN : SANDBOX_MASTERCARD_BIN;
        }
        Instant now = clock.instant();
        CardProduct p = new CardProduct(Ids.next("prd"), caller.tenantId(), caller.environment().wire(), s.name(),
                s.network(), s.formFactor(), s.currency(), bin, s.issuanceFeeMinor(), s.topupFeeFixedMinor(),
                s.topupFeePercent(), s.minTopupMinor(), s.minBalanceMinor() == null ? 0 : s.minBalanceMinor(),
                s.maxBalanceMinor(), new CardProduct.Limits(s.perTransactionMinor(), s.dailyMinor(), s.monthlyMinor()),
                s.validityMonths(), s.settlementMode() == null ? CardProduct.SettlementMode.INSTANT : s.settlementMode(),
                false, s.threeDsThresholdMinor(), now, now, s.backOffice(CardProduct.BackOffice.DEFAULT));
        Optional<Rejection> problem = problems(p);
        if (problem.isPresent()) {
            return Outcome.rejected(problem.get());
        }
        products.insert(p);
        return Outcome.ok(p);
    }

    @Transactional
    public Outcome<CardProduct> update(Caller caller, String id, ProductSpec s) {
        Optional<CardProduct> found = products.find(caller.tenantId(), caller.environment().wire(), id);
        if (found.isEmpty()) {
            return Outcome.notFound("card product " + id);
        }
        CardProduct p = found.get();
        boolean identityChange = (s.network() != null && s.network() != p.network())
                || (s.currency() != null && s.currency() != p.currency())
                || (s.formFactor() != null && s.formFactor() != p.formFactor())
                || (s.bin() != null && !s.bin().equals(p.bin()));
        if (identityChange && cards.countByProduct(caller.tenantId(), caller.environment().wire(), id) > 0) {
            return Outcome.rejected(Rejection.Kind.CONFLICT, "invalid_state",
                    "network, currency, formFactor and bin cannot change once cards were issued from the product");
        }
        CardProduct.Limits l = p.limits();
        // amounts are minor units of the product's currency: a new currency with another exponent
        // keeps the amounts the tenant wrote (USD 2.50 becomes USDT 2.500000, not 0.000250)
        Rescale r = new Rescale(p.currency(), or(s.currency(), p.currency()));
        long issuanceFee = r.keep(s.issuanceFeeMinor(), "issuanceFee", p.issuanceFeeMinor());
        long topupFixed = r.keep(s.topupFeeFixedMinor(), "topupFee.fixed", p.topupFeeFixedMinor());
        long minTopup = r.keep(s.minTopupMinor(), "minTopup", p.minTopupMinor());
        long minBalance = r.keep(s.minBalanceMinor(), "minBalance", p.minBalanceMinor());
        long maxBalance = r.keep(s.maxBalanceMinor(), "maxBalance", p.maxBalanceMinor());
        long perTransaction = r.keep(s.perTransactionMinor(), "limits.perTransaction", l.perTransactionMinor());
        long daily = r.keep(s.dailyMinor(), "limits.daily", l.dailyMinor());
        long monthly = r.keep(s.monthlyMinor(), "limits.monthly", l.monthlyMinor());
        Long threeDs = s.threeDsThresholdMinor() != null || p.threeDsThresholdMinor() == null
                ? or(s.threeDsThresholdMinor(), p.threeDsThresholdMinor())
                : Long.valueOf(r.keep(null, "threeDsThreshold", p.threeDsThresholdMinor()));
        if (!r.problems.isEmpty()) {
            return Outcome.rejected(new Rejection(Rejection.Kind.INVALID, "validation_failed",
                    "Some amounts cannot be expressed in " + r.to.name() + "; restate them with the new currency",
                    r.problems));
        }
        CardProduct updated = new CardProduct(p.id(), p.tenantId(), p.environment(), or(s.name(), p.name()),
                or(s.network(), p.network()), or(s.formFactor(), p.formFactor()), or(s.currency(), p.currency()),
                or(s.bin(), p.bin()), issuanceFee, topupFixed, or(s.topupFeePercent(), p.topupFeePercent()),
                minTopup, minBalance, maxBalance, new CardProduct.Limits(perTransaction, daily, monthly),
                or(s.validityMonths(), p.validityMonths()), or(s.settlementMode(), p.settlementMode()), p.isDefault(),
                threeDs, p.createdAt(), clock.instant(), s.backOffice(p.backOffice()));
        Optional<Rejection> problem = problems(updated);
        if (problem.isPresent()) {
            return Outcome.rejected(problem.get());
        }
        products.update(updated);
        thresholds.invalidate(id);
        return Outcome.ok(updated);
    }

    @Transactional(readOnly = true)
    public Outcome<CardProduct> get(Caller caller, String id) {
        return products.find(caller.tenantId(), caller.environment().wire(), id)
                .<Outcome<CardProduct>>map(Outcome::ok).orElseGet(() -> Outcome.notFound("card product " + id));
    }

    /** The 3-D Secure threshold of a card's product: online purchases above it need a code. */
    @Transactional(readOnly = true, propagation = org.springframework.transaction.annotation.Propagation.SUPPORTS)
    public Optional<Long> threeDsThreshold(Card card) {
        return thresholds.get(card.productId(), id -> products.find(card.tenantId(), card.environment(), id)
                .map(CardProduct::threeDsThresholdMinor));
    }

    /** The product a dialect without products (seed 004's {@code POST /cards {currency}}) issues from. */
    @Transactional(readOnly = true)
    public Optional<CardProduct> defaultProduct(Caller caller, Currency currency, CardProduct.FormFactor formFactor) {
        return products.findDefault(caller.tenantId(), caller.environment().wire(), currency.name(), formFactor.name());
    }

    @Transactional(readOnly = true)
    public Outcome<Page<CardProduct>> list(Caller caller, PageRequest page) {
        String env = caller.environment().wire();
        Long before = null;
        if (page.startingAfter() != null) {
            Optional<Long> seq = products.seqOf(caller.tenantId(), env, page.startingAfter());
            if (seq.isEmpty()) {
                return Outcome.rejected(Rejection.Kind.INVALID, "invalid_cursor", "startingAfter names no product");
            }
            before = seq.get();
        }
        return Outcome.ok(Page.of(products.page(caller.tenantId(), env, page.limit(), before), page.limit(),
                CardProduct::id));
    }

    /** Every new tenant gets a virtual and a physical USD Visa product in sandbox, to try cards at once. */
    @EventListener
    void onTenantCreated(TenantCreated created) {
        Instant now = clock.instant();
        for (CardProduct.FormFactor formFactor : CardProduct.FormFactor.values()) {
            boolean physical = formFactor == CardProduct.FormFactor.PHYSICAL;
            products.insert(new CardProduct(Ids.next("prd"), created.tenantId(), Environment.SANDBOX.wire(),
                    physical ? "Physical USD Visa" : "Virtual USD Visa", CardProduct.Network.VISA, formFactor,
                    Currency.USD, SANDBOX_VISA_BIN, physical ? 500 : 100, 50, "1", 1000, 0, 1_000_000,
                    new CardProduct.Limits(250_000, 500_000, 2_000_000), physical ? 48 : 36,
                    CardProduct.SettlementMode.INSTANT, true, null, now, now));
        }
    }

    static Optional<Rejection> problems(CardProduct p) {
        String bin = p.bin();
        if (!bin.matches("\\d{6,8}")) {
            return Optional.of(invalid("bin", "must be 6 to 8 digits"));
        }
        boolean visa = bin.startsWith("4");
        int two = Integer.parseInt(bin.substring(0, 2));
        int four = Integer.parseInt(bin.substring(0, 4));
        boolean mastercard = (two >= 51 && two <= 55) || (four >= 2221 && four <= 2720);
        if (p.network() == CardProduct.Network.VISA && !visa) {
            return Optional.of(invalid("bin", "must start with 4 for VISA"));
        }
        if (p.network() == CardProduct.Network.MASTERCARD && !mastercard) {
            return Optional.of(invalid("bin", "must be in 51-55 or 2221-2720 for MASTERCARD"));
        }
        String limits = CardProduct.Limits.inconsistency(p.limits().perTransactionMinor(), p.limits().dailyMinor(),
                p.limits().monthlyMinor());
        if (limits != null) {
            return Optional.of(invalid("limits", limits));
        }
        if (p.minBalanceMinor() > p.maxBalanceMinor()) {
            return Optional.of(invalid("minBalance", "must not exceed maxBalance"));
        }
        if (p.minTopupMinor() > p.maxBalanceMinor()) {
            return Optional.of(invalid("minTopup", "must not exceed maxBalance"));
        }
        if (p.validityMonths() < 1 || p.validityMonths() > 120) {
            return Optional.of(invalid("validityMonths", "must be from 1 to 120"));
        }
        return Optional.empty();
    }

    private static Rejection invalid(String field, String problem) {
        return Outcome.<Void>invalid(field, problem).rejection();
    }

    /** Re-expresses kept amounts in the minor units of a new currency; what does not fit is a problem. */
    private static final class Rescale {
        private final Currency from;
        private final Currency to;
        private final java.util.Map<String, String> problems = new java.util.LinkedHashMap<>();

        Rescale(Currency from, Currency to) {
            this.from = from;
            this.to = to;
        }

        /** The amount the update gives, else the kept one in the new currency's minor units. */
        long keep(Long given, String field, long minor) {
            return given != null ? given : apply(field, minor);
        }

        private long apply(String field, long minor) {
            int shift = to.exponent() - from.exponent();
            java.math.BigDecimal scaled = java.math.BigDecimal.valueOf(minor).movePointRight(shift);
            if (scaled.stripTrailingZeros().scale() > 0) {
                problems.put(field, "has more than " + to.exponent() + " decimals, which " + to.name()
                        + " does not allow; restate it");
                return 0;
            }
            java.math.BigInteger exact = scaled.toBigIntegerExact();
            if (exact.bitLength() > 62) {
                problems.put(field, "is too large in " + to.name() + "; restate it");
                return 0;
            }
            return exact.longValueExact();
        }
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
