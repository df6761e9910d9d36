package dev.mlops.template;

import dev.mlops.MlopsStyle;
import dev.mlops.exception.ValidationException;
import dev.mlops.internal.Validation;
import dev.mlops.internal.StageVariables;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One step of a CI/CD pipeline: check out source, run the ML pipeline, deploy to an environment, test it,
 * wait at an approval gate, or run a command. Stages run in order; a failing stage fails the run.
 *
 * <pre>{@code
 * Stage load = Stage.test("LoadTest").environment("staging").command("./load-test.sh").build();
 * Stage lint = Stage.command("Lint", "./lint.sh").variable("HTTPS_PROXY", "http://proxy.internal:3128").build();
 * }</pre>
 */
@Value.Immutable
@MlopsStyle
public abstract class Stage {

    /**
     * The stage's name, unique in its pipeline (e.g. {@code DeployStaging}).
     *
     * @return the stage's name, unique in its pipeline (e.g. {@code DeployStaging})
     */
    public abstract String name();

    /**
     * What the stage does.
     *
     * @return what the stage does
     */
    public abstract StageType type();

    /**
     * The environment a {@link StageType#DEPLOY}, {@link StageType#TEST} or monitor stage acts on.
     *
     * @return the environment a {@link StageType#DEPLOY}, {@link StageType#TEST} or monitor stage acts on
     */
    public abstract Optional<String> environment();

    /**
     * For {@link StageType#COMMAND} and {@link StageType#TEST}: the command to run in the checked-out source,
     * as program and arguments. A test stage without a command runs the deploy repository's Java tests.
     *
     * @return the program and its arguments; empty for the other stage types and for Java-test stages
     */
    public abstract List<String> command();

    /**
     * For {@link StageType#DEPLOY}: the configuration file in the deploy repository, e.g. {@code prod-config.json}.
     *
     * @return for {@link StageType#DEPLOY}: the configuration file in the deploy repository, e.g. {@code prod-config.json}
     */
    public abstract Optional<String> configFile();

    /**
     * For {@link StageType#APPROVAL}: the gate.
     *
     * @return for {@link StageType#APPROVAL}: the gate
     */
    public abstract Optional<ApprovalGate> gate();

    /**
     * For {@link StageType#TEST} and {@link StageType#COMMAND}: how long the tests or the command may run
     * before the stage fails as timed out and its process is stopped (CodeBuild's {@code TimeoutInMinutes}).
     * Empty for the backend's default: on the embedded backend 10 minutes for a test stage, 60 minutes for a
     * command stage.
     *
     * @return the timeout, if set
     */
    public abstract Optional<Duration> timeout();

    /**
     * For {@link StageType#COMMAND} and {@link StageType#TEST}: plain environment variables of the stage's own, in
     * the order given, that its process gets on top of what every backend gives it (on the embedded backend the
     * sandbox environment that docs/command-stages.md describes: {@code PATH}, the locale, a private {@code HOME} and {@code TMPDIR}, and the project's and endpoint's
     * variables). A proxy ({@code HTTPS_PROXY}, {@code NO_PROXY}), a CA bundle's path ({@code SSL_CERT_FILE},
     * {@code AWS_CA_BUNDLE}), a setting a test reads. A test stage without a command gets them in the process that
     * runs the deploy repository's {@code EndpointTest}s ({@link System#getenv(String)}).
     *
     * <p><b>These are not secrets.</b> They are stored with the template, shown by {@code toString()}, in plans
     * ({@code Project.plan}), in the rendered CodeBuild project (as {@code PLAINTEXT} variables, which the console
     * and the CLI show) and in the rendered Jenkinsfile. Names that read like a secret ({@code *_TOKEN},
     * {@code *_SECRET}, {@code *_PASSWORD}, AWS credentials) and URLs with a password in them are refused. A
     * command that needs a secret fetches it where the orchestrator keeps secrets, with the powers the stage runs
     * under: on AWS from Secrets Manager or Parameter Store under the stage's CodeBuild role
     * ({@code aws secretsmanager get-secret-value}); on Jenkins from the agent's environment or the job's
     * credentials; on the embedded backend from a file only your user can read, whose path a variable may name.
     * (The SDK's own credentials are {@link dev.mlops.Secret}s, which never reach a stage.)
     *
     * <p>Each name matches {@code [A-Za-z_][A-Za-z0-9_]*} (at most 128
     * characters) and is unique in the stage ignoring case; each value is 1 to 8192
     * characters without NUL; at most 100 per stage. Names the SDK or the
     * orchestrators set are refused, with what to use instead: {@code PATH}, {@code HOME}, {@code TMPDIR},
     * {@code SAGEMAKER_PROJECT_NAME}, {@code SAGEMAKER_PROJECT_ID}, {@code ENDPOINT_NAME}, {@code ENDPOINT_URL},
     * {@code AWS_REGION}, {@code AWS_DEFAULT_REGION}, {@code BUILD_CONFIG}, {@code EXPORT_TEST_RESULTS}, and names
     * starting {@code MLOPS_} (the SDK's) or {@code CODEBUILD_} (reserved by CodeBuild).
     *
     * @return the variables by name, in the order they were given; empty for none
     */
    public abstract Map<String, String> variables();

