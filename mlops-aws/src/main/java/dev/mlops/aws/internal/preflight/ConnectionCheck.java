package dev.mlops.aws.internal.preflight;

import dev.mlops.aws.PreflightProblem;
import dev.mlops.aws.PreflightProblem.Severity;
import dev.mlops.aws.cfn.internal.ThirdPartyRepositoryRenderer;
import dev.mlops.aws.internal.connections.CodeConnections;
import dev.mlops.aws.internal.connections.Connection;
import dev.mlops.exception.MlopsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks the connection a template with third-party repositories names ({@code CodeConnectionArn}): that it exists in
 * the account and region, that it is {@code AVAILABLE} (a connection made by API or CLI stays {@code PENDING} until
 * someone completes the provider's handshake in the console), and that it is tagged {@code sagemaker=true}, without
 * which the SageMaker project roles may not use it. Each problem names the connection and the fix.
 */
final class ConnectionCheck {
    static final String CHECK = "connection";
    private static final Pattern ARN = Pattern.compile(ThirdPartyRepositoryRenderer.CONNECTION_ARN_PATTERN);

    private final CodeConnections connections;
    private final String region;

    ConnectionCheck(CodeConnections connections, String region) {
        this.connections = connections;
        this.region = region;
    }

    List<PreflightProblem> check(String arn) {
        String parameter = ThirdPartyRepositoryRenderer.CONNECTION_PARAMETER;
        if (arn == null || arn.isBlank()) {
            return List.of(error(parameter, "The template's parameter " + parameter + " is empty: its third-party"
                    + " repositories are reached through a CodeConnections connection.", "Create a connection (aws"
                    + " codeconnections create-connection --provider-type GitHub --connection-name <name> --tags"
                    + " Key=sagemaker,Value=true), complete its handshake in the console, and pass its ARN with"
                    + " .parameter(\"" + parameter + "\", <arn>)"));
        }
        if (!ARN.matcher(arn).matches()) {
            return List.of(error(arn, "The " + parameter + " " + arn + " is not the ARN of a connection"
                    + " (arn:aws:codeconnections:<region>:<account>:connection/<id>).", "Copy the ARN from Developer Tools"
                    + " > Settings > Connections in the console, or from aws codeconnections list-connections"));
        }
        String arnRegion = arn.split(":")[3];
        Optional<Connection> found;
        try {
            found = connections.describe(arn);
        } catch (MlopsException e) {
            return List.of(new PreflightProblem(Severity.WARNING, CHECK, arn, "Could not check connection " + arn + ": "
                    + e.getMessage(), e.retryable() ? "Check again later (the preflight runs on every create), or lower"
                    + " the backend's CodeConnections rate limit" : "Grant codeconnections:GetConnection and"
                    + " codeconnections:ListTagsForResource to the caller so the preflight can check it"));
        }
        if (found.isEmpty()) {
            String where = arnRegion.equals(region) ? "" : " (the ARN names region " + arnRegion + ", and the project is"
                    + " created in " + region + ": a pipeline uses connections of its own region)";
            return List.of(error(arn, "Connection " + arn + " does not exist in this account and region" + where + ".",
                    "Create a connection in " + region + " (aws codeconnections create-connection --provider-type GitHub"
                            + " --connection-name <name> --tags Key=sagemaker,Value=true --region " + region
                            + "), complete its handshake in the console, and pass its ARN as " + parameter));
        }
        Connection c = found.get();
        List<PreflightProblem> out = new ArrayList<>();
        String name = c.name() == null ? arn : c.name();
        switch (String.valueOf(c.status())) {
            case "AVAILABLE":
                break;
            case "PENDING":
                out.add(error(arn, "Connection " + name + " (" + arn + ") is PENDING: the " + provider(c)
                        + " handshake was never completed, so CodePipeline cannot read the repositories.",
                        "Complete the handshake in the console: Developer Tools > Settings > Connections > " + name
                                + " > Update pending connection, and authorize the " + provider(c) + " app"));
                break;
            case "ERROR":
                out.add(error(arn, "Connection " + name + " (" + arn + ") is in ERROR: its " + provider(c)
                        + " authorization was revoked or its app uninstalled.", "Open Developer Tools > Settings >"
                        + " Connections > " + name + " in the console and update the connection to authorize it again;"
                        + " if that fails, delete it, create a new connection, tag it sagemaker=true and pass its ARN as "
                        + parameter));
                break;
            default:
                out.add(error(arn, "Connection " + name + " (" + arn + ") has status " + c.status() + ", which this SDK"
                        + " does not know; only AVAILABLE connections can be used.", "Check the connection in Developer"
                        + " Tools > Settings > Connections and wait until it is Available"));
                break;
        }
        if (!c.taggedForSageMaker()) {
            String cli = arn.split(":")[2];   // codeconnections, or codestar-connections for the older ARNs
            out.add(error(arn, "Connection " + name + " (" + arn + ") is not tagged sagemaker=true"
                    + (c.tags().containsKey(Connection.SAGEMAKER_TAG) ? " (it is sagemaker=" + c.tags().get(Connection.SAGEMAKER_TAG)
                    + ")" : "") + ": the SageMaker project roles may use only connections with that tag"
                    + " (codeconnections:UseConnection on aws:ResourceTag/sagemaker=true).",
                    "aws " + cli + " tag-resource --resource-arn " + arn + " --tags Key=sagemaker,Value=true"
                            + " --region " + arnRegion));
        }
        return out;
    }

    private static String provider(Connection c) {
        return c.providerType() == null ? "provider's" : c.providerType();
    }

    private static PreflightProblem error(String resource, String problem, String fix) {
        return new PreflightProblem(Severity.ERROR, CHECK, resource, problem, fix);
    }
}
