package dev.mlops.jenkins.internal;

import dev.mlops.jenkins.ScmJenkinsfile;
import dev.mlops.jenkins.PipelineJobSpec;
import java.util.Map;

/** Renders the {@code config.xml} documents Jenkins takes for folders and pipeline jobs. */
public final class ConfigXml {
    /** The {@code _class} Jenkins reports for a folder (cloudbees-folder plugin). */
    public static final String FOLDER_CLASS = "com.cloudbees.hudson.plugins.folder.Folder";
    /** The {@code _class} Jenkins reports for a pipeline job (workflow-job plugin). */
    public static final String PIPELINE_CLASS = "org.jenkinsci.plugins.workflow.job.WorkflowJob";

    private ConfigXml() {
    }

    /**
     * A folder's configuration.
     *
     * @param description the folder's description
     * @return the XML
     */
    public static String folder(String description) {
        return "<?xml version='1.1' encoding='UTF-8'?>\n"
                + "<com.cloudbees.hudson.plugins.folder.Folder plugin=\"cloudbees-folder\">\n"
                + "  <description>" + escape(description) + "</description>\n"
                + "  <properties/>\n  <folderViews/>\n  <healthMetrics/>\n"
                + "</com.cloudbees.hudson.plugins.folder.Folder>\n";
    }

    /**
     * A pipeline job's configuration with an inline script.
     *
     * @param spec the job
     * @return the XML
     */
    public static String pipeline(PipelineJobSpec spec) {
        StringBuilder b = new StringBuilder("<?xml version='1.1' encoding='UTF-8'?>\n")
                .append("<flow-definition plugin=\"workflow-job\">\n")
                .append("  <description>").append(escape(spec.description())).append("</description>\n")
                .append("  <keepDependencies>false</keepDependencies>\n");
        if (spec.parameters().isEmpty()) {
            b.append("  <properties/>\n");
        } else {
            b.append("  <properties>\n    <hudson.model.ParametersDefinitionProperty>\n      <parameterDefinitions>\n");
            for (Map.Entry<String, String> p : spec.parameters().entrySet()) {
                b.append("        <hudson.model.StringParameterDefinition><name>").append(escape(p.getKey()))
                        .append("</name><defaultValue>").append(escape(p.getValue()))
                        .append("</defaultValue><trim>false</trim></hudson.model.StringParameterDefinition>\n");
            }
            b.append("      </parameterDefinitions>\n    </hudson.model.ParametersDefinitionProperty>\n  </properties>\n");
        }
        if (spec.scm() != null) {
            ScmJenkinsfile scm = spec.scm();
            b.append("  <definition class=\"org.jenkinsci.plugins.workflow.cps.CpsScmFlowDefinition\" plugin=\"workflow-cps\">\n")
                    .append("    <scm class=\"hudson.plugins.git.GitSCM\" plugin=\"git\">\n")
                    .append("      <configVersion>2</configVersion>\n")
                    .append("      <userRemoteConfigs><hudson.plugins.git.UserRemoteConfig><url>").append(escape(scm.cloneUrl()))
                    .append("</url>");
            if (!scm.credentialsId().isEmpty()) {
                b.append("<credentialsId>").append(escape(scm.credentialsId())).append("</credentialsId>");
            }
            b.append("</hudson.plugins.git.UserRemoteConfig></userRemoteConfigs>\n")
                    .append("      <branches><hudson.plugins.git.BranchSpec><name>*/").append(escape(scm.branch()))
                    .append("</name></hudson.plugins.git.BranchSpec></branches>\n")
                    .append("      <doGenerateSubmoduleConfigurations>false</doGenerateSubmoduleConfigurations>\n")
                    .append("      <submoduleCfg class=\"empty-list\"/>\n      <extensions/>\n    </scm>\n")
                    .append("    <scriptPath>").append(escape(scm.scriptPath())).append("</scriptPath>\n")
                    .append("    <lightweight>true</lightweight>\n")
                    .append("  </definition>\n  <triggers/>\n  <disabled>false</disabled>\n</flow-definition>\n");
            return b.toString();
        }
        // Escaped text rather than CDATA: a script containing "]]>" would end a CDATA section early.
        b.append("  <definition class=\"org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition\" plugin=\"workflow-cps\">\n")
                .append("    <script>").append(escape(spec.script())).append("</script>\n")
                .append("    <sandbox>").append(spec.sandbox()).append("</sandbox>\n")
                .append("  </definition>\n  <triggers/>\n  <disabled>false</disabled>\n</flow-definition>\n");
        return b.toString();
    }

    /**
     * Whether two {@code config.xml} documents say the same, ignoring the XML declaration, blank space between
     * elements and the {@code @version} suffixes Jenkins adds to {@code plugin} attributes when it saves.
     *
     * @param stored what Jenkins holds
     * @param wanted what this client renders
     * @return {@code true} if an update would change nothing
     */
    public static boolean sameDefinition(String stored, String wanted) {
        return normal(stored).equals(normal(wanted));
    }

    private static String normal(String xml) {
        return xml == null ? "" : xml.replaceFirst("^<\\?xml[^>]*\\?>", "").replaceAll("plugin=\"([^\"@]+)@[^\"]*\"", "plugin=\"$1\"")
                .replaceAll(">\\s+<", "><")
                // Jenkins' XStream writes quotes as it likes; both spellings are the same text.
                .replace("&apos;", "'").replace("&quot;", "\"").replace("&#39;", "'").trim();
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
