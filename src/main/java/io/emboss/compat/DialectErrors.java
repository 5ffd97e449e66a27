package io.emboss.compat;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The native error codes (docs/api-conventions.md) a compat operation answers besides those every
 * operation of its dialect can (bad input, credentials, rate limit, idempotency, size, failures:
 * {@link DialectDocument}). Its dialect's OpenAPI document lists each code's status with the
 * dialect's own error body.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface DialectErrors {
    String[] value();
}