    /** Validates the value when it is built; each failure names the field, the value and the rule. */
    @Value.Check
    protected void check() {
        Validation.name("Stage.name", name());
        environment().ifPresent(e -> Validation.environmentName("Stage.environment", e));
        configFile().ifPresent(f -> Validation.relativePath("Stage.configFile", f));
        switch (type()) {
            case APPROVAL:
                if (gate().isEmpty()) {
                    throw new ValidationException("Stage.gate", null, "set on an APPROVAL stage (stage " + name() + ")");
                }
                break;
            case DEPLOY:
            case TEST:
            case MONITOR_DEPLOY:
                if (environment().isEmpty()) {
                    throw new ValidationException("Stage.environment", null,
                            "set on a " + type() + " stage (stage " + name() + ")");
                }
                break;
            case COMMAND:
                if (command().isEmpty()) {
                    throw new ValidationException("Stage.command", command(), "a non-empty command on a COMMAND stage (stage " + name() + ")");
                }
                break;
            default:
                break;
        }
        if (timeout().isPresent()) {
            Validation.positive("Stage.timeout", timeout().get());
            if (type() != StageType.TEST && type() != StageType.COMMAND) {
                throw new ValidationException("Stage.timeout", timeout().get(),
                        "set only on a TEST or COMMAND stage (stage " + name() + " is " + type() + ")");
            }
        }
        if (!variables().isEmpty()) {
            if (type() != StageType.TEST && type() != StageType.COMMAND) {
                throw new ValidationException("Stage.variables", variables().keySet(),
                        "set only on a stage that runs a command, a TEST or COMMAND stage (stage " + name() + " is "
                                + type() + ")");
            }
            StageVariables.check(name(), variables());
        }
        if (gate().isPresent() && type() != StageType.APPROVAL) {
            throw new ValidationException("Stage.gate", gate().get().name(), "set only on an APPROVAL stage (stage " + name() + " is " + type() + ")");
        }
    }

    /**
     * Starts a stage of the given type.
     *
     * @param name the stage's name
     * @param type what it does
     * @return a builder
     */
    public static Builder of(String name, StageType type) {
        return new Builder().name(name).type(type);
    }

    /**
     * Starts a test stage: a programmatic gate over an environment's endpoint.
     *
     * @param name the stage's name
     * @return a builder; set {@code environment}, and {@code command} to run your own tests
     */
    public static Builder test(String name) {
        return of(name, StageType.TEST);
    }

    /**
     * Starts a command stage.
     *
     * @param name the stage's name
     * @param command program and arguments, run in the checked-out source
     * @return a builder
     */
    public static Builder command(String name, String... command) {
        dev.mlops.internal.Validation.notNull("Stage.command", command, "a program and its arguments");
        return of(name, StageType.COMMAND).addCommand(command);
    }

    /**
     * Creates an approval stage holding a gate; the stage takes the gate's name.
     *
     * @param gate the gate
     * @return the stage
     */
    public static Stage approval(ApprovalGate gate) {
        dev.mlops.internal.Validation.notNull("Stage.approval.gate", gate, "a gate, e.g. ApprovalGate.manual(name).build()");
        return of(gate.name(), StageType.APPROVAL).gate(gate).build();
    }

    /**
     * A builder seeded with this stage's values.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        return new Builder().from(this);
    }

    /** Builds a {@link Stage}; {@link #build()} validates. */
    public static final class Builder extends ImmutableStage.Builder {
        /**
         * Sets the command, replacing any set before.
         *
         * @param command program and arguments
         * @return this builder
         */
        public Builder command(String... command) {
            return command(List.of(command));
        }

        /**
         * Adds a plain environment variable, or replaces the value of one of that name (see
         * {@link Stage#variables()}: not for secrets). Checked when the stage is built. The generated
         * {@code variables(Map)} sets them all, replacing any set before, in the map's order; {@code putAllVariables(Map)}
         * adds several.
         *
         * @param name the variable's name, e.g. {@code HTTPS_PROXY}
         * @param value its value, e.g. {@code http://proxy.internal:3128}
         * @return this builder
         */
        public Builder variable(String name, String value) {
            Validation.notNull("Stage.variables", name, "a variable name, e.g. HTTPS_PROXY");
            Validation.notNull("Stage.variables." + name, value, "a value (a variable cannot be unset: leave it out)");
            return putVariables(name, value);
        }

    }
}
