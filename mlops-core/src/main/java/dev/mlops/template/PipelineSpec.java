package dev.mlops.template;

import dev.mlops.MlopsStyle;
import dev.mlops.exception.ValidationException;
import dev.mlops.internal.Validation;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.immutables.value.Value;

/**
 * A CI/CD pipeline of a template: its role (which ends its name, as in {@code sagemaker-<name>-<id>-modelbuild}),
 * the repository it checks out, its ordered stages and what starts it.
 */
@Value.Immutable
@MlopsStyle
public abstract class PipelineSpec {

    /**
     * The role, e.g. {@code modelbuild} or {@code modeldeploy}.
     *
     * @return the role, e.g. {@code modelbuild} or {@code modeldeploy}
     */
    public abstract String role();

    /**
     * The role of the repository its source stage checks out.
     *
     * @return the role of the repository its source stage checks out
     */
    public abstract String sourceRepository();

    /**
     * The stages, in order.
     *
     * @return the stages, in order
     */
    public abstract List<Stage> stages();

    /**
     * What starts the pipeline besides an explicit start.
     *
     * @return what starts the pipeline besides an explicit start
     */
    public abstract List<Trigger> triggers();

    /**
     * The template parameter that includes this pipeline: when the parameter's value is {@code false} (any case), the
     * project is made without it ({@link Template#withoutExcludedParts()}), as the image-building template's
     * "Include … image-building pipeline" options do. Empty: always included.
     *
     * @return the parameter's name, if one decides
     */
    public abstract java.util.Optional<String> includedBy();

    /** Validates the value when it is built; each failure names the field, the value and the rule. */
    @Value.Check
    protected void check() {
        Validation.name("PipelineSpec.role", role());
        if (stages().isEmpty()) {
            throw new ValidationException("PipelineSpec.stages", "[]", "at least one stage (pipeline " + role() + ")");
        }
        Set<String> seen = new HashSet<>();
        for (Stage s : stages()) {
            if (!seen.add(s.name())) {
                throw new ValidationException("PipelineSpec.stages", s.name(), "unique stage names within pipeline " + role());
            }
        }
    }

    /**
     * Finds a stage by name.
     *
     * @param name the stage's name
     * @return its index, or -1
     */
    public int indexOf(String name) {
        for (int i = 0; i < stages().size(); i++) {
            if (stages().get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Starts a builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link PipelineSpec}; {@link #build()} validates. */
    public static final class Builder extends ImmutablePipelineSpec.Builder {
    }
}
