package io.emboss.authorization.rules;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Regular expressions a tenant may put in a rule: at most {@value #MAX_LENGTH} characters, and none
 * of the forms that make Java's backtracking matcher take exponential time: a quantified group that
 * itself holds a quantifier or an alternation ({@code (a+)+}, {@code (a|aa)*}), backreferences and
 * lookarounds. Matching also runs on a budget of character reads, so that whatever slips past the
 * check costs an authorization microseconds, not seconds: a match that runs out of budget is no match.
 */
final class BoundedRegex {
    static final int MAX_LENGTH = 200;
    private static final int READ_BUDGET = 100_000;

    private BoundedRegex() {
    }

    /** Why the pattern is refused, or empty when it may be used. */
    static Optional<String> refusal(String regex) {
        if (regex.isEmpty() || regex.length() > MAX_LENGTH) {
            return Optional.of("must be a regular expression of 1 to " + MAX_LENGTH + " characters");
        }
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            return Optional.of("is not a regular expression: " + e.getDescription());
        }
        return nestedRepetition(regex);
    }

    private static Optional<String> nestedRepetition(String p) {
        Deque<boolean[]> groups = new ArrayDeque<>();
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                char next = i + 1 < p.length() ? p.charAt(i + 1) : ' ';
                if ((next >= '1' && next <= '9') || next == 'k') {
                    return Optional.of("may not use backreferences");
                }
                i++;
            } else if (c == '[') {
                i = classEnd(p, i);
            } else if (c == '(') {
                if (p.startsWith("(?=", i) || p.startsWith("(?!", i) || p.startsWith("(?<=", i)
                        || p.startsWith("(?<!", i)) {
                    return Optional.of("may not use lookaround");
                }
                groups.push(new boolean[] {false});
            } else if (c == ')') {
                boolean repeatsInside = groups.isEmpty() ? false : groups.pop()[0];
                boolean quantified = i + 1 < p.length() && "*+?{".indexOf(p.charAt(i + 1)) >= 0;
                if (repeatsInside && quantified) {
                    return Optional.of("may not repeat a group that repeats or alternates inside (such as (a+)+): "
                            + "it can take exponential time");
                }
                if (repeatsInside && !groups.isEmpty()) {
                    groups.peek()[0] = true;
                }
            } else if ("*+?{|".indexOf(c) >= 0 && !groups.isEmpty()) {
                groups.peek()[0] = true;
            }
        }
        return Optional.empty();
    }

    private static int classEnd(String p, int open) {
        for (int i = open + 1; i < p.length(); i++) {
            if (p.charAt(i) == '\\') {
                i++;
            } else if (p.charAt(i) == ']' && i > open + 1) {
                return i;
            }
        }
        return p.length();
    }

    /** Whether the pattern occurs in the text, within the read budget. */
    static boolean find(Pattern pattern, String text) {
        try {
            return pattern.matcher(new Budgeted(text)).find();
        } catch (BudgetSpent e) {
            return false;
        }
    }

    private static final class BudgetSpent extends RuntimeException {
        BudgetSpent() {
            super(null, null, false, false);
        }
    }

    /** A text that refuses to be read more than the budget allows. */
    private static final class Budgeted implements CharSequence {
        private final String text;
        private int reads;

        Budgeted(String text) {
            this.text = text;
        }

        @Override
        public char charAt(int index) {
            if (++reads > READ_BUDGET) {
                throw new BudgetSpent();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
