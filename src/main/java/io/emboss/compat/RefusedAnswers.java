package io.emboss.compat;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Writes a compat controller's {@link Refused} answer as the dialect built it. Ordered first, so the
 * native catch-all (a 500 for anything unexpected) never sees it.
 */
@Hidden
@RestControllerAdvice(basePackageClasses = RefusedAnswers.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class RefusedAnswers {

    @ExceptionHandler(Refused.class)
    ResponseEntity<?> refused(Refused refused) {
        return refused.answer();
    }
}
