package dev.mlops.aws.cfn.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.aws.cfn.SeedArchive;
import dev.mlops.template.Capability;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.RepositorySpec;
import dev.mlops.template.Template;
import dev.mlops.template.Trigger;
import java.util.ArrayList;
import java.util.List;

/**
 * The repositories of a template whose code lives on GitHub, Bitbucket or GitLab behind an AWS CodeConnections
 * (formerly CodeStar Connections) connection, as the SageMaker-provided "third-party Git repositories using
 * CodePipeline" template renders them. The repositories themselves are not made: they exist already, named by the
 * parameters {@code <Role>CodeRepositoryFullname} and {@code <Role>CodeRepositoryBranch}. The stack checks the seed in:
 *
 * <ul>
 *   <li>{@code GitSeedCodeCheckinProject}, the CodeBuild project {@code sagemaker-<name>-<id>-git-seedcodecheckin}
 *       (14 minutes), that clones the repository through the connection's Git endpoint, copies the seed archive
 *       over it and pushes one commit to the tracked branch (none when the branch holds the seed already);</li>
 *   <li>{@code GitSeedCodeCheckinProjectTriggerLambda}, the function {@code sagemaker-<id>-git-seedcodecheckin}
 *       (Python 3.12, 900 s) that starts that build for a custom resource, waits for it and answers CloudFormation
 *       with the repository's Git URL;</li>
 *   <li>one {@code AWS::CloudFormation::CustomResource} per repository,
 *       {@code SageMaker<Role>SeedCodeCheckinProjectTriggerLambdaInvoker}, with the original's properties
 *       ({@code SEEDCODE_BUCKET_NAME}, {@code SEEDCODE_BUCKET_KEY}, {@code GIT_REPOSITORY_FULL_NAME},
 *       {@code GIT_REPOSITORY_BRANCH}, {@code GIT_REPOSITORY_CONNECTION_ARN});</li>
 *   <li>one {@code AWS::SageMaker::CodeRepository} per repository, {@code sagemaker-<id>-<role>}, whose URL is the
 *       custom resource's {@code url}, so Studio lists the repository.</li>
 * </ul>
 *
 * <p>The seed archive is this SDK's (in the seed bucket, as for CodeCommit repositories), not SageMaker's
 * {@code sagemaker-servicecatalog-seedcode-<region>} bucket, and the check-in build's script and the function's code
 * are this renderer's own.
 */
public final class ThirdPartyRepositoryRenderer {
    /** The template parameter naming the connection. */
    public static final String CONNECTION_PARAMETER = "CodeConnectionArn";
    /** The seed check-in project's logical id. */
    public static final String CHECKIN_PROJECT = "GitSeedCodeCheckinProject";
    /** The function's logical id. */
    public static final String CHECKIN_FUNCTION = "GitSeedCodeCheckinProjectTriggerLambda";
    /** The custom resources' attribute holding the repository's Git URL. */
    public static final String URL_ATTRIBUTE = "url";
    /** The connection ARNs the stack accepts: CodeConnections' and CodeStar Connections' (pre-2024). */
    public static final String CONNECTION_ARN_PATTERN =
            "^arn:aws(-[a-z]+)*:(codeconnections|codestar-connections):[a-z0-9-]+:[0-9]{12}:connection/[A-Za-z0-9-]+$";

    private ThirdPartyRepositoryRenderer() {
    }

    /**
     * Whether a template's repositories are third-party.
     *
     * @param template the template
     * @return whether it has the capability {@code repositories.third-party}
     */
    public static boolean applies(Template template) {
        return template.capabilities().contains(Capability.THIRD_PARTY_REPOSITORIES);
    }

    /**
     * The logical id of a repository's seed check-in custom resource.
     *
     * @param role the repository's role
     * @return e.g. {@code SageMakerModelBuildSeedCodeCheckinProjectTriggerLambdaInvoker}
     */
    public static String invokerId(String role) {
        return "SageMaker" + Names.of(role).prefix() + "SeedCodeCheckinProjectTriggerLambdaInvoker";
    }

    /**
     * Adds the original's constraints to one of the third-party parameters: branches up to 255 characters, full names
     * up to 1024 ({@code owner/name}), the connection an ARN of CodeConnections or CodeStar Connections.
     *
     * @param template the template
     * @param name the parameter's name
     * @param definition its definition, changed in place
     */
    static void constrain(Template template, String name, ObjectNode definition) {
        if (!applies(template)) {
            return;
        }
        if (name.equals(CONNECTION_PARAMETER)) {
            definition.put("AllowedPattern", CONNECTION_ARN_PATTERN).put("ConstraintDescription",
                    "the ARN of an AWS CodeConnections (or CodeStar Connections) connection, tagged sagemaker=true");
        }
        for (RepositorySpec r : template.repositories()) {
            if (name.equals(RepositoryParameters.branch(r.role()))) {
                definition.put("MinLength", 1).put("MaxLength", 255);
            } else if (name.equals(RepositoryParameters.fullname(r.role()))) {
                definition.put("MinLength", 3).put("MaxLength", 1024).put("AllowedPattern", "^[^/\\s]+(/[^/\\s]+)+$")
                        .put("ConstraintDescription", "owner/repository, e.g. my-org/abalone-modelbuild");
            }
        }
    }

