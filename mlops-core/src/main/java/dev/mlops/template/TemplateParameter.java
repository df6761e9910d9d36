package dev.mlops.template;

import dev.mlops.MlopsStyle;
import dev.mlops.internal.Validation;
import java.util.Optional;
import org.immutables.value.Value;

/** A parameter a template declares, like the CloudFormation parameters of the originals. */
@Value.Immutable
@MlopsStyle
public abstract class TemplateParameter {

    /**
     * The parameter's name, e.g. {@code ModelBuildCodeRepositoryFullname}.
     *
     * @return the parameter's name, e.g. {@code ModelBuildCodeRepositoryFullname}
     */
    public abstract String name();

    /**
     * What it means.
     *
     * @return what it means
     */
    @Value.Default
    public String description() {
        return "";
    }

    /**
     * Whether a project must give a value (when there is no default).
     *
     * @return whether a project must give a value (when there is no default)
     */
    @Value.Default
    public boolean required() {
        return true;
    }

    /**
     * The value used when none is given.
     *
     * @return the value used when none is given
     */
    public abstract Optional<String> defaultValue();

    /** Validates the value when it is built; each failure names the field, the value and the rule. */
    @Value.Check
    protected void check() {
        Validation.name("TemplateParameter.name", name());
    }

    /**
     * A required parameter with no default.
     *
     * @param name the name
     * @param description what it means
     * @return the parameter
     */
    public static TemplateParameter required(String name, String description) {
        return ImmutableTemplateParameter.builder().name(name).description(description).build();
    }

    /**
     * An optional parameter with a default.
     *
     * @param name the name
     * @param description what it means
     * @param defaultValue the default
     * @return the parameter
     */
    public static TemplateParameter optional(String name, String description, String defaultValue) {
        return ImmutableTemplateParameter.builder().name(name).description(description).required(false)
                .defaultValue(defaultValue).build();
    }
}
