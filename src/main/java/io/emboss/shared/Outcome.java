package io.emboss.shared;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The result of a business operation: a value, or a rejection with a stable reason code.
 * Rejections are expected outcomes (bad input, insufficient funds); exceptions are reserved for
 * bugs and broken infrastructure.
 */
public sealed interface Outcome<T> {

    record Ok<T>(T value) implements Outcome<T> {
    }

    record Rejected<T>(Rejection rejection) implements Outcome<T> {
    }

    static <T> Outcome<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Outcome<T> rejected(Rejection rejection) {
        return new Rejected<>(rejection);
    }

    static <T> Outcome<T> rejected(Rejection.Kind kind, String code, String message) {
        return new Rejected<>(new Rejection(kind, code, message, Map.of()));
    }

    static <T> Outcome<T> invalid(String field, String problem) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(field, problem);
        return new Rejected<>(new Rejection(Rejection.Kind.INVALID, "validation_failed",
                field + " " + problem, fields));
    }

    /**
     * {@code what} names the thing and usually the id the caller sent; an id that holds a run of 12 or
     * more digits (a card number sent where an id belongs) is not repeated in the answer.
     */
    static <T> Outcome<T> notFound(String what) {
        return rejected(Rejection.Kind.NOT_FOUND, "resource_not_found", "No such " + shown(what));
    }

    /**
     * {@code what} with each word that holds 12 digits in a row, or is longer than any id (64), replaced.
     * Word by word in linear time: a regular expression around the digits backtracked
     * quadratically on a long word (a 300,000-character id held a request for minutes).
     */
    private static String shown(String what) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < what.length()) {
            int start = i;
            boolean space = Character.isWhitespace(what.charAt(i));
            while (i < what.length() && Character.isWhitespace(what.charAt(i)) == space) {
                i++;
            }
            String word = what.substring(start, i);
            out.append(space || (word.length() <= 64 && !digitRun(word)) ? word : "(id not shown)");
        }
        return out.toString();
    }

    private static boolean digitRun(String word) {
        int run = 0;
        for (int k = 0; k < word.length(); k++) {
            run = Character.isDigit(word.charAt(k)) ? run + 1 : 0;
            if (run >= 12) {
                return true;
            }
        }
        return false;
    }

    default boolean isOk() {
        return this instanceof Ok;
    }

    /** The value; only call after checking {@link #isOk()}. */
    default T value() {
        if (this instanceof Ok<T> ok) {
            return ok.value();
        }
        throw new IllegalStateException("Outcome is rejected: " + ((Rejected<T>) this).rejection());
    }

    default Rejection rejection() {
        if (this instanceof Rejected<T> r) {
            return r.rejection();
        }
        throw new IllegalStateException("Outcome is ok");
    }

    default <R> Outcome<R> map(Function<T, R> f) {
        if (this instanceof Ok<T> ok) {
            return new Ok<>(f.apply(ok.value()));
        }
        return new Rejected<>(((Rejected<T>) this).rejection());
    }

    default <R> Outcome<R> flatMap(Function<T, Outcome<R>> f) {
        if (this instanceof Ok<T> ok) {
            return f.apply(ok.value());
        }
        return new Rejected<>(((Rejected<T>) this).rejection());
    }
}
