package dev.mlops.aws.cfn.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.mlops.exception.ValidationException;
import dev.mlops.template.Stage;
import dev.mlops.template.StageType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The CodeBuild projects the pipelines' build actions run, with the originals' environment variables, build
 * specs and timeouts: the model build's ({@code codebuild-buildspec.yml}, 480 minutes), the deploy build's
 * ({@code buildspec.yml}, 30 minutes), the staging test's ({@code test/buildspec.yml}, 30 minutes), and one
 * project with an inline build spec for each stage that runs its own command.
 */
public final class BuildProjectRenderer {
    static final String IMAGE = "aws/codebuild/amazonlinux2-x86_64-standard:5.0";
    private static final Pattern SAFE_WORD = Pattern.compile("[A-Za-z0-9_./=:,+@%-]+");

    private BuildProjectRenderer() {
    }

    /**
     * The project that runs the model-build repository's SageMaker pipeline.
     *
     * @param ctx the project being rendered
     * @param names the pipeline's names
     * @return its logical id
     */
    public static String mlPipeline(RenderContext ctx, Names names) {
        ArrayNode env = projectVariables();
        env.add(variable("ARTIFACT_BUCKET", Cfn.ref(Names.BUCKET)));
        env.add(variable("SAGEMAKER_PIPELINE_NAME", Cfn.sub("sagemaker-${" + Names.PROJECT_NAME + "}")));
        env.add(variable("SAGEMAKER_PIPELINE_ROLE_ARN", ctx.roleArn(ctx.roles().execution())));
        env.add(variable("AWS_REGION", Cfn.ref("AWS::Region")));
        sdkBundle(ctx, env);
        if (ctx.stack().hasParameter(Names.SDK_IMAGE)) {
            env.add(variable("MLOPS_SDK_IMAGE_URI", Cfn.ref(Names.SDK_IMAGE)));   // the processing steps' image
        }
        String id = names.buildProjectId();
        add(ctx, id, names.resourceName(),
                "Builds the model-building code, then creates and runs its SageMaker pipeline",
                env, TextNode.valueOf("codebuild-buildspec.yml"), 480);
        return id;
    }

    /**
     * The project that picks the newest approved model version and exports the endpoint stack's template and
     * one configuration per environment.
     *
     * @param ctx the project being rendered
     * @param names the pipeline's names
     * @param configFiles environment to seed configuration file
     * @return its logical id
     */
    public static String deployConfig(RenderContext ctx, Names names, Map<String, String> configFiles) {
        ArrayNode env = projectVariables();
        env.add(variable("ARTIFACT_BUCKET", Cfn.ref(Names.BUCKET)));
        env.add(variable("MODEL_EXECUTION_ROLE_ARN", ctx.roleArn(ctx.roles().execution())));
        env.add(variable("SOURCE_MODEL_PACKAGE_GROUP_NAME", ctx.modelPackageGroup()));
        env.add(variable("AWS_REGION", Cfn.ref("AWS::Region")));
        env.add(variable("EXPORT_TEMPLATE_NAME", TextNode.valueOf(Names.EXPORTED_TEMPLATE)));
        configFiles.forEach((environment, file) -> env.add(variable(DeployStages.exportVariable(environment),
                TextNode.valueOf(DeployStages.exportedConfig(file)))));
        sdkBundle(ctx, env);
        String id = names.buildProjectId();
        add(ctx, id, names.resourceName(),
                "Exports the endpoint stack's template and the configuration of each environment for the newest"
                        + " approved model version",
                env, TextNode.valueOf("buildspec.yml"), 30);
        return id;
    }

    /**
     * The project of a test or command stage. A test stage without a command runs the deploy repository's
     * {@code test/buildspec.yml}, as the original's programmatic gate does; a stage with a command runs it from
     * an inline build spec.
     *
     * @param ctx the project being rendered
     * @param names the pipeline's names
     * @param stage the stage
     * @param firstTest whether it is the pipeline's first test stage (which keeps the original's ids)
     * @param buildConfig the exported configuration of the stage's environment, or {@code null}
     * @return its logical id
     */
    public static String stage(RenderContext ctx, Names names, Stage stage, boolean firstTest, String buildConfig) {
        ArrayNode env = projectVariables();
        env.add(variable("AWS_REGION", Cfn.ref("AWS::Region")));
        if (buildConfig != null) {
            env.add(variable("BUILD_CONFIG", TextNode.valueOf(buildConfig)));
        }
        boolean test = stage.type() == StageType.TEST;
        if (test) {
            env.add(variable("EXPORT_TEST_RESULTS", TextNode.valueOf(Names.TEST_RESULTS)));
        }
        stage.environment().ifPresent(e -> endpointVariables(env, e));
        if (stage.command().isEmpty()) {
            sdkBundle(ctx, env);   // test/buildspec.yml runs the SDK's endpoint-test main
        }
        stageVariables(env, stage);
        TextNode buildSpec = stage.command().isEmpty() ? TextNode.valueOf("test/buildspec.yml")
                : TextNode.valueOf(inlineBuildSpec(stage.command()));
        int minutes = minutes(stage, test ? 30 : 60);
        String id = names.stageProjectId(stage.name(), firstTest);
        String what = test ? "Tests the " + stage.environment().orElse("") + " endpoint (stage " + stage.name() + ")"
                : "Runs the command of stage " + stage.name();
        add(ctx, id, names.stageProjectName(stage.name(), firstTest), what, env, buildSpec, minutes);
        return id;
    }

