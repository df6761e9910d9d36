package dev.mlops.aws.cfn.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The EventBridge resources that carry model approval decisions to a Jenkins deploy job: a connection with Basic
 * authentication (the Jenkins user and its API token), an API destination that POSTs the job's
 * {@code buildWithParameters} URL, the role that may invoke it, and rules on {@code SageMaker Model Package State
 * Change} that target it. Both routes render them: template G's project stack ({@link JenkinsRouteRenderer}, values
 * from stack parameters, under a condition) and the stand-alone {@link dev.mlops.aws.cfn.JenkinsApprovalRoute}
 * (literal values). Values are JSON so that either a literal or an intrinsic can be passed.
 */
public final class JenkinsRouteResources {
    /** The connection's logical id. */
    public static final String CONNECTION_ID = "JenkinsConnection";
    /** The API destination's logical id. */
    public static final String DESTINATION_ID = "JenkinsDeployDestination";
    /** The invoking role's logical id. */
    public static final String ROLE_ID = "JenkinsApprovalRuleRole";
    /** The approval rule's logical id. */
    public static final String RULE_ID = "ModelApprovalToJenkinsRule";

    private final StackBuilder stack;
    private final String condition;

    /**
     * Adds a route's resources to a stack.
     *
     * @param stack the stack
     * @param condition the condition every resource is made under, or null for none
     */
    public JenkinsRouteResources(StackBuilder stack, String condition) {
        this.stack = stack;
        this.condition = condition;
    }

    /**
     * Adds the connection.
     *
     * @param user the Jenkins user id
     * @param password a Secrets Manager dynamic reference to the user's API token, never the token
     * @param description the connection's description
     */
    public void connection(JsonNode user, JsonNode password, JsonNode description) {
        ObjectNode basic = Cfn.object();
        basic.set("Username", user);
        basic.set("Password", password);
        ObjectNode auth = Cfn.object();
        auth.set("BasicAuthParameters", basic);
        ObjectNode connection = Cfn.object();
        connection.set("Description", description);
        connection.put("AuthorizationType", "BASIC");
        connection.set("AuthParameters", auth);
        add(CONNECTION_ID, "AWS::Events::Connection", connection);
    }

    /**
     * Adds the API destination, through the connection.
     *
     * @param endpoint the deploy job's https {@code …/buildWithParameters} URL
     * @param description the destination's description
     */
    public void destination(JsonNode endpoint, JsonNode description) {
        ObjectNode destination = Cfn.object();
        destination.set("Description", description);
        destination.set("ConnectionArn", Cfn.getAtt(CONNECTION_ID, "Arn"));
        destination.put("HttpMethod", "POST");
        destination.set("InvocationEndpoint", endpoint);
        destination.put("InvocationRateLimitPerSecond", 1);
        add(DESTINATION_ID, "AWS::Events::ApiDestination", destination);
    }

    /**
     * Adds the role EventBridge assumes to invoke the destination, and nothing else.
     *
     * @param description the role's description
     * @param tags its tags, or null for none
     */
    public void invokingRole(JsonNode description, ArrayNode tags) {
        ObjectNode trust = Cfn.object();
        trust.put("Version", "2012-10-17");
        ObjectNode assume = Cfn.object();
        assume.put("Effect", "Allow");
        assume.set("Principal", Cfn.object().put("Service", "events.amazonaws.com"));
        assume.put("Action", "sts:AssumeRole");
        trust.set("Statement", Cfn.array().add(assume));
        ObjectNode invoke = Cfn.object();
        invoke.put("Effect", "Allow");
        invoke.put("Action", "events:InvokeApiDestination");
        invoke.set("Resource", Cfn.getAtt(DESTINATION_ID, "Arn"));
        ObjectNode doc = Cfn.object();
        doc.put("Version", "2012-10-17");
        doc.set("Statement", Cfn.array().add(invoke));
        ObjectNode policy = Cfn.object();
        policy.put("PolicyName", "invoke-jenkins-deploy");
        policy.set("PolicyDocument", doc);
        ObjectNode role = Cfn.object();
        role.set("Description", description);
        role.set("AssumeRolePolicyDocument", trust);
        role.set("Policies", Cfn.array().add(policy));
        if (tags != null) {
            role.set("Tags", tags);
        }
        add(ROLE_ID, "AWS::IAM::Role", role);
    }

    /**
     * The event pattern of a model package group's approval changes to some statuses.
     *
     * @param modelPackageGroup the group's name (a literal or an intrinsic)
     * @param statuses the {@code ModelApprovalStatus} values that match, e.g. {@code Approved}
     * @return the {@code EventPattern}
     */
    public static ObjectNode approvalPattern(JsonNode modelPackageGroup, String... statuses) {
        ObjectNode detail = Cfn.object();
        detail.set("ModelPackageGroupName", Cfn.array().add(modelPackageGroup));
        detail.set("ModelApprovalStatus", Cfn.strings(statuses));
        ObjectNode pattern = Cfn.object();
        pattern.set("source", Cfn.strings("aws.sagemaker"));
        pattern.set("detail-type", Cfn.strings("SageMaker Model Package State Change"));
        pattern.set("detail", detail);
        return pattern;
    }

    /**
     * Adds a rule that starts the deploy job through the destination, with the role, for the events a pattern matches.
     * EventBridge retries a failed delivery for an hour.
     *
     * @param id the rule's logical id
     * @param name the rule's name, or null to let CloudFormation name it
     * @param description the rule's description
     * @param pattern its {@code EventPattern}, from {@link #approvalPattern}
     * @param reason the job's {@code MLOPS_REASON}
     * @param modelPackageArn the job's {@code ModelPackageArn}: a literal, or a JSON path EventBridge fills from the
     *     event
     */
    public void rule(String id, JsonNode name, String description, ObjectNode pattern, String reason,
            String modelPackageArn) {
        ObjectNode query = Cfn.object().put("MLOPS_REASON", reason).put("ModelPackageArn", modelPackageArn);
        ObjectNode http = Cfn.object();
        http.set("QueryStringParameters", query);
        ObjectNode target = Cfn.object();
        target.put("Id", "jenkins-deploy");
        target.set("Arn", Cfn.getAtt(DESTINATION_ID, "Arn"));
        target.set("RoleArn", Cfn.getAtt(ROLE_ID, "Arn"));
        target.set("HttpParameters", http);
        ObjectNode retry = Cfn.object();
        retry.put("MaximumRetryAttempts", 10);
        retry.put("MaximumEventAgeInSeconds", 3600);
        target.set("RetryPolicy", retry);
        ObjectNode rule = Cfn.object();
        if (name != null) {
            rule.set("Name", name);
        }
        rule.put("Description", description);
        rule.set("EventPattern", pattern);
        rule.put("State", "ENABLED");
        rule.set("Targets", Cfn.array().add(target));
        add(id, "AWS::Events::Rule", rule);
    }

    private void add(String id, String type, ObjectNode properties) {
        ObjectNode resource = stack.resource(id, type, properties);
        if (condition != null) {
            resource.put("Condition", condition);
        }
    }
}