    /**
     * The problems that stop a template's third-party repositories from rendering: a repository without its
     * parameters, or a pipeline started by a commit to another pipeline's repository (a V2 pipeline's push trigger
     * watches its own source action only).
     *
     * @param template the template
     * @return one line per problem
     */
    static List<String> problems(Template template) {
        List<String> out = new ArrayList<>();
        if (!applies(template)) {
            return out;
        }
        List<String> needed = new ArrayList<>();
        boolean jenkins = JenkinsRouteRenderer.applies(template);
        // Jenkins clones the repositories itself: template G needs no connection.
        if (!template.repositories().isEmpty() && !jenkins) {
            needed.add(CONNECTION_PARAMETER);
        }
        for (RepositorySpec r : template.repositories()) {
            needed.add(RepositoryParameters.fullname(r.role()));
            needed.add(RepositoryParameters.branch(r.role()));
        }
        List<String> missing = UnsupportedParts.undeclared(template, needed);
        if (!missing.isEmpty()) {
            out.add("its third-party repositories need the template parameters " + missing + " (the connection, and each"
                    + " repository's owner/name and branch); add them as Templates.thirdPartyGitCodePipeline() does");
        }
        for (PipelineSpec p : jenkins ? List.<PipelineSpec>of() : template.pipelines()) {
            for (Trigger t : p.triggers()) {
                if (t.kind() == Trigger.Kind.COMMIT && !t.repository().orElseThrow().equals(p.sourceRepository())) {
                    out.add("pipeline " + p.role() + " starts on a commit to repository " + t.repository().get()
                            + ", which is not its source: a CodePipeline V2 push trigger watches the pipeline's own"
                            + " source action; remove the trigger or make that repository the pipeline's source");
                }
            }
        }
        return out;
    }

    /**
     * Adds the seed check-in project and function, and per repository its check-in custom resource and its
     * SageMaker code repository.
     *
     * @param ctx the project being rendered
     * @return one seed archive per repository, in the template's order
     */
    public static List<SeedArchive> render(RenderContext ctx) {
        List<SeedArchive> archives = new ArrayList<>();
        List<RepositorySpec> repos = ctx.template().repositories();
        if (repos.isEmpty()) {
            return archives;
        }
        for (RepositorySpec repo : repos) {
            archives.add(SeedArchive.of(ctx.template().id(), repo.role(), repo.branch(), repo.seed()));
        }
        checkinProject(ctx, archives.get(0));
        checkinFunction(ctx);
        for (int i = 0; i < repos.size(); i++) {
            RepositorySpec repo = repos.get(i);
            ObjectNode props = Cfn.object();
            props.set("ServiceToken", Cfn.getAtt(CHECKIN_FUNCTION, "Arn"));
            props.set("SEEDCODE_BUCKET_NAME", Cfn.ref(Names.SEED_BUCKET));
            props.put("SEEDCODE_BUCKET_KEY", archives.get(i).key());
            props.set("GIT_REPOSITORY_FULL_NAME", Cfn.ref(RepositoryParameters.fullname(repo.role())));
            props.set("GIT_REPOSITORY_BRANCH", Cfn.ref(RepositoryParameters.branch(repo.role())));
            props.set("GIT_REPOSITORY_CONNECTION_ARN", Cfn.ref(CONNECTION_PARAMETER));
            ctx.stack().resource(invokerId(repo.role()), "AWS::CloudFormation::CustomResource", props);
            ObjectNode url = Cfn.getAtt(invokerId(repo.role()), URL_ATTRIBUTE);
            SageMakerCodeRepository.render(ctx, repo, url, ctx.projectTags());
        }
        return archives;
    }

    /**
     * The source action of a pipeline over a third-party repository: {@code CodeStarSourceConnection} on the
     * connection, the repository and its branch, the output a zip of the branch's head ({@code CODE_ZIP}, the
     * provider's default, which the original leaves unset).
     *
     * @param repo the repository
     * @return the action's {@code Configuration}
     */
    static ObjectNode sourceConfiguration(RepositorySpec repo) {
        ObjectNode config = Cfn.object();
        config.set("ConnectionArn", Cfn.ref(CONNECTION_PARAMETER));
        config.set("FullRepositoryId", Cfn.ref(RepositoryParameters.fullname(repo.role())));
        config.set("BranchName", Cfn.ref(RepositoryParameters.branch(repo.role())));
        config.put("OutputArtifactFormat", "CODE_ZIP");
        return config;
    }

