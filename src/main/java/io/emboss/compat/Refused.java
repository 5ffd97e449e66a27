package io.emboss.compat;

import org.springframework.http.ResponseEntity;

/**
 * A dialect's error answer (status, headers and the dialect's own error body), thrown out of a compat
 * controller so that each operation can declare its success body as its return type: that type is
 * what the dialect's OpenAPI document describes. {@link RefusedAnswers} writes it back as it is.
 * Carries no stack trace; its message is only the status.
 */
public final class Refused extends RuntimeException {
    private final transient ResponseEntity<?> answer;

    public Refused(ResponseEntity<?> answer) {
        super(Integer.toString(answer.getStatusCode().value()), null, false, false);
        this.answer = answer;
    }

    public ResponseEntity<?> answer() {
        return answer;
    }
}
