package dev.mlops.jenkins.internal;

import dev.mlops.exception.UnsupportedByBackendException;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.Stage;
import dev.mlops.template.StageType;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Renders a template pipeline as a declarative Jenkinsfile: one {@code stage} per template stage in the template's
 * order; a source stage checks out the commit the orchestrator names (parameter {@code MLOPS_SOURCE_COMMIT}, else the
 * branch head); command and test stages run their command with {@code sh}; the model-build stage runs the SDK's
 * {@code dev.mlops.aws.build.RunPipeline} as the CodeBuild build spec does; an approval stage is an {@code input}
 * step whose id is the gate's name, so that its gate reference is stable. One statement per line: the test fake
 * reads the stages back from it.
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
    /** Every parameter a rendered job declares. */
    public static final List<String> PARAMETERS = List.of(EXECUTION_ID, SOURCE_COMMIT, REASON, MODEL_PACKAGE_ARN);

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
        StringBuilder b = new StringBuilder();
        b.append("// Rendered by mlops-projects for pipeline ").append(spec.role()).append(" of project ")
                .append(project.name()).append("; provisioning overwrites edits.\n");
        b.append("pipeline {\n    agent any\n    stages {\n");
        for (Stage s : spec.stages()) {
            b.append("        stage(").append(groovy(s.name())).append(") {\n            steps {\n");
            b.append("                ").append(step(project, spec, s, cloneUrl, branch, credentialsId, sdkClasspath))
                    .append('\n');
            b.append("            }\n        }\n");
        }
        b.append("    }\n}\n");
        return b.toString();
    }

    private static String step(ProjectRecord project, PipelineSpec spec, Stage s, String cloneUrl, String branch,
            String credentialsId, String sdkClasspath) {
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
        throw new UnsupportedByBackendException("jenkins", "run stage " + s.name() + " (" + t + ") of pipeline "
                + spec.role() + (t == StageType.ML_PIPELINE ? " without the SDK's jars on the Jenkins agents"
                        : " as a Jenkins step"),
                t == StageType.ML_PIPELINE ? "set Jenkins.orchestrator().sdkClasspath(\"/opt/mlops-sdk/*\") to the jars' place"
                        : "give the stage a command (Stage.command(...)), or run this pipeline on the CodePipeline or"
                                + " embedded orchestrator");
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
     * A Groovy single-quoted string (no interpolation).
     *
     * @param s the text
     * @return the literal
     */
    public static String groovy(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'";
    }
}
