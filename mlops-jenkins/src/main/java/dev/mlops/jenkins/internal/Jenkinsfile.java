package dev.mlops.jenkins.internal;

import dev.mlops.exception.UnsupportedByBackendException;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.Stage;
import dev.mlops.template.StageType;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Renders a template pipeline as a declarative Jenkinsfile: one {@code stage} per template stage in the template's
 * order; a source stage checks out the commit the orchestrator names (parameter {@code MLOPS_SOURCE_COMMIT}, else the
 * branch head); command and test stages run their command with {@code sh}; the model-build stage runs the SDK's
 * {@code dev.mlops.aws.build.RunPipeline} as the CodeBuild build spec does; an approval stage is an {@code input}
 * step whose id is the gate's name, so that its gate reference is stable. When the endpoints are SageMaker's (an AWS
 * endpoint host) and the SDK's jars are on the agents, the deploy stages run as the seed's Jenkinsfile runs them: the
 * deploy-config stage builds the deployment with {@code dev.mlops.aws.build.BuildDeployment}, a deploy stage runs
 * {@code aws cloudformation deploy} of the environment's stack {@code sagemaker-<name>-<id>-deploy-<env>} with the
 * exported configuration's parameters, and a test stage without a command runs {@code dev.mlops.aws.build.TestEndpoint}.
 * A stage with a {@link Stage#timeout()} gets the declarative {@code options { timeout(...) }} of that many seconds.
 * A command or test stage gets the variables it gets on the embedded backend and on CodeBuild in an
 * {@code environment} block of its own ({@code standardVariables}). Every value is a Groovy single-quoted literal
 * ({@link #groovy}). One statement per line: the test fake reads the stages back from it.
 */
public final class Jenkinsfile {
    /** The build parameter that carries the execution id (the idempotency token). */
    public static final String EXECUTION_ID = "MLOPS_EXECUTION_ID";
    /** The build parameter that names the commit to check out. */
    public static final String SOURCE_COMMIT = "MLOPS_SOURCE_COMMIT";
    /** The build parameter that says why the build runs. */
    public static final String REASON = "MLOPS_REASON";
    /** The build parameter a deploy takes: the model version to deploy (also what the approval route sends). */
    public static final String MODEL_PACKAGE_ARN = "ModelPackageArn";
    /** The deployment template {@code BuildDeployment} exports (what a deploy stage deploys). */
    public static final String EXPORTED_TEMPLATE = "template-export.yml";
    /** Every parameter a rendered job declares. */
    public static final List<String> PARAMETERS = List.of(EXECUTION_ID, SOURCE_COMMIT, REASON, MODEL_PACKAGE_ARN);
    /** The agent variable that names the AWS region, from which a stage's {@code ENDPOINT_URL} is made. */
    public static final String AWS_REGION = "AWS_REGION";

    private static final Pattern SAFE_WORD = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    private Jenkinsfile() {
    }

    /**
     * The input id of a gate: Jenkins capitalises the first letter of the ids it is given.
     *
     * @param gateName the gate's name
     * @return the id Jenkins will report
     */
    public static String inputId(String gateName) {
        String id = gateName.replaceAll("[^A-Za-z0-9_]", "_");
        return Character.toUpperCase(id.charAt(0)) + id.substring(1);
    }

    /**
     * Renders a pipeline.
     *
     * @param project the project
     * @param spec the pipeline
     * @param cloneUrl the source repository's clone URL
     * @param branch its branch
     * @param credentialsId the Jenkins credentials id to clone with, empty for none
     * @param sdkClasspath where the SDK's jars are on the agents, empty if not installed
     * @return the script
     * @throws UnsupportedByBackendException for a stage type this renderer cannot run on Jenkins
     */
    public static String render(ProjectRecord project, PipelineSpec spec, String cloneUrl, String branch,
            String credentialsId, String sdkClasspath) {
        return render(project, spec, cloneUrl, branch, credentialsId, sdkClasspath, false, Map.of());
    }

    /**
     * Renders a pipeline, with its deploy stages when the endpoints are SageMaker's.
     *
     * @param project the project
     * @param spec the pipeline
     * @param cloneUrl the source repository's clone URL
     * @param branch its branch
     * @param credentialsId the Jenkins credentials id to clone with, empty for none
     * @param sdkClasspath where the SDK's jars are on the agents, empty if not installed
     * @param awsEndpoints whether the project's endpoint host is AWS (SageMaker endpoints in CloudFormation stacks)
     * @param environment variables the agents' steps see (e.g. {@code AWS_REGION}, {@code MODEL_EXECUTION_ROLE_ARN}),
     *     rendered in an {@code environment} block
     * @return the script
     * @throws UnsupportedByBackendException for a stage type this renderer cannot run on Jenkins
     */
    public static String render(ProjectRecord project, PipelineSpec spec, String cloneUrl, String branch,
            String credentialsId, String sdkClasspath, boolean awsEndpoints, Map<String, String> environment) {
        Context c = new Context(project, spec, cloneUrl, branch, credentialsId, sdkClasspath, awsEndpoints,
                Map.copyOf(environment));
        StringBuilder b = new StringBuilder();
        // Quoted even in the comment: a line break in a name must not end it.
        b.append("// Rendered by mlops-projects for pipeline ").append(groovy(spec.role())).append(" of project ")
                .append(groovy(project.name())).append("; provisioning overwrites edits.\n");
        b.append("pipeline {\n    agent any\n");
        if (!environment.isEmpty()) {
            b.append("    environment {\n");
            new java.util.TreeMap<>(environment).forEach((k, v) -> b.append("        ").append(envName(k)).append(" = ")
                    .append(groovy(v)).append('\n'));
            b.append("    }\n");
        }
        b.append("    stages {\n");
        for (Stage s : spec.stages()) {
            b.append("        stage(").append(groovy(s.name())).append(") {\n");
            b.append(environmentBlock(standardVariables(c, s), "            "));
            s.timeout().ifPresent(t -> b.append("            options {\n                ").append(timeout(t))
                    .append("\n            }\n"));
            b.append("            steps {\n");
            appendSteps(b, s.variables(), step(c, s));
            b.append("            }\n        }\n");
        }
        b.append("    }\n}\n");
        return b.toString();
    }

    /**
     * A stage's step, inside {@code withEnv([...]) { }} when it has variables: the stage's own
     * ({@link Stage#variables()}); other variables meant for the stage's step belong in the same map (one
     * {@code withEnv}), put after the stage's so that they win.
     */
    static void appendSteps(StringBuilder b, Map<String, String> variables, String step) {
        if (variables.isEmpty()) {
            b.append("                ").append(step).append('\n');
            return;
        }
        b.append("                withEnv(").append(withEnvList(variables)).append(") {\n");
        b.append("                    ").append(step).append('\n');
        b.append("                }\n");
    }

    /**
     * The argument of a {@code withEnv} step: a Groovy list of {@code 'NAME=value'} single-quoted literals, in the
     * variables' order. {@code withEnv} rather than a stage's declarative {@code environment {}} block: that block
     * resolves {@code $NAME} and {@code ${NAME}} in its values (even single-quoted ones), while {@code withEnv} sets
     * each value as it is ({@code EnvVars.overrideAll}); the single quotes keep Groovy from interpolating, and
     * {@link #groovy(String)} escapes quotes, backslashes and line breaks. ({@code Stage} refuses empty values, which
     * {@code withEnv} would take as "unset".)
     *
     * @param variables the variables by name
     * @return e.g. {@code ['HTTPS_PROXY=http://proxy:3128', 'NO_PROXY=localhost']}
     */
    public static String withEnvList(Map<String, String> variables) {
        StringBuilder b = new StringBuilder("[");
        variables.forEach((name, value) -> {
            if (b.length() > 1) {
                b.append(", ");
            }
            b.append(groovy(envName(name) + "=" + value));
        });
        return b.append(']').toString();
    }

    /**
     * A stage's {@code timeout} option: Jenkins aborts the stage's steps past it ("Timeout has been exceeded") and the
     * build ends {@code ABORTED}. Whole seconds, rounded up.
     */
    static String timeout(java.time.Duration t) {
        return "timeout(time: " + timeoutSeconds(t) + ", unit: 'SECONDS')";
    }

    /** The whole seconds a stage's timeout renders as: rounded up, at least 1. */
    static long timeoutSeconds(java.time.Duration t) {
        return Math.max(1, t.toSeconds() + (t.toNanosPart() > 0 ? 1 : 0));
    }

    private record Context(ProjectRecord project, PipelineSpec spec, String cloneUrl, String branch,
            String credentialsId, String sdkClasspath, boolean awsEndpoints, Map<String, String> agentEnvironment) {
    }

    /**
     * The variables a command or test stage gets, in this order, as on the embedded backend and CodeBuild:
     * {@code SAGEMAKER_PROJECT_NAME}, {@code SAGEMAKER_PROJECT_ID} and, when the stage names an environment,
     * {@code ENDPOINT_NAME} ({@link ProjectRecord#endpointName}) and {@code ENDPOINT_URL}. The URL is the one the
     * endpoint host gives: only SageMaker's is known before the stage runs and reachable from an agent, the SageMaker
     * Runtime base URL {@code https://runtime.sagemaker.<region>.<suffix>/endpoints/<name>/} as the CodeBuild renderer
     * makes it, so it needs SageMaker endpoints (an AWS endpoint host) and the agents' {@code AWS_REGION} among the
     * orchestrator's agent variables. Other stages get none.
     */
    private static Map<String, String> standardVariables(Context c, Stage s) {
        Map<String, String> vars = new java.util.LinkedHashMap<>();
        if (s.type() != StageType.COMMAND && s.type() != StageType.TEST) {
            return vars;
        }
        vars.put("SAGEMAKER_PROJECT_NAME", c.project().name());
        vars.put("SAGEMAKER_PROJECT_ID", c.project().id());
        s.environment().map(c.project()::endpointName).ifPresent(name -> {
            vars.put("ENDPOINT_NAME", name);
            String region = c.agentEnvironment().get(AWS_REGION);
            if (c.awsEndpoints() && region != null) {
                vars.put("ENDPOINT_URL", sageMakerRuntime(region) + "/endpoints/" + name + "/");
            }
        });
        return vars;
    }

    /** SageMaker Runtime's base URL in a region: the partition's DNS suffix is {@code amazonaws.com.cn} in China. */
    private static String sageMakerRuntime(String region) {
        if (!region.matches("[a-z]{2}(-[a-z]+)+-[0-9]+")) {
            throw new dev.mlops.exception.ValidationException("Jenkins.orchestrator.agentEnvironment." + AWS_REGION,
                    region, "an AWS region such as us-east-1 (a stage's ENDPOINT_URL is made from it)");
        }
        return "https://runtime.sagemaker." + region + "." + (region.startsWith("cn-") ? "amazonaws.com.cn"
                : "amazonaws.com");
    }

    /** A declarative {@code environment} block of these variables in their order; nothing when there are none. */
    private static String environmentBlock(Map<String, String> vars, String indent) {
        if (vars.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(indent).append("environment {\n");
        vars.forEach((k, v) -> b.append(indent).append("    ").append(envName(k)).append(" = ").append(groovy(v))
                .append('\n'));
        return b.append(indent).append("}\n").toString();
    }

    private static String envName(String k) {
        if (!k.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new dev.mlops.exception.ValidationException("Jenkins.orchestrator.agentEnvironment", k,
                    "a variable name of letters, digits and '_'");
        }
        return k;
    }

    private static String step(Context c, Stage s) {
        ProjectRecord project = c.project();
        PipelineSpec spec = c.spec();
        String cloneUrl = c.cloneUrl();
        String branch = c.branch();
        String credentialsId = c.credentialsId();
        String sdkClasspath = c.sdkClasspath();
        StageType t = s.type();
        if (t == StageType.SOURCE) {
            String remote = "[url: " + groovy(cloneUrl) + (credentialsId.isEmpty() ? "" : ", credentialsId: "
                    + groovy(credentialsId)) + "]";
            return "checkout([$class: 'GitSCM', branches: [[name: params." + SOURCE_COMMIT + " ?: "
                    + groovy("*/" + branch) + "]], userRemoteConfigs: [" + remote + "]])";
        }
        if (t == StageType.APPROVAL) {
            String gate = s.gate().map(g -> g.name()).orElse(s.name());
            String message = s.gate().map(g -> g.message()).orElse("Approve " + gate + "?");
            return "input id: " + groovy(inputId(gate)) + ", message: " + groovy(message) + ", ok: 'Approve'";
        }
        if ((t == StageType.COMMAND || t == StageType.TEST) && !s.command().isEmpty()) {
            return "sh " + groovy(shell(s.command()));
        }
        if (t == StageType.ML_PIPELINE && !sdkClasspath.isEmpty()) {
            return "sh " + groovy(shell(List.of("java", "-cp", sdkClasspath, "dev.mlops.aws.build.RunPipeline",
                    "--repository", ".", "--project-name", project.name(), "--project-id", project.id())));
        }
        boolean deploy = t == StageType.DEPLOY_CONFIG || t == StageType.DEPLOY || t == StageType.TEST;
        if (deploy && c.awsEndpoints() && !sdkClasspath.isEmpty()) {
            return "sh " + groovy(deployStep(project, spec, s, sdkClasspath));
        }
        if (deploy) {
            throw new UnsupportedByBackendException("jenkins", "run stage " + s.name() + " (" + t + ") of pipeline "
                    + spec.role() + (c.awsEndpoints() ? " without the SDK's jars on the Jenkins agents"
                            : ": Jenkins deploys only to SageMaker endpoints (an AWS endpoint host)"),
                    c.awsEndpoints() ? "set Jenkins.orchestrator().sdkClasspath(\"/opt/mlops-sdk/*\") to the jars' place"
                            : "compose the project with the AWS backend's endpoints, or give the stage a command");
        }
        throw new UnsupportedByBackendException("jenkins", "run stage " + s.name() + " (" + t + ") of pipeline "
                + spec.role() + (t == StageType.ML_PIPELINE ? " without the SDK's jars on the Jenkins agents"
                        : " as a Jenkins step"),
                t == StageType.ML_PIPELINE ? "set Jenkins.orchestrator().sdkClasspath(\"/opt/mlops-sdk/*\") to the jars' place"
                        : "give the stage a command (Stage.command(...)), or run this pipeline on the CodePipeline or"
                                + " embedded orchestrator");
    }

    /**
     * The shell line of a deploy stage, as the seed's Jenkinsfile has it. The model version comes from the build's
     * {@code ModelPackageArn} parameter (what the approval route sends), else the latest approved one.
     */
    private static String deployStep(ProjectRecord project, PipelineSpec spec, Stage s, String sdkClasspath) {
        String own = project.template().parameterValues().getOrDefault("SourceModelPackageGroupName", "");
        String group = own.isEmpty() ? project.nameId() : own;
        List<String> envs = new java.util.ArrayList<>();
        for (Stage x : spec.stages()) {
            if (x.type() == StageType.DEPLOY && x.environment().isPresent()) {
                envs.add(x.environment().get());
            }
        }
        switch (s.type()) {
            case DEPLOY_CONFIG: {
                List<String> w = new java.util.ArrayList<>(List.of("java", "-cp", sdkClasspath,
                        "dev.mlops.aws.build.BuildDeployment", "--repository", ".", "--project-name", project.name(),
                        "--project-id", project.id(), "--model-package-group-name", group,
                        "--export-template", EXPORTED_TEMPLATE));
                for (String e : envs) {
                    w.add("--export-config");
                    w.add(e + "=" + configExport(e));
                }
                // The parameter stays a shell expansion: Jenkins passes build parameters as environment variables.
                return shell(w) + " --model-package-arn \"${" + MODEL_PACKAGE_ARN + ":-latest-approved}\"";
            }
            case DEPLOY: {
                String env = s.environment().orElseThrow();
                String stack = "sagemaker-" + project.name() + "-" + project.id() + "-deploy-" + env;
                return shell(List.of("aws", "cloudformation", "deploy", "--template-file", EXPORTED_TEMPLATE,
                        "--stack-name", stack, "--capabilities", "CAPABILITY_NAMED_IAM", "--no-fail-on-empty-changeset"))
                        + " --parameter-overrides $(jq -r '.Parameters | to_entries[] | \"\\(.key)=\\(.value)\"' "
                        + configExport(env) + ")";
            }
            default: {
                String env = s.environment().orElse(envs.isEmpty() ? "staging" : envs.get(0));
                return shell(List.of("java", "-cp", sdkClasspath, "dev.mlops.aws.build.TestEndpoint", "--repository",
                        ".", "--import-build-config", configExport(env), "--export-test-results",
                        "test-results-" + env + ".json"));
            }
        }
    }

    /**
     * The configuration {@code BuildDeployment} exports for an environment.
     *
     * @param environment the environment
     * @return {@code <environment>-config-export.json}
     */
    public static String configExport(String environment) {
        return environment + "-config-export.json";
    }

    /** Words joined for the shell, quoted where needed. */
    static String shell(List<String> words) {
        StringBuilder b = new StringBuilder();
        for (String w : words) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(SAFE_WORD.matcher(w).matches() ? w : "'" + w.replace("'", "'\"'\"'") + "'");
        }
        return b.toString();
    }

    /**
     * A Groovy single-quoted string (no interpolation: {@code $} stays as written). A backslash and a quote are
     * escaped; a line feed, carriage return, tab, backspace and form feed are {@code \n \r \t \b \f}; any other
     * control character is a three-digit octal escape. Never a backslash-u escape: the Groovy 2.4 parser of Jenkins'
     * pipelines turns those into their characters before it reads the string ({@code UnicodeEscapingReader}), where a
     * line break would end the literal; a backslash the text has is doubled, so its own backslash-u stays text. So the
     * literal stays on its line, and {@code config.xml} gets no control character.
     *
     * @param s the text
     * @return the literal
     */
    public static String groovy(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('\'');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\', '\'' -> b.append('\\').append(ch);
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (Character.isISOControl(ch)) {
                        b.append('\\').append(String.format("%03o", (int) ch));   // up to \237: three digits, ends here
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('\'').toString();
    }
}
