package io.emboss.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * A field whose JSON takes several shapes, as Jackson reads JSON without a type: a {@code List}, a
 * {@code String}, a {@code Number}, a {@code Boolean} or a {@code Map}. An authorization rule's
 * {@code window} ({@code Map.of("seconds", 3600)}, {@code "day"}, {@code "month"}) and a condition's
 * {@code value} ({@code List.of("7995")}, {@code "500.00"}, {@code 3}, {@code true}) are such fields:
 * the generator writes no Java that compiles for their oneOfs, so the build maps them to this class.
 */
public final class JsonAny {
    private final Object value;

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public JsonAny(Object value) {
        this.value = value;
    }

    public static JsonAny of(Object value) {
        return new JsonAny(value);
    }

    @JsonValue
    public Object value() {
        return value;
    }

    /** Never sent in a query string: no operation takes a rule in its query. */
    public String toUrlQueryString(String prefix) {
        return "";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonAny other && Objects.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(value);
    }

    @Override
    public String toString() {
        return String.valueOf(value);
    }
}