    /**
     * The V2 pipeline's push trigger on its source's branch: what the original's pipeline does by default
     * (CodePipeline starts a V2 pipeline on a push to the source action's branch when it has no triggers), written
     * out so the template says what starts the pipeline. Empty when the pipeline has no commit trigger, and then
     * {@code DetectChanges} is off.
     *
     * @param pipeline the pipeline
     * @param names its names
     * @param repo its source repository
     * @return the {@code Triggers}, or null when nothing starts the pipeline on a push
     */
    static ArrayNode triggers(PipelineSpec pipeline, Names names, RepositorySpec repo) {
        boolean onCommit = pipeline.triggers().stream().anyMatch(t -> t.kind() == Trigger.Kind.COMMIT);
        if (!onCommit) {
            return null;
        }
        ObjectNode branches = Cfn.object();
        branches.set("Includes", Cfn.array().add(Cfn.ref(RepositoryParameters.branch(repo.role()))));
        ObjectNode push = Cfn.object();
        push.set("Branches", branches);
        ObjectNode git = Cfn.object().put("SourceActionName", names.sourceAction());
        git.set("Push", Cfn.array().add(push));
        ObjectNode trigger = Cfn.object().put("ProviderType", "CodeStarSourceConnection");
        trigger.set("GitConfiguration", git);
        return Cfn.array().add(trigger);
    }

    private static void checkinProject(RenderContext ctx, SeedArchive first) {
        ObjectNode env = Cfn.object().put("Type", "LINUX_CONTAINER").put("ComputeType", "BUILD_GENERAL1_SMALL")
                .put("Image", BuildProjectRenderer.IMAGE);
        ArrayNode vars = Cfn.array();
        vars.add(BuildProjectRenderer.variable("SAGEMAKER_PROJECT_NAME", Cfn.ref(Names.PROJECT_NAME)));
        vars.add(BuildProjectRenderer.variable("SAGEMAKER_PROJECT_ID", Cfn.ref(Names.PROJECT_ID)));
        env.set("EnvironmentVariables", vars);
        // The function overrides the location with each repository's archive; the first one is the default.
        ObjectNode source = Cfn.object().put("Type", "S3");
        source.set("Location", Cfn.sub("${" + Names.SEED_BUCKET + "}/" + first.key()));
        source.put("BuildSpec", CHECKIN_BUILDSPEC);
        ObjectNode props = Cfn.object();
        props.set("Name", Cfn.sub(Names.PREFIX + "-git-seedcodecheckin"));
        props.put("Description", "Checks the seed code in to a third-party repository through the project's"
                + " CodeConnections connection");
        props.set("ServiceRole", ctx.roleArn(ctx.roles().codeBuild()));
        props.set("Artifacts", Cfn.object().put("Type", "NO_ARTIFACTS"));
        props.set("Environment", env);
        props.set("Source", source);
        props.put("TimeoutInMinutes", 14);
        props.set("Tags", ctx.projectTags());
        ctx.stack().resource(CHECKIN_PROJECT, "AWS::CodeBuild::Project", props);
    }

    private static void checkinFunction(RenderContext ctx) {
        ObjectNode props = Cfn.object();
        props.put("Description", "Starts the seed check-in build for a repository and answers CloudFormation with the"
                + " repository's Git URL");
        props.set("FunctionName", Cfn.sub("sagemaker-${" + Names.PROJECT_ID + "}-git-seedcodecheckin"));
        props.put("Handler", "index.handler");
        props.put("Runtime", "python3.12");
        props.put("Timeout", 900);
        props.set("Role", ctx.roleArn(ctx.roles().lambda()));
        props.set("Code", Cfn.object().put("ZipFile", CHECKIN_FUNCTION_CODE));
        ObjectNode variables = Cfn.object();
        variables.set("CHECKIN_PROJECT", Cfn.ref(CHECKIN_PROJECT));
        props.set("Environment", Cfn.object().set("Variables", variables));
        props.set("Tags", ctx.projectTags());
        ctx.stack().resource(CHECKIN_FUNCTION, "AWS::Lambda::Function", props);
    }

