package dev.mlops.aws.internal.preflight;

import java.util.Set;

/**
 * A role a project's stack needs, and the services that must be able to assume it.
 *
 * @param purpose what it is for ({@code codePipeline}, …, see {@link dev.mlops.aws.internal.projects.ProjectRoles})
 * @param name its name
 * @param path the IAM path the stack refers to it under
 * @param trustedBy service principals, any one of which must be trusted (e.g. {@code codepipeline.amazonaws.com})
 * @param usedFor what uses it, for messages ("the pipelines")
 * @param policy the managed policy Studio's role of this purpose carries, or empty
 */
record RoleNeed(String purpose, String name, String path, Set<String> trustedBy, String usedFor, String policy) {
    RoleNeed {
        trustedBy = Set.copyOf(trustedBy);
    }
}
