package io.emboss.web;

import io.emboss.shared.Outcome;
import io.emboss.shared.Page;
import io.emboss.shared.Rejection;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Turns service outcomes into enveloped responses, typed by the view of their {@code data}. */
public final class Responses {
    private Responses() {
    }

    public static <T> ResponseEntity<ApiResponse<T>> ok(T data) {
        return ResponseEntity.ok(ApiResponse.ok(data));
    }

    public static <T> ResponseEntity<ApiResponse<T>> created(T data) {
        return ResponseEntity.status(HttpStatus.CREATED).body(ApiResponse.ok(data));
    }

    public static <S, T> ResponseEntity<ApiResponse<T>> of(Outcome<S> outcome, Function<S, T> view) {
        return of(outcome, HttpStatus.OK, view);
    }

    public static <S, T> ResponseEntity<ApiResponse<T>> created(Outcome<S> outcome, Function<S, T> view) {
        return of(outcome, HttpStatus.CREATED, view);
    }

    public static <S, T> ResponseEntity<ApiResponse<T>> of(Outcome<S> outcome, HttpStatus status,
            Function<S, T> view) {
        if (outcome instanceof Outcome.Ok<S> ok) {
            return ResponseEntity.status(status).body(ApiResponse.ok(view.apply(ok.value())));
        }
        return rejected(outcome.rejection());
    }

    /** A page of a list, each item shown by {@code view}. */
    public static <S, T> ResponseEntity<ApiResponse<ListPage<T>>> page(Outcome<Page<S>> outcome,
            Function<S, T> view) {
        return of(outcome, page -> ListPage.of(page, view));
    }

    /** A page of a list whose items are their own view. */
    public static <T> ResponseEntity<ApiResponse<ListPage<T>>> page(Outcome<Page<T>> outcome) {
        return page(outcome, Function.identity());
    }

    /** The answer with {@code Retry-After} (whole seconds) when {@code seconds} is positive; else as it is. */
    public static <T> ResponseEntity<T> retryAfter(ResponseEntity<T> answer, long seconds) {
        if (seconds <= 0) {
            return answer;
        }
        return ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders())
                .header("Retry-After", Long.toString(seconds)).body(answer.getBody());
    }

    public static <T> ResponseEntity<ApiResponse<T>> rejected(Rejection rejection) {
        Object data = rejection.fields().isEmpty() ? null : java.util.Map.of("fields", rejection.fields());
        return ResponseEntity.status(ErrorCatalog.statusOf(rejection.kind()))
                .body(ApiResponse.error(rejection.code(), rejection.message(), data));
    }
}
