package dev.mlops.aws.cfn.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.template.Capability;
import dev.mlops.template.RepositorySpec;
import dev.mlops.template.Template;
import java.util.ArrayList;
import java.util.List;

/**
 * The Jenkins parts of template G's project stack ("third-party Git repositories using Jenkins"): a SageMaker code
 * repository per repository (as the original, from its {@code <Role>CodeRepositoryUrl}), and what replaces the
 * original's hand-deployed model-registry rule: an EventBridge connection (basic authentication with the Jenkins
 * user's API token, read from Secrets Manager when the stack deploys), an API destination on the deploy job's
 * {@code buildWithParameters}, a role that may invoke it, and the rule that sends approved and rejected versions of
 * the project's group there. The route is made when {@code JenkinsUrl} is given; the trigger URL is
 * {@code <JenkinsUrl>job/<name>-<id>/job/<deploy role>/buildWithParameters}, the job the Jenkins orchestrator makes.
 */
public final class JenkinsRouteRenderer {
    /** The parameter naming the Jenkins folder URL the project folders go in (ends with '/'). */
    public static final String URL_PARAMETER = "JenkinsUrl";
    /** The parameter naming the Jenkins user the route authenticates as. */
    public static final String USER_PARAMETER = "JenkinsUser";
    /** The parameter naming the Secrets Manager secret that holds the user's API token. */
    public static final String TOKEN_PARAMETER = "JenkinsApiTokenSecretArn";
    /** Pattern of the Jenkins URL: https (EventBridge calls only https endpoints), ending with '/'. */
    public static final String URL_PATTERN = "^(https://[^\\s?#]+/)?$";
    /** Pattern of the token's secret ARN. */
    public static final String SECRET_PATTERN = "^(arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]+)?$";
    /** The condition under which the route is made. */
    public static final String ROUTE_CONDITION = "RouteApprovalsToJenkins";
    /** The rejection rule's logical id. */
    public static final String REJECTION_RULE_ID = "ModelRejectionToJenkinsRule";

    /** What the route passes as the deploy job's {@code ModelPackageArn}: BuildDeployment's latest approved. */
    public static final String LATEST_APPROVED = "latest-approved";

    private JenkinsRouteRenderer() {
    }

    /**
     * Whether a template's pipelines run on Jenkins.
     *
     * @param template the template
     * @return whether it has {@link Capability#JENKINS}
     */
    public static boolean applies(Template template) {
        return template.capabilities().contains(Capability.JENKINS);
    }

    private static String urlCondition(String role) {
        return Names.of(role).prefix() + "CodeRepositoryUrlGiven";
    }

    static List<String> problems(Template template) {
        List<String> out = new ArrayList<>();
        if (!applies(template)) {
            return out;
        }
        List<String> needed = new ArrayList<>(List.of(URL_PARAMETER, USER_PARAMETER, TOKEN_PARAMETER));
        template.repositories().forEach(r -> needed.add(RepositoryParameters.url(r.role())));
        List<String> missing = UnsupportedParts.undeclared(template, needed);
        if (!missing.isEmpty()) {
            out.add("its Jenkins pipelines need the template parameters " + missing + " (the Jenkins folder URL, user"
                    + " and token secret of the approval route, and each repository's URL); add them as"
                    + " Templates.thirdPartyGitJenkins() does");
        }
        return out;
    }

    static void constrain(Template template, String name, ObjectNode definition) {
        if (!applies(template)) {
            return;
        }
        if (name.equals(URL_PARAMETER)) {
            definition.put("AllowedPattern", URL_PATTERN).put("ConstraintDescription",
                    "empty, or the https URL of the Jenkins folder the projects' folders are in, ending with '/'");
        } else if (name.equals(TOKEN_PARAMETER)) {
            definition.put("AllowedPattern", SECRET_PATTERN).put("ConstraintDescription",
                    "empty, or the ARN of the Secrets Manager secret holding the Jenkins user's API token");
        } else if (name.equals(USER_PARAMETER)) {
            definition.put("AllowedPattern", "^[^:]*$").put("ConstraintDescription", "a Jenkins user id without ':'");
        }
    }

    /**
     * Renders the code repositories and the approval route.
     *
     * @param ctx the project being rendered
     */
    static void render(RenderContext ctx) {
        Template template = ctx.template();
        for (RepositorySpec repo : template.repositories()) {
            String condition = urlCondition(repo.role());
            ctx.stack().condition(condition, not(Cfn.equalsParameter(RepositoryParameters.url(repo.role()), "")));
            ObjectNode url = Cfn.ref(RepositoryParameters.url(repo.role()));
            ArrayNode tags = ctx.projectTags();
            tags.add(Cfn.tag("mlops:git-repository", Cfn.ref(RepositoryParameters.fullname(repo.role()))));
            SageMakerCodeRepository.render(ctx, repo, url, tags).put("Condition", condition);
        }
        String deploy = template.pipelines().stream()
                .filter(p -> p.triggers().stream().anyMatch(t -> t.kind() == dev.mlops.template.Trigger.Kind.MODEL_APPROVAL_CHANGE))
                .map(p -> p.role()).findFirst().orElse(null);
        if (deploy == null) {
            return;
        }
        ctx.stack().condition(ROUTE_CONDITION, not(Cfn.equalsParameter(URL_PARAMETER, "")));
        JenkinsRouteResources route = new JenkinsRouteResources(ctx.stack(), ROUTE_CONDITION);
        // A dynamic reference: CloudFormation reads the token when it deploys; the template never holds it.
        route.connection(Cfn.ref(USER_PARAMETER), Cfn.sub("{{resolve:secretsmanager:${" + TOKEN_PARAMETER + "}}}"),
                Cfn.sub("Basic authentication of the Jenkins user ${" + USER_PARAMETER
                        + "} with its API token, for project ${" + Names.PROJECT_NAME + "}"));
        route.destination(Cfn.sub("${" + URL_PARAMETER + "}job/${" + Names.PROJECT_NAME + "}-${" + Names.PROJECT_ID
                        + "}/job/" + deploy + "/buildWithParameters"),
                Cfn.sub("The " + deploy + " job of project ${" + Names.PROJECT_NAME + "} (buildWithParameters)"));
        route.invokingRole(Cfn.sub("Lets the approval rule of project ${" + Names.PROJECT_NAME
                + "} call the Jenkins deploy job"), ctx.projectTags());

        // Approved: the job deploys that version (its gate then names it); the JSON path is filled from the event by
        // EventBridge (a dynamic query string value). Rejected: the job redeploys the latest approved version, the
        // original rule's implicit rollback.
        rule(ctx, route, JenkinsRouteResources.RULE_ID, "model-jenkins", "Approved", "$.detail.ModelPackageArn",
                "Starts the Jenkins deploy job with the version approved in the project's model package group");
        rule(ctx, route, REJECTION_RULE_ID, "model-rejected-jenkins", "Rejected", LATEST_APPROVED,
                "Starts the Jenkins deploy job with the latest approved version when a version is rejected");
    }

    private static void rule(RenderContext ctx, JenkinsRouteResources route, String id, String suffix, String status,
            String version, String description) {
        route.rule(id, Cfn.sub("sagemaker-${" + Names.PROJECT_NAME + "}-${" + Names.PROJECT_ID + "}-" + suffix),
                description, JenkinsRouteResources.approvalPattern(ctx.modelPackageGroup(), status),
                "model approval change", version);
    }

    private static ObjectNode not(ObjectNode condition) {
        ObjectNode n = Cfn.object();
        n.set("Fn::Not", Cfn.array().add(condition));
        return n;
    }
}
