package dev.mlops.aws.cfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.mlops.aws.cfn.internal.CanonicalJson;
import dev.mlops.aws.cfn.internal.Cfn;
import dev.mlops.aws.cfn.internal.JenkinsRouteResources;
import dev.mlops.aws.cfn.internal.StackBuilder;
import dev.mlops.exception.ValidationException;
import java.net.URI;

/**
 * The stack that carries a model registry's approval decisions to a Jenkins deploy job, with no manual set-up (the
 * original Jenkins template leaves this stack to the user): an EventBridge rule on {@code SageMaker Model Package
 * State Change} for the project's model package group and the statuses {@code Approved} and {@code Rejected}, whose
 * target is an API destination that POSTs the deploy job's {@code buildWithParameters} URL through a connection with
 * Basic authentication (the Jenkins user and its API token), and the role the rule invokes it with.
 *
 * <p>The API token is never in the template: the connection's password is a dynamic reference to a Secrets Manager
 * secret that holds it, resolved by CloudFormation when it deploys the stack (EventBridge then keeps it in a secret
 * of its own). No CSRF crumb is needed: Jenkins 2.96 weekly / 2.107 LTS and later accept a POST with Basic
 * authentication by an API token without one (JENKINS-22474). The request carries the fixed parameters
 * {@code MLOPS_REASON} and an empty {@code ModelPackageArn}, so that the deploy job deploys the newest approved version
 * as the originals' deploy pipeline does (a rejection thus redeploys the newest approved one); a delivery EventBridge
 * repeats starts one more such build, which deploys the same version again.
 *
 * <pre>{@code
 * JenkinsApprovalRoute route = JenkinsApprovalRoute.builder()
 *     .projectName("churn")
 *     .modelPackageGroup("churn-p-abc123")
 *     .triggerUrl(URI.create("https://jenkins.example.com/job/ml/job/churn-p-abc123/job/modeldeploy/buildWithParameters"))
 *     .jenkinsUser("mlops-bot")
 *     .apiTokenSecretArn("arn:aws:secretsmanager:eu-west-1:111122223333:secret:jenkins-token-AbCdEf")
 *     .build();
 * String json = route.templateJson();
 * }</pre>
 */
public final class JenkinsApprovalRoute {
    private final String projectName;
    private final String templateJson;

    private JenkinsApprovalRoute(Builder b) {
        this.projectName = b.projectName;
        this.templateJson = CanonicalJson.write(render(b));
    }

    /**
     * Starts a route.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The stack's name for a project.
     *
     * @param projectId the project's id
     * @return {@code sagemaker-<name>-<id>-jenkins-approvals}
     */
    public String stackName(String projectId) {
        return "sagemaker-" + projectName + "-" + projectId + "-jenkins-approvals";
    }

    /**
     * The template's canonical text.
     *
     * @return the JSON
     */
    public String templateJson() {
        return templateJson;
    }

    private static ObjectNode render(Builder b) {
        StackBuilder stack = new StackBuilder("mlops-projects: model approvals of " + b.modelPackageGroup
                + " start the Jenkins deploy job of project " + b.projectName);
        JenkinsRouteResources route = new JenkinsRouteResources(stack, null);
        // A dynamic reference: CloudFormation reads the token when it deploys; the template never holds it.
        route.connection(text(b.jenkinsUser), text("{{resolve:secretsmanager:" + b.apiTokenSecretArn + "}}"),
                text("Basic authentication of the Jenkins user " + b.jenkinsUser + " with its API token, for project "
                        + b.projectName));
        route.destination(text(b.triggerUrl.toString()),
                text("The deploy job of project " + b.projectName + " (buildWithParameters)"));
        route.invokingRole(text("Lets the approval rule of project " + b.projectName + " call the Jenkins deploy job"),
                null);
        // EventBridge takes no empty value: the job deploys the latest approved version (BuildDeployment's default).
        route.rule(JenkinsRouteResources.RULE_ID, null, "Starts the Jenkins deploy job of project " + b.projectName
                        + " when a model version of its group is approved or rejected",
                JenkinsRouteResources.approvalPattern(text(b.modelPackageGroup), "Approved", "Rejected"),
                "model approval change in " + b.modelPackageGroup, "latest-approved");

        ObjectNode template = stack.build();
        ObjectNode outputs = Cfn.object();
        ObjectNode ruleArn = Cfn.object();
        ruleArn.set("Value", Cfn.getAtt(JenkinsRouteResources.RULE_ID, "Arn"));
        outputs.set("ApprovalRuleArn", ruleArn);
        template.set("Outputs", outputs);
        return template;
    }

