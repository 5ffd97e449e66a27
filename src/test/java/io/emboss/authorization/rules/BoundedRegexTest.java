package io.emboss.authorization.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The regular expressions a rule may hold: none that backtracks exponentially, none longer than 200. */
class BoundedRegexTest {

    @Test
    void refuses_the_forms_that_backtrack_badly() {
        for (String bad : new String[] {"(a+)+$", "(a*)*b", "(a|aa)*b", "(\\w+\\s?)*$", "^(([a-z])+.)+[A-Z]([a-z])+$",
            "(x+x+)+y", "(a{1,5})+", "((ab)*)+", "(.*a){12}"}) {
            assertThat(BoundedRegex.refusal(bad)).as(bad).isPresent();
        }
        assertThat(BoundedRegex.refusal("(a)\\1")).get().asString().contains("backreferences");
        assertThat(BoundedRegex.refusal("foo(?=bar)")).get().asString().contains("lookaround");
        assertThat(BoundedRegex.refusal("x".repeat(201))).isPresent();
        assertThat(BoundedRegex.refusal("")).isPresent();
        assertThat(BoundedRegex.refusal("(unclosed")).get().asString().contains("not a regular expression");
    }

    @Test
    void accepts_the_forms_rules_are_written_with() {
        for (String good : new String[] {"^CASINO", "(?i)bet|poker", "[A-Z]{2,5}\\d+", "^(AMZN|AMAZON) MKTP",
            "x".repeat(200), "[(a+)+]", "\\(a+\\)+", "(?i)^uber( eats)?$"}) {
            assertThat(BoundedRegex.refusal(good)).as(good).isEmpty();
        }
    }

    @Test
    void matching_finds_within_a_text_and_gives_up_past_its_budget() {
        assertThat(BoundedRegex.find(Pattern.compile("(?i)casino"), "Grand Casino Bogota")).isTrue();
        assertThat(BoundedRegex.find(Pattern.compile("^casino"), "Grand Casino")).isFalse();
        // polynomial, not exponential: allowed, and cut short by the read budget on a long text
        Pattern slow = Pattern.compile("a*a*a*a*a*a*a*b");
        assertThat(BoundedRegex.refusal(slow.pattern())).isEmpty();
        assertThat(BoundedRegex.find(slow, "a".repeat(100))).isFalse();
    }
}
