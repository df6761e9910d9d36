package dev.mlops.template;

import dev.mlops.MlopsStyle;
import dev.mlops.internal.Validation;
import org.immutables.value.Value;

/**
 * A source repository a template creates: its role (which also ends its name, as in
 * {@code sagemaker-<name>-<id>-modelbuild}), the branch pipelines track, and its seed code.
 */
@Value.Immutable
@MlopsStyle
public abstract class RepositorySpec {

    /**
     * The role, e.g. {@code modelbuild} or {@code modeldeploy}.
     *
     * @return the role, e.g. {@code modelbuild} or {@code modeldeploy}
     */
    public abstract String role();

    /**
     * The tracked branch.
     *
     * @return the tracked branch
     */
    @Value.Default
    public String branch() {
        return "main";
    }

    /**
     * The files of the first commit.
     *
     * @return the files of the first commit
     */
    public abstract SeedCode seed();

    /**
     * The template parameter that includes this repository: when the parameter's value is {@code false} (any case), the
     * project is made without it ({@link Template#withoutExcludedParts()}), as the image-building template's
     * "Include … image-building pipeline" options do. Empty: always included.
     *
     * @return the parameter's name, if one decides
     */
    public abstract java.util.Optional<String> includedBy();

    /** Validates the value when it is built; each failure names the field, the value and the rule. */
    @Value.Check
    protected void check() {
        Validation.name("RepositorySpec.role", role());
        Validation.notBlank("RepositorySpec.branch", branch());
    }

    /**
     * Creates a repository spec on branch {@code main}.
     *
     * @param role the role
     * @param seed the seed code
     * @return the spec
     */
    public static RepositorySpec of(String role, SeedCode seed) {
        return ImmutableRepositorySpec.builder().role(role).seed(seed).build();
    }
}