    private static JsonNode text(String value) {
        return TextNode.valueOf(value);
    }

    /**
     * Names the project; the template holds no secret, but there is no need to print it.
     *
     * @return e.g. {@code JenkinsApprovalRoute[churn]}
     */
    @Override
    public String toString() {
        return "JenkinsApprovalRoute[" + projectName + "]";
    }

    /** Builds a {@link JenkinsApprovalRoute}; {@link #build()} validates. */
    public static final class Builder {
        private String projectName;
        private String modelPackageGroup;
        private URI triggerUrl;
        private String jenkinsUser;
        private String apiTokenSecretArn;

        private Builder() {
        }

        /**
         * Sets the project's name.
         *
         * @param projectName the name
         * @return this builder
         */
        public Builder projectName(String projectName) {
            this.projectName = projectName;
            return this;
        }

        /**
         * Sets the model package group whose approvals are routed.
         *
         * @param modelPackageGroup the group's name
         * @return this builder
         */
        public Builder modelPackageGroup(String modelPackageGroup) {
            this.modelPackageGroup = modelPackageGroup;
            return this;
        }

        /**
         * Sets the deploy job's trigger URL ({@code JenkinsOrchestrator.triggerUrl(project, pipeline)}).
         *
         * @param triggerUrl an https URL ending in {@code /buildWithParameters}
         * @return this builder
         */
        public Builder triggerUrl(URI triggerUrl) {
            this.triggerUrl = triggerUrl;
            return this;
        }

        /**
         * Sets the Jenkins user whose API token the connection sends.
         *
         * @param jenkinsUser the user id
         * @return this builder
         */
        public Builder jenkinsUser(String jenkinsUser) {
            this.jenkinsUser = jenkinsUser;
            return this;
        }

        /**
         * Sets the Secrets Manager secret whose plain-text value is the user's API token.
         *
         * @param apiTokenSecretArn the secret's ARN
         * @return this builder
         */
        public Builder apiTokenSecretArn(String apiTokenSecretArn) {
            this.apiTokenSecretArn = apiTokenSecretArn;
            return this;
        }

        /**
         * Renders the route.
         *
         * @return the route
         * @throws ValidationException naming the setting that is missing or wrong
         */
        public JenkinsApprovalRoute build() {
            if (projectName == null || !projectName.matches("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}")) {
                throw new ValidationException("JenkinsApprovalRoute.projectName", projectName, "a project name");
            }
            if (modelPackageGroup == null || !modelPackageGroup.matches("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}")) {
                throw new ValidationException("JenkinsApprovalRoute.modelPackageGroup", modelPackageGroup,
                        "a model package group name");
            }
            // EventBridge calls only public https endpoints with publicly trusted certificates.
            if (triggerUrl == null || !"https".equals(triggerUrl.getScheme()) || triggerUrl.getHost() == null
                    || !triggerUrl.getPath().endsWith("/buildWithParameters") || triggerUrl.getRawQuery() != null) {
                throw new ValidationException("JenkinsApprovalRoute.triggerUrl", triggerUrl,
                        "the deploy job's https …/buildWithParameters URL, without a query");
            }
            if (jenkinsUser == null || jenkinsUser.isBlank() || jenkinsUser.contains(":")) {
                throw new ValidationException("JenkinsApprovalRoute.jenkinsUser", jenkinsUser,
                        "a Jenkins user id without ':'");
            }
            if (apiTokenSecretArn == null || !apiTokenSecretArn.matches("arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[A-Za-z0-9/_+=.@-]+")) {
                // Not the value itself: a token passed here by mistake must not reach a message.
                throw new ValidationException("JenkinsApprovalRoute.apiTokenSecretArn",
                        apiTokenSecretArn == null ? null : "(" + apiTokenSecretArn.length() + " characters)",
                        "the ARN of a Secrets Manager secret holding the API token (never the token itself)");
            }
            return new JenkinsApprovalRoute(this);
        }
    }
}
