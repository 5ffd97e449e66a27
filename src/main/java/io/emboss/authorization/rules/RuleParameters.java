package io.emboss.authorization.rules;

import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/** What a rule checks, by its type. */
public sealed interface RuleParameters {

    /** conditional_block and conditional_3ds: every condition must hold. */
    record Conditions(List<Condition> conditions) implements RuleParameters {
        public Conditions {
            conditions = List.copyOf(conditions);
            if (conditions.isEmpty()) {
                throw new IllegalStateException("a conditional rule has a condition");
            }
        }

        boolean allHold(Facts f) {
            for (Condition c : conditions) {
                if (!c.holds(f)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** merchant_lock: only a merchant that matches one entry passes. */
    record MerchantLock(List<Merchant> merchants) implements RuleParameters {
        public MerchantLock {
            merchants = List.copyOf(merchants);
            if (merchants.isEmpty()) {
                throw new IllegalStateException("a merchant lock names a merchant");
            }
        }

        boolean allows(Facts f) {
            return merchants.stream().anyMatch(m -> m.matches(f));
        }
    }

    /** An entry of a merchant lock: every field given must match (texts ignoring case, as conditions compare). */
    record Merchant(String merchantId, String name, String mcc) {
        public Merchant {
            if (merchantId == null && name == null && mcc == null) {
                throw new IllegalStateException("a merchant entry names the merchant somehow");
            }
        }

        boolean matches(Facts f) {
            return (merchantId == null || merchantId.equalsIgnoreCase(f.merchantId()))
                    && (name == null || name.equalsIgnoreCase(f.merchantName()))
                    && (mcc == null || mcc.equals(f.mcc()));
        }
    }

    /**
     * velocity_limit: at most {@code countLimit} approved authorizations, or {@code amountLimit} (a
     * decimal of the card's currency) approved in the window, per card or per customer; only the
     * authorizations the filters let through count and are limited.
     */
    record Velocity(Window window, Long countLimit, BigDecimal amountLimit, Subject subject, Filters filters)
            implements RuleParameters {
        public Velocity {
            if (countLimit == null && amountLimit == null) {
                throw new IllegalStateException("a velocity rule limits a count or an amount");
            }
            if ((countLimit != null && countLimit < 1) || (amountLimit != null && amountLimit.signum() <= 0)) {
                throw new IllegalStateException("a velocity limit is positive");
            }
        }

        /** Which limit one more authorization of {@code amountMinor} would pass, after what the window counted. */
        RuleHit.Reason exceededBy(VelocityState.Usage used, long amountMinor, io.emboss.shared.Currency currency) {
            if (countLimit != null && used.count() + 1 > countLimit) {
                return RuleHit.Reason.COUNT_LIMIT;
            }
            if (amountLimit != null && Math.addExact(used.amountMinor(), amountMinor) > amountLimitMinor(currency)) {
                return RuleHit.Reason.AMOUNT_LIMIT;
            }
            return null;
        }

        /** The row whose windows count the authorization: its card's or its customer's; null when it has none. */
        String rowOf(Facts f) {
            return subject == Subject.CARD ? f.cardId() : f.customerId();
        }

        /** The amount limit in minor units of a currency, rounded down to what the currency can hold. */
        long amountLimitMinor(io.emboss.shared.Currency currency) {
            return amountLimit.movePointRight(currency.exponent()).setScale(0, java.math.RoundingMode.DOWN)
                    .longValueExact();
        }
    }

    /** Whose authorizations a velocity rule counts together. */
    enum Subject {
        CARD,
        CUSTOMER;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A fixed number of seconds back from now (sliding), or the current UTC calendar day or month. */
    record Window(Kind kind, long seconds) {
        public static final long MAX_SECONDS = 31L * 24 * 3600;

        public Window {
            if (kind == Kind.SECONDS ? seconds < 1 || seconds > MAX_SECONDS : seconds != 0) {
                throw new IllegalStateException("a sliding window lasts 1 s to 31 days; a calendar one has no length");
            }
        }

        enum Kind {
            SECONDS,
            DAY,
            MONTH
        }

        /** The window as the API writes it: {@code {"seconds": N}}, {@code "day"} or {@code "month"}. */
        Object wire() {
            return kind == Kind.SECONDS ? java.util.Map.of("seconds", seconds) : kind.name().toLowerCase(Locale.ROOT);
        }
    }

    /** Which authorizations a velocity rule counts; empty lists and a null channel let every one through. */
    record Filters(List<String> mccs, List<String> excludedMccs, List<String> countries, String channel) {
        public static final Filters NONE = new Filters(List.of(), List.of(), List.of(), null);

        public Filters {
            mccs = List.copyOf(mccs);
            excludedMccs = List.copyOf(excludedMccs);
            countries = List.copyOf(countries);
        }

        boolean admit(Facts f) {
            return (mccs.isEmpty() || mccs.contains(f.mcc()))
                    && (f.mcc() == null || !excludedMccs.contains(f.mcc()))
                    && (countries.isEmpty() || countries.contains(f.merchantCountry()))
                    && (channel == null || channel.equals(f.channel()));
        }
    }
}
