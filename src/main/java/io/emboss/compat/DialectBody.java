package io.emboss.compat;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The request body a compat operation reads as a JSON node (so that the seed's strict typing is the
 * dialect's own 400) as its dialect's OpenAPI document shows it: the record that describes it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface DialectBody {
    Class<?> value();
}
