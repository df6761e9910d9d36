package dev.mlops.aws.internal.preflight;

import dev.mlops.aws.PreflightProblem;
import dev.mlops.aws.PreflightProblem.Severity;
import java.util.List;
import java.util.regex.Pattern;

/** Checks a project name against SageMaker's rule for {@code CreateProject}'s {@code ProjectName}. */
final class NameCheck {
    /** {@code ProjectEntityName}: 1 to 32 characters. */
    static final Pattern RULE = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}");

    private NameCheck() {
    }

    static List<PreflightProblem> check(String name) {
        if (name != null && name.length() <= 32 && RULE.matcher(name).matches()) {
            return List.of();
        }
        String why = name == null || name.isEmpty() ? "it is empty"
                : name.length() > 32 ? "it has " + name.length() + " characters, more than 32"
                : "it does not match [a-zA-Z0-9](-*[a-zA-Z0-9]){0,31} (letters, digits and hyphens, a letter or digit"
                        + " at both ends)";
        return List.of(new PreflightProblem(Severity.ERROR, "name", String.valueOf(name), "SageMaker refuses the project"
                + " name: " + why + ".", "Choose a name of 1 to 32 letters, digits and hyphens that starts and ends with a"
                + " letter or digit"));
    }
}
