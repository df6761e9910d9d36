package dev.mlops.internal;

import dev.mlops.exception.ValidationException;
import java.time.Duration;
import java.util.regex.Pattern;

/** Checks shared by the value types; each failure names the field, the value and the rule. */
public final class Validation {
    /**
     * SageMaker's project-name rule ({@code CreateProject}'s {@code ProjectName}): a letter or digit first, then
     * letters, digits and hyphens, not ending in a hyphen; at most 32 characters.
     */
    public static final Pattern PROJECT_NAME = Pattern.compile("^[a-zA-Z0-9](-*[a-zA-Z0-9])*$");
    /** The environment-name rule: a letter first, then letters, digits and hyphens, not ending in a hyphen. */
    public static final Pattern ENVIRONMENT_NAME = Pattern.compile("^[a-zA-Z](-*[a-zA-Z0-9])*$");
    /** The rule for names of stages, gates, steps, pipelines and parameters (CodePipeline's stage rule). */
    public static final Pattern NAME = Pattern.compile("^[A-Za-z0-9.@_-]{1,100}$");

    private Validation() {
    }

    /**
     * Checks a project name against SageMaker's rule for the templates.
     *
     * @param field the field name for the message
     * @param value the name
     */
    public static void projectName(String field, String value) {
        if (value == null || value.isEmpty() || value.length() > 32 || !PROJECT_NAME.matcher(value).matches()) {
            throw new ValidationException(field, value,
                    "1 to 32 characters matching ^[a-zA-Z0-9](-*[a-zA-Z0-9])* (a letter or digit first, then"
                            + " letters, digits and single or repeated hyphens, not ending in a hyphen: SageMaker's"
                            + " rule for project names)");
        }
    }

    /**
     * Checks an environment name with the original templates' project-name rule (a letter first): it becomes part of endpoint names
     * ({@code <project>-<environment>}), file names and directories, so it may hold no path separator, no
     * {@code ..}, nothing but letters, digits and hyphens.
     *
     * @param field the field name for the message
     * @param value the name
     */
    public static void environmentName(String field, String value) {
        if (value == null || value.isEmpty() || value.length() > 32 || !ENVIRONMENT_NAME.matcher(value).matches()) {
            throw new ValidationException(field, value,
                    "an environment name like a project name: 1 to 32 characters matching ^[a-zA-Z](-*[a-zA-Z0-9])*"
                            + " (a letter first, then letters, digits and hyphens; no '/', '.' or '..')");
        }
    }

    /**
     * Checks a path meant to stay inside a directory (a repository, a work directory): relative, '/'-separated,
     * with no empty, {@code .} or {@code ..} segment and no backslash.
     *
     * @param field the field name for the message
     * @param value the path
     */
    public static void relativePath(String field, String value) {
        boolean ok = value != null && !value.isEmpty() && !value.startsWith("/") && !value.contains("\\")
                && value.indexOf(':') < 0 && value.indexOf('\0') < 0;
        if (ok) {
            for (String segment : value.split("/", -1)) {
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                    ok = false;
                    break;
                }
            }
        }
        if (!ok) {
            throw new ValidationException(field, value, "a relative path inside the repository: '/'-separated, no"
                    + " leading '/', no empty, '.' or '..' segment, no '\\' or ':'");
        }
    }

    /**
     * Checks a stage, gate, step or parameter name.
     *
     * @param field the field name for the message
     * @param value the name
     */
    public static void name(String field, String value) {
        if (value == null || !NAME.matcher(value).matches() || value.equals(".") || value.equals("..")) {
            throw new ValidationException(field, value, "1 to 100 characters of A-Z, a-z, 0-9, '.', '@', '_' or '-',"
                    + " not '.' or '..' (names become directory names)");
        }
    }

    /**
     * Checks that a duration is positive.
     *
     * @param field the field name for the message
     * @param value the duration
     */
    public static void positive(String field, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new ValidationException(field, value, "a positive duration");
        }
    }

    /**
     * Checks that a string is not blank.
     *
     * @param field the field name for the message
     * @param value the string
     */
    public static void notBlank(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new ValidationException(field, value, "a non-blank string");
        }
    }

    /**
     * Checks that a value is given.
     *
     * @param field the field name for the message
     * @param value the value
     * @param rule what is expected, e.g. {@code a model version of this project}
     * @param <T> the value's type
     * @return the value
     */
    public static <T> T notNull(String field, T value, String rule) {
        if (value == null) {
            throw new ValidationException(field, null, rule);
        }
        return value;
    }
}