    /**
     * The check-in build: clone the branch through the connection's Git endpoint (CodeBuild's role signs with
     * {@code codeconnections:UseConnection}; the AWS CLI's credential helper serves the connection's git-http URLs
     * [INFERRED from the original's bootstrap, whose script is not public]), or start the branch when it does not exist,
     * copy the seed over it and push one commit unless the tree is unchanged, so a rerun commits nothing.
     */
    static final String CHECKIN_BUILDSPEC = String.join("\n",
            "version: 0.2",
            "phases:",
            "  build:",
            "    commands:",
            "      - git config --global credential.helper '!aws codecommit credential-helper $@'",
            "      - git config --global credential.UseHttpPath true",
            "      - git config --global user.name \"SageMaker project ${SAGEMAKER_PROJECT_NAME}\"",
            "      - git config --global user.email \"noreply@amazonaws.com\"",
            "      - SEED=\"$CODEBUILD_SRC_DIR\"; WORK=$(mktemp -d)",
            "      - if git ls-remote --exit-code --heads \"$GIT_REPOSITORY_URL\" \"$GIT_REPOSITORY_BRANCH\"; then"
                    + " git clone --branch \"$GIT_REPOSITORY_BRANCH\" \"$GIT_REPOSITORY_URL\" \"$WORK/repo\"; else"
                    + " git clone \"$GIT_REPOSITORY_URL\" \"$WORK/repo\" && git -C \"$WORK/repo\" checkout -B"
                    + " \"$GIT_REPOSITORY_BRANCH\"; fi",
            "      - cp -R \"$SEED\"/. \"$WORK/repo\"/",
            "      - cd \"$WORK/repo\" && git add -A",
            "      - cd \"$WORK/repo\" && if git diff --cached --quiet; then echo \"the seed code is checked in already\";"
                    + " else git commit -m \"Seed code of SageMaker project ${SAGEMAKER_PROJECT_NAME}\" && git push origin"
                    + " \"HEAD:refs/heads/$GIT_REPOSITORY_BRANCH\"; fi",
            "");

    /**
     * The function: on Create and Update it starts the check-in build with the repository's archive, URL and branch,
     * polls it every 15 s while the function has time left, and answers with the URL; on Delete it answers at once,
     * since the repositories are the customer's and stay.
     */
    static final String CHECKIN_FUNCTION_CODE = String.join("\n",
            "import os",
            "import time",
            "import boto3",
            "import cfnresponse",
            "",
            "",
            "def git_url(props):",
            "    arn = props['GIT_REPOSITORY_CONNECTION_ARN'].split(':', 5)",
            "    service, region, account, connection = arn[2], arn[3], arn[4], arn[5].split('/', 1)[1]",
            "    host = 'codestar-connections' if service == 'codestar-connections' else 'codeconnections'",
            "    return 'https://%s.%s.amazonaws.com/git-http/%s/%s/%s/%s.git' % (",
            "        host, region, account, region, connection, props['GIT_REPOSITORY_FULL_NAME'])",
            "",
            "",
            "def check_in(props, context):",
            "    codebuild = boto3.client('codebuild')",
            "    build = codebuild.start_build(",
            "        projectName=os.environ['CHECKIN_PROJECT'],",
            "        sourceTypeOverride='S3',",
            "        sourceLocationOverride=props['SEEDCODE_BUCKET_NAME'] + '/' + props['SEEDCODE_BUCKET_KEY'],",
            "        environmentVariablesOverride=[",
            "            {'name': 'GIT_REPOSITORY_URL', 'value': git_url(props), 'type': 'PLAINTEXT'},",
            "            {'name': 'GIT_REPOSITORY_BRANCH', 'value': props['GIT_REPOSITORY_BRANCH'], 'type': 'PLAINTEXT'}])",
            "    build_id = build['build']['id']",
            "    while context.get_remaining_time_in_millis() > 30000:",
            "        time.sleep(15)",
            "        status = codebuild.batch_get_builds(ids=[build_id])['builds'][0]['buildStatus']",
            "        if status != 'IN_PROGRESS':",
            "            return status",
            "    return 'TIMED_OUT'",
            "",
            "",
            "def handler(event, context):",
            "    props = event['ResourceProperties']",
            "    try:",
            "        if event['RequestType'] == 'Delete':",
            "            cfnresponse.send(event, context, cfnresponse.SUCCESS, {})",
            "            return",
            "        status = check_in(props, context)",
            "        if status == 'SUCCEEDED':",
            "            cfnresponse.send(event, context, cfnresponse.SUCCESS, {'url': git_url(props)})",
            "        else:",
            "            cfnresponse.send(event, context, cfnresponse.FAILED, {},",
            "                             reason='the seed check-in build of ' + props['GIT_REPOSITORY_FULL_NAME'] + ' ended ' + status)",
            "    except Exception as e:",
            "        cfnresponse.send(event, context, cfnresponse.FAILED, {}, reason=str(e)[:200])",
            "");
}
