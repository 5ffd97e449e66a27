package io.emboss.authorization.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * A sliding window kept in slices never forgets a purchase too early, remembers it at most one
 * slice too long, and reads back what it wrote; calendar windows count exactly their UTC period.
 */
class VelocityWindowProperties {
    private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");

    /** A purchase: seconds after the previous one, and its amount. */
    record Purchase(int gapSeconds, int amountMinor) {
    }

    @Property(tries = 300)
    void a_sliding_window_counts_at_least_the_exact_window_and_at_most_one_slice_more(
            @ForAll @IntRange(min = 1, max = 100_000) int windowSeconds,
            @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 5000) Integer> gaps,
            @ForAll @IntRange(min = 0, max = 200_000) int readAfter) {
        RuleParameters.Window window = new RuleParameters.Window(RuleParameters.Window.Kind.SECONDS, windowSeconds);
        long width = Math.max(1, (windowSeconds + VelocityState.SLICES - 1) / VelocityState.SLICES);
        VelocityState state = new VelocityState();
        List<long[]> made = new ArrayList<>();
        long t = START.getEpochSecond();
        for (int i = 0; i < gaps.size(); i++) {
            t += gaps.get(i);
            long amount = 1 + i;
            state.add("rule:1", window, Instant.ofEpochSecond(t), amount);
            // written and read back between purchases, as the row is between authorizations
            state = VelocityState.parse(state.encode());
            made.add(new long[] {t, amount});
        }
        long now = t + readAfter;
        VelocityState.Usage used = state.usage("rule:1", window, Instant.ofEpochSecond(now));
        long exactCount = made.stream().filter(p -> p[0] >= now - windowSeconds).count();
        long exactAmount = made.stream().filter(p -> p[0] >= now - windowSeconds).mapToLong(p -> p[1]).sum();
        long longestCount = made.stream().filter(p -> p[0] >= now - windowSeconds - width).count();
        assertThat(used.count()).isBetween(exactCount, longestCount);
        assertThat(used.amountMinor()).isGreaterThanOrEqualTo(exactAmount);
        if (windowSeconds <= VelocityState.SLICES) {
            assertThat(used.count()).as("to the second for short windows").isEqualTo(
                    made.stream().filter(p -> p[0] > now - windowSeconds - 1).count());
        }
    }

    @Property(tries = 100)
    void a_day_window_counts_exactly_the_purchases_of_the_current_utc_day(
            @ForAll @Size(max = 40) List<@IntRange(min = 0, max = 20_000) Integer> gaps) {
        RuleParameters.Window day = new RuleParameters.Window(RuleParameters.Window.Kind.DAY, 0);
        VelocityState state = new VelocityState();
        List<Long> times = new ArrayList<>();
        long t = START.getEpochSecond();
        for (int gap : gaps) {
            t += gap;
            state.add("rule:1", day, Instant.ofEpochSecond(t), 5);
            state = VelocityState.parse(state.encode());
            times.add(t);
        }
        long now = t;
        long today = Math.floorDiv(now, 86_400);
        long expected = times.stream().filter(x -> Math.floorDiv(x, 86_400) == today).count();
        VelocityState.Usage used = state.usage("rule:1", day, Instant.ofEpochSecond(now));
        assertThat(used.count()).isEqualTo(expected);
        assertThat(used.amountMinor()).isEqualTo(expected * 5);
    }

    @Property(tries = 50)
    void windows_of_two_rules_on_one_row_stay_apart(@ForAll @IntRange(min = 1, max = 30) int n) {
        RuleParameters.Window minute = new RuleParameters.Window(RuleParameters.Window.Kind.SECONDS, 60);
        RuleParameters.Window month = new RuleParameters.Window(RuleParameters.Window.Kind.MONTH, 0);
        VelocityState state = new VelocityState();
        for (int i = 0; i < n; i++) {
            state.add("a:1", minute, START.plusSeconds(i), 1);
            state.add("b:2", month, START.plusSeconds(i), 7);
        }
        VelocityState read = VelocityState.parse(state.encode());
        assertThat(read.usage("a:1", minute, START.plusSeconds(n)).count()).isEqualTo(n);
        assertThat(read.usage("b:2", month, START.plusSeconds(n)).amountMinor()).isEqualTo(7L * n);
        assertThat(read.usage("c:1", minute, START.plusSeconds(n)).count()).isZero();
    }
}
