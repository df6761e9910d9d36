package dev.mlops.internal;

import dev.mlops.exception.ValidationException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rules for a stage's own plain environment variables ({@code Stage.variables()}), shared by every backend so
 * that a template valid on one is valid on all: a portable name, a value every orchestrator passes through intact,
 * none of the names the SDK or an orchestrator sets, and nothing that reads like a secret. Internal: not part of the
 * public API.
 */
public final class StageVariables {
    /** The most variables one stage may have. */
    public static final int MAX_VARIABLES = 100;
    /** The longest name. */
    public static final int MAX_NAME_LENGTH = 128;
    /**
     * The longest value: well inside what {@code execve} takes for one variable (Linux's {@code MAX_ARG_STRLEN},
     * 128 KiB) and what a CloudFormation template and a Jenkinsfile comfortably hold.
     */
    public static final int MAX_VALUE_LENGTH = 8192;
    /** A portable variable name (POSIX's, which CodeBuild, Jenkins and {@code sh} all accept). */
    public static final Pattern NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");

    /** Names set for every command stage, by name in upper case, with what to use instead. */
    private static final Map<String, String> RESERVED = reserved();
    /** Prefixes reserved, in upper case, with why. */
    private static final Map<String, String> RESERVED_PREFIXES = Map.of(
            "CODEBUILD_", "not start with CODEBUILD_: CodeBuild reserves that prefix for its own variables (\"Do not"
                    + " set any environment variable with a name that begins with CODEBUILD_\", CodeBuild User Guide);"
                    + " choose another name",
            "MLOPS_", "not start with MLOPS_: the SDK reserves that prefix for its own variables (MLOPS_SDK_BUNDLE,"
                    + " MLOPS_EXECUTION_ID, …); choose another name");
    /** The last word of a name that reads like a secret's. */
    private static final Pattern SECRET_NAME = Pattern.compile("(?i)^(?:.*_)?(?:TOKEN|SECRET|PASSWORD|PASSWD|"
            + "PRIVATE_KEY|SECRET_KEY|API_KEY|ACCESS_KEY)$");
    /** A URL with a password in its user info ({@code scheme://user:password@host}). */
    private static final Pattern URL_PASSWORD = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^/@\\s:]*:[^/@\\s]+@");
    private static final String NOT_SECRETS = "stage variables are plain text, stored with the template and shown in"
            + " plans, in the CodeBuild console and in the Jenkinsfile: have the command fetch a secret where the"
            + " orchestrator keeps secrets (AWS: Secrets Manager or Parameter Store, under the stage's CodeBuild role;"
            + " Jenkins: the job's credentials or the agent's environment; embedded: a file only your user can read)";

    private StageVariables() {
    }

    private static Map<String, String> reserved() {
        Map<String, String> r = new LinkedHashMap<>();
        String sdk = "set by the SDK for every command and test stage (see docs/command-stages.md); read it in the"
                + " command, and give a variable of your own another name";
        r.put("PATH", "the program search path, which the embedded backend copies from the leading process and"
                + " CodeBuild's image sets: call the program by its full path, or set PATH inside the command"
                + " (\"sh\", \"-c\", \"PATH=/opt/tools/bin:$PATH exec ./lint.sh\")");
        r.put("HOME", "the stage's own private directory on the embedded backend: point a tool at another directory"
                + " with its own variable or option (e.g. XDG_CONFIG_HOME, MAVEN_OPTS=-Dmaven.repo.local=…)");
        r.put("TMPDIR", "the stage's own private temporary directory on the embedded backend: point a tool at another"
                + " directory with its own variable or option (e.g. -Djava.io.tmpdir=… in JAVA_TOOL_OPTIONS)");
        for (String name : new String[] {"SAGEMAKER_PROJECT_NAME", "SAGEMAKER_PROJECT_ID", "ENDPOINT_NAME", "ENDPOINT_URL"}) {
            r.put(name, sdk);
        }
        r.put("AWS_REGION", "set by CodeBuild and the SDK to the project's region: the stage runs in it");
        r.put("AWS_DEFAULT_REGION", "set by CodeBuild to the project's region: the stage runs in it");
        r.put("BUILD_CONFIG", "set by the SDK on CodeBuild to the exported configuration of the stage's environment");
        r.put("EXPORT_TEST_RESULTS", "set by the SDK on CodeBuild for a test stage's results file");
        for (String name : new String[] {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"}) {
            r.put(name, "AWS credentials, a secret and the stage's powers: on AWS a stage runs under the project's"
                    + " CodeBuild role (AwsRoles), on the embedded backend as your user; " + NOT_SECRETS);
        }
        return Map.copyOf(r);
    }

    /**
     * Checks a stage's variables.
     *
     * @param stage the stage's name, for the messages
     * @param variables the variables
     * @throws ValidationException naming the field ({@code Stage.variables} for a name, {@code Stage.variables.NAME}
     *     for a value), the value and the rule
     */
    public static void check(String stage, Map<String, String> variables) {
        if (variables.size() > MAX_VARIABLES) {
            throw new ValidationException("Stage.variables", variables.size() + " variables",
                    "at most " + MAX_VARIABLES + " variables per stage (stage " + stage + ")");
        }
        Map<String, String> seen = new HashMap<>();
        for (Map.Entry<String, String> e : variables.entrySet()) {
            String name = e.getKey();
            checkName(stage, name);
            String other = seen.put(name.toUpperCase(Locale.ROOT), name);
            if (other != null) {
                throw new ValidationException("Stage.variables", name, "unique in the stage ignoring case, unlike "
                        + other + " (Jenkins treats variable names alike whatever their case; stage " + stage + ")");
            }
            checkValue(stage, name, e.getValue());
        }
    }

    private static void checkName(String stage, String name) {
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
            throw new ValidationException("Stage.variables", shown(name), "a variable name of 1 to " + MAX_NAME_LENGTH
                    + " characters matching [A-Za-z_][A-Za-z0-9_]* (stage " + stage + ")");
        }
        String upper = name.toUpperCase(Locale.ROOT);
        String why = RESERVED.get(upper);
        if (why != null) {
            throw new ValidationException("Stage.variables", name, "not " + upper + ", which is " + why
                    + " (stage " + stage + ")");
        }
        for (Map.Entry<String, String> p : RESERVED_PREFIXES.entrySet()) {
            if (upper.startsWith(p.getKey())) {
                throw new ValidationException("Stage.variables", name, p.getValue() + " (stage " + stage + ")");
            }
        }
        if (SECRET_NAME.matcher(name).matches()) {
            throw new ValidationException("Stage.variables", name, "a name that does not read like a secret's ("
                    + "*_TOKEN, *_SECRET, *_PASSWORD, *_API_KEY, …): " + NOT_SECRETS + " (stage " + stage + ")");
        }
    }

    private static void checkValue(String stage, String name, String value) {
        String field = "Stage.variables." + name;
        if (value.isEmpty()) {
            throw new ValidationException(field, value, "a non-empty value: Jenkins's withEnv unsets a variable given an"
                    + " empty one, so leave the variable out instead (stage " + stage + ")");
        }
        if (value.length() > MAX_VALUE_LENGTH) {
            throw new ValidationException(field, "(" + value.length() + " characters)", "at most " + MAX_VALUE_LENGTH
                    + " characters; put a long setting in a file of the repository and name the file (stage " + stage + ")");
        }
        if (value.indexOf('\0') >= 0) {
            throw new ValidationException(field, value.replace("\0", "\\0"), "a value without NUL characters, which no"
                    + " process environment can hold (stage " + stage + ")");
        }
        if (URL_PASSWORD.matcher(value).find()) {
            // The value itself stays out of the message: it holds a password.
            throw new ValidationException(field, "(withheld: a URL with a password)", "a value without a password in it"
                    + " (scheme://user:password@…): " + NOT_SECRETS + " (stage " + stage + ")");
        }
    }

    private static String shown(String name) {
        return name.length() > MAX_NAME_LENGTH ? name.substring(0, 40) + "… (" + name.length() + " characters)" : name;
    }
}
