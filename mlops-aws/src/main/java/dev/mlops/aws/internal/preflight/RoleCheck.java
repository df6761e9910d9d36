package dev.mlops.aws.internal.preflight;

import dev.mlops.aws.AwsService;
import dev.mlops.aws.PreflightProblem;
import dev.mlops.aws.PreflightProblem.Severity;
import dev.mlops.aws.internal.AwsCalls;
import dev.mlops.aws.internal.AwsErrors;
import dev.mlops.exception.MlopsException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.model.Role;

/**
 * Checks that a role exists at the path the stack refers to and that its trust policy lets the service that uses it
 * assume it ({@code iam:GetRole}).
 */
final class RoleCheck {
    private static final String ENABLE_PROJECTS = "or let SageMaker create Studio's project roles: SageMaker console >"
            + " Domains > your domain > App configurations > SageMaker Projects and JumpStart > Edit > Enable projects";

    private final AwsCalls calls;

    RoleCheck(AwsCalls calls) {
        this.calls = calls;
    }

    List<PreflightProblem> check(RoleNeed need) {
        Optional<Role> role;
        try {
            role = calls.call(AwsService.IAM, "read role " + need.name(), Map.of("role", need.name()), () -> {
                try {
                    return Optional.of(calls.clients().iam().getRole(r -> r.roleName(need.name())).role());
                } catch (SdkException e) {
                    if (AwsErrors.isNotFound(e)) {
                        return Optional.empty();
                    }
                    throw e;
                }
            });
        } catch (MlopsException e) {
            return List.of(new PreflightProblem(Severity.WARNING, "role", need.name(), "Could not read the role used for "
                    + need.usedFor() + ": " + e.getMessage(), "Grant iam:GetRole to the caller so the preflight can check it"));
        }
        String service = need.trustedBy().stream().sorted().findFirst().orElseThrow();
        if (role.isEmpty()) {
            String create = "aws iam create-role --role-name " + need.name() + " --path " + need.path()
                    + " --assume-role-policy-document '" + trustDocument(Set.of(service)) + "'";
            if (!need.policy().isEmpty()) {
                create += " && aws iam attach-role-policy --role-name " + need.name() + " --policy-arn arn:aws:iam::aws:policy/"
                        + (need.policy().startsWith("AmazonSageMakerFullAccess") ? "" : "service-role/") + need.policy();
            }
            return List.of(new PreflightProblem(Severity.ERROR, "role", need.name(), "The role used for " + need.usedFor()
                    + " (" + need.purpose() + ") does not exist in this account.", "Create it: " + create + "; "
                    + ENABLE_PROJECTS));
        }
        Role r = role.get();
        List<PreflightProblem> out = new java.util.ArrayList<>();
        if (!need.path().equals(r.path())) {
            out.add(new PreflightProblem(Severity.ERROR, "role", need.name(), "The role exists under path " + r.path()
                    + ", but the project stack refers to it as " + need.path() + need.name() + " (" + need.usedFor() + ").",
                    "Give the backend the role path " + r.path() + ", or create the role under " + need.path()));
        }
        Set<String> trusted;
        try {
            trusted = TrustPolicy.trustedServices(r.assumeRolePolicyDocument() == null ? "{}" : r.assumeRolePolicyDocument());
        } catch (IllegalArgumentException e) {
            trusted = Set.of();
        }
        Set<String> trusts = trusted;
        boolean ok = need.trustedBy().stream().anyMatch(s -> TrustPolicy.covers(trusts, s));
        if (!ok) {
            Set<String> fixed = new TreeSet<>(trusted);
            fixed.add(service);
            out.add(new PreflightProblem(Severity.ERROR, "role", need.name(), "The role used for " + need.usedFor()
                    + " does not trust " + String.join(" or ", new TreeSet<>(need.trustedBy())) + " (it trusts "
                    + (trusted.isEmpty() ? "no service" : String.join(", ", new TreeSet<>(trusted))) + "), so " + service
                    + " could not assume it and the stack would fail half-made.",
                    "aws iam update-assume-role-policy --role-name " + need.name() + " --policy-document '"
                            + trustDocument(fixed) + "' (this document names services only: keep any other"
                            + " principal the role's current trust policy has)"));
        }
        return out;
    }

    /** A trust policy letting the services assume a role. */
    static String trustDocument(Set<String> services) {
        StringBuilder sb = new StringBuilder("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"Service\":[");
        String sep = "";
        for (String s : new TreeSet<>(services)) {
            sb.append(sep).append('"').append(s).append('"');
            sep = ",";
        }
        return sb.append("]},\"Action\":\"sts:AssumeRole\"}]}").toString();
    }
}
