package io.emboss.web;

import io.emboss.shared.Outcome;
import io.emboss.shared.Rejection;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Turns service outcomes into enveloped responses. */
public final class Responses {
    private Responses() {
    }

    public static ResponseEntity<ApiResponse> ok(Object data) {
        return ResponseEntity.ok(ApiResponse.ok(data));
    }

    public static ResponseEntity<ApiResponse> created(Object data) {
        return ResponseEntity.status(HttpStatus.CREATED).body(ApiResponse.ok(data));
    }

    public static <T> ResponseEntity<ApiResponse> of(Outcome<T> outcome, Function<T, Object> view) {
        return of(outcome, HttpStatus.OK, view);
    }

    public static <T> ResponseEntity<ApiResponse> created(Outcome<T> outcome, Function<T, Object> view) {
        return of(outcome, HttpStatus.CREATED, view);
    }

    public static <T> ResponseEntity<ApiResponse> of(Outcome<T> outcome, HttpStatus status, Function<T, Object> view) {
        if (outcome instanceof Outcome.Ok<T> ok) {
            return ResponseEntity.status(status).body(ApiResponse.ok(view.apply(ok.value())));
        }
        return rejected(outcome.rejection());
    }

    /** The answer with {@code Retry-After} (whole seconds) when {@code seconds} is positive; else as it is. */
    public static <T> ResponseEntity<T> retryAfter(ResponseEntity<T> answer, long seconds) {
        if (seconds <= 0) {
            return answer;
        }
        return ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders())
                .header("Retry-After", Long.toString(seconds)).body(answer.getBody());
    }

    public static ResponseEntity<ApiResponse> rejected(Rejection rejection) {
        Object data = rejection.fields().isEmpty() ? null : java.util.Map.of("fields", rejection.fields());
        return ResponseEntity.status(ErrorCatalog.statusOf(rejection.kind()))
                .body(ApiResponse.error(rejection.code(), rejection.message(), data));
    }
}
