package dev.mlops.jenkins;

import dev.mlops.exception.ValidationException;

/**
 * Where a pipeline job reads its Jenkinsfile from a Git repository (Jenkins' {@code CpsScmFlowDefinition} with the
 * git plugin's {@code GitSCM}).
 *
 * @param cloneUrl the repository's clone URL
 * @param branch the branch, e.g. {@code main}
 * @param credentialsId the id of the Jenkins credentials that can read the repository; empty for a public one
 * @param scriptPath the Jenkinsfile's path in the repository
 */
public record ScmJenkinsfile(String cloneUrl, String branch, String credentialsId, String scriptPath) {
    /**
     * Checks the fields; a blank URL or branch, a credentials id with other characters than letters, digits and
     * {@code . _ -}, or an absolute or escaping script path is a {@link ValidationException} naming the field.
     *
     * @param cloneUrl the repository's clone URL
     * @param branch the branch, e.g. {@code main}
     * @param credentialsId the id of the Jenkins credentials that can read the repository; empty for a public one
     * @param scriptPath the Jenkinsfile's path in the repository
     */
    public ScmJenkinsfile {
        if (cloneUrl == null || cloneUrl.isBlank()) {
            throw new ValidationException("ScmJenkinsfile.cloneUrl", cloneUrl, "a Git clone URL");
        }
        if (branch == null || branch.isBlank()) {
            throw new ValidationException("ScmJenkinsfile.branch", branch, "a branch name");
        }
        credentialsId = credentialsId == null ? "" : credentialsId;
        if (!credentialsId.matches("[A-Za-z0-9._-]{0,128}")) {
            throw new ValidationException("ScmJenkinsfile.credentialsId", credentialsId,
                    "a Jenkins credentials id: letters, digits and . _ -");
        }
        if (scriptPath == null || scriptPath.isBlank() || scriptPath.startsWith("/") || scriptPath.contains("..")) {
            throw new ValidationException("ScmJenkinsfile.scriptPath", scriptPath,
                    "a relative path in the repository, e.g. Jenkinsfile");
        }
    }
}
