package dev.mlops;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.immutables.value.Value;

/**
 * The Immutables style shared by this SDK's value types: getters without {@code get}, strict builders
 * (a field can be set once), and generated {@code Immutable*} classes that stay out of the way behind a
 * nested {@code Builder} on each value type. A null or a missing required field is a
 * {@link dev.mlops.exception.MissingValueException}, inside the SDK's one exception root.
 */
@Target({ElementType.PACKAGE, ElementType.TYPE})
@Retention(RetentionPolicy.CLASS)
@Value.Style(
        get = {"is*", "get*"},
        init = "*",
        strictBuilder = false,
        visibility = Value.Style.ImplementationVisibility.PUBLIC,
        defaults = @Value.Immutable(copy = true),
        jdkOnly = true,
        throwForNullPointer = dev.mlops.exception.MissingValueException.class,
        throwForInvalidImmutableState = dev.mlops.exception.MissingValueException.class)
public @interface MlopsStyle {
}
