package dev.mlops.git.bitbucket.internal;

import dev.mlops.exception.ValidationException;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.template.RepositorySpec;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a role's repository lives on Bitbucket: the namespace (Cloud workspace, Data Center project key), the slug,
 * the name a new repository gets, the tracked branch, and the name reported to callers. By default
 * {@code <configured namespace>/sagemaker-<name>-<id>-<role>} on the spec's branch; the third-party Git templates
 * name it in full instead ({@code ModelBuildCodeRepositoryFullname = namespace/name}, the branch in
 * {@code ModelBuildCodeRepositoryBranch}).
 *
 * @param namespace the workspace or project key
 * @param slug the repository's slug
 * @param name the repository's name
 * @param branch the tracked branch
 * @param display the name reported in {@code RepositoryInfo.name()}
 */
public record Place(String namespace, String slug, String name, String branch, String display) {
    private static final Pattern SLUG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /**
     * Resolves a role's place.
     *
     * @param project the project
     * @param spec the repository's spec
     * @param namespace the configured workspace or project key
     * @param namespacePattern what a namespace in a full name must look like
     * @return the place
     * @throws ValidationException if a full-name parameter is not {@code namespace/name}
     */
    public static Place of(ProjectRecord project, RepositorySpec spec, String namespace, Pattern namespacePattern) {
        Map<String, String> values = project.template().parameterValues();
        String branch = Optional.ofNullable(parameter(values, spec.role() + "CodeRepositoryBranch"))
                .filter(s -> !s.isBlank()).orElse(spec.branch());
        String full = parameter(values, spec.role() + "CodeRepositoryFullname");
        if (full != null) {
            String[] parts = full.split("/", -1);
            if (parts.length != 2 || !namespacePattern.matcher(parts[0]).matches() || !SLUG.matcher(parts[1]).matches()) {
                throw new ValidationException("Template.parameters." + key(values, spec.role() + "CodeRepositoryFullname"),
                        full,
                        "namespace/name: a Bitbucket workspace or project key, then 1-128 letters, digits, '.', '_'"
                                + " or '-'");
            }
            return new Place(parts[0], parts[1].toLowerCase(Locale.ROOT), parts[1], branch, full);
        }
        String name = project.resourceName(spec.role());
        return new Place(namespace, name.toLowerCase(Locale.ROOT), name, branch, name);
    }

    /** The parameter's name as the template spells it. */
    private static String key(Map<String, String> values, String name) {
        return values.keySet().stream().filter(k -> k.equalsIgnoreCase(name)).findFirst().orElse(name);
    }

    /** A template parameter by name, ignoring case ({@code modelbuild} + {@code CodeRepositoryFullname}). */
    private static String parameter(Map<String, String> values, String name) {
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }
}