    private static void add(RenderContext ctx, String id, String name, String description, ArrayNode env,
            TextNode buildSpec, int minutes) {
        ObjectNode environment = Cfn.object()
                .put("Type", "LINUX_CONTAINER")
                .put("ComputeType", "BUILD_GENERAL1_SMALL")
                .put("Image", IMAGE);
        environment.set("EnvironmentVariables", env);
        ObjectNode source = Cfn.object().put("Type", "CODEPIPELINE");
        source.set("BuildSpec", buildSpec);
        ObjectNode props = Cfn.object();
        props.set("Name", Cfn.sub(name));
        props.put("Description", description);
        props.set("ServiceRole", ctx.roleArn(ctx.roles().codeBuild()));
        props.set("Artifacts", Cfn.object().put("Type", "CODEPIPELINE"));
        props.set("Environment", environment);
        props.set("Source", source);
        props.put("TimeoutInMinutes", minutes);
        props.set("Tags", ctx.projectTags());
        ctx.stack().resource(id, "AWS::CodeBuild::Project", props);
    }

    /**
     * {@code ENDPOINT_NAME}, the SageMaker endpoint of the stage's environment ({@code <project>-<environment>}, as
     * the endpoint stack names it), and {@code ENDPOINT_URL}, its SageMaker Runtime base URL, so that
     * {@code ${ENDPOINT_URL}invocations} is the invocation URL as on the embedded backend; a call to it needs SigV4
     * (service {@code sagemaker}) with the build role's credentials.
     */
    private static void endpointVariables(ArrayNode env, String environment) {
        String name = "${" + Names.PROJECT_NAME + "}-" + environment;
        env.add(variable("ENDPOINT_NAME", Cfn.sub(name)));
        env.add(variable("ENDPOINT_URL", Cfn.sub("https://runtime.sagemaker.${AWS::Region}.${AWS::URLSuffix}/endpoints/"
                + name + "/")));
    }

    /**
     * The stage's own variables ({@code Stage.variables()}), after the SDK's, as {@code PLAINTEXT} variables: they
     * are plain settings (the stage refuses secret-looking ones), and CodeBuild takes a value literally (its user
     * guide: a {@code $PATH} in a value stays {@code $PATH}). A value with a {@code "${"} is written as an
     * {@code Fn::Join} of pieces that split it between {@code $} and {@code {}, so that neither CloudFormation nor
     * cfn-lint reads a substitution into it; the value CodeBuild gets is the same text.
     */
    private static void stageVariables(ArrayNode env, Stage stage) {
        stage.variables().forEach((name, value) -> {
            ObjectNode v = variable(name, literal(value));
            v.put("Type", "PLAINTEXT");
            env.add(v);
        });
    }

    /** A string CloudFormation passes through as it is, {@code ${…}} included. */
    static com.fasterxml.jackson.databind.JsonNode literal(String value) {
        if (!value.contains("${")) {
            return TextNode.valueOf(value);
        }
        ArrayNode pieces = Cfn.array();
        int from = 0;
        for (int at = value.indexOf("${"); at >= 0; at = value.indexOf("${", at + 1)) {
            pieces.add(value.substring(from, at + 1));   // up to and with the '$'
            from = at + 1;
        }
        pieces.add(value.substring(from));
        ArrayNode args = Cfn.array();
        args.add("");
        args.add(pieces);
        ObjectNode join = Cfn.object();
        join.set("Fn::Join", args);
        return join;
    }

    private static ArrayNode projectVariables() {
        ArrayNode env = Cfn.array();
        env.add(variable("SAGEMAKER_PROJECT_NAME", Cfn.ref(Names.PROJECT_NAME)));
        env.add(variable("SAGEMAKER_PROJECT_ID", Cfn.ref(Names.PROJECT_ID)));
        return env;
    }

    /**
     * Where the build finds the SDK's jars: {@code MLOPS_SDK_BUNDLE}, the bundle's S3 prefix, and
     * {@code MLOPS_SDK_DIGEST}, the manifest's SHA-256 that the build spec checks before it runs anything.
     */
    static void sdkBundle(RenderContext ctx, ArrayNode env) {
        if (!ctx.stack().hasParameter(Names.SDK_BUNDLE)) {
            return;
        }
        env.add(variable("MLOPS_SDK_BUNDLE", Cfn.sub("s3://${" + Names.SEED_BUCKET + "}/" + Names.SDK_BUNDLE_FOLDER
                + "/${" + Names.SDK_BUNDLE + "}/")));
        env.add(variable("MLOPS_SDK_DIGEST", Cfn.ref(Names.SDK_BUNDLE)));
    }

    static ObjectNode variable(String name, com.fasterxml.jackson.databind.JsonNode value) {
        ObjectNode v = Cfn.object().put("Name", name);
        v.set("Value", value);
        return v;
    }

    private static int minutes(Stage stage, int byDefault) {
        if (stage.timeout().isEmpty()) {
            return byDefault;
        }
        Duration t = stage.timeout().get();
        long minutes = (t.toSeconds() + 59) / 60;
        if (minutes < 5 || minutes > 2160) {
            throw new ValidationException("Stage.timeout", t,
                    "5 minutes to 36 hours, CodeBuild's limits for TimeoutInMinutes (stage " + stage.name() + ")");
        }
        return (int) minutes;
    }

    /** A build spec that runs one command in the checked-out source; the words are quoted for the shell. */
    private static String inlineBuildSpec(List<String> command) {
        StringBuilder line = new StringBuilder();
        for (String word : command) {
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(SAFE_WORD.matcher(word).matches() ? word : "'" + word.replace("'", "'\"'\"'") + "'");
        }
        // A JSON string is a YAML double-quoted scalar, so the command cannot break the build spec's structure.
        String scalar = TextNode.valueOf(line.toString()).toString();
        return "version: 0.2\nphases:\n  build:\n    commands:\n      - " + scalar + "\n";
    }
}
