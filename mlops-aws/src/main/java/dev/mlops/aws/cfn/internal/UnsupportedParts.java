package dev.mlops.aws.cfn.internal;

import dev.mlops.template.ApprovalGate;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.Stage;
import dev.mlops.template.Template;
import java.util.ArrayList;
import java.util.List;

/**
 * What of a template this release cannot render to CloudFormation, one line per part:
 * Jenkins, third-party repositories without their parameters or with a trigger a V2 pipeline cannot express, and
 * approval gates that CodePipeline cannot express. The renderer refuses a template with any of these rather than leave them out silently.
 */
public final class UnsupportedParts {
    /** How every line about a feature of the next release ends. */
    public static final String NEXT_RELEASE = "comes in the next release";

    private UnsupportedParts() {
    }

    /**
     * The parts of a template the renderer cannot render.
     *
     * @param template the template
     * @return one line per part, in template order; empty when the whole template renders
     */
    public static List<String> find(Template template) {
        List<String> out = new ArrayList<>();
        out.addAll(ThirdPartyRepositoryRenderer.problems(template));
        out.addAll(JenkinsRouteRenderer.problems(template));
        for (PipelineSpec p : template.pipelines()) {
            for (Stage s : p.stages()) {
                String where = "stage " + s.name() + " (" + s.type() + ") of pipeline " + p.role();
                switch (s.type()) {
                    case APPROVAL:
                        ApprovalGate gate = s.gate().orElseThrow();
                        if (!gate.approvers().isEmpty()) {
                            out.add(where + ": approvers " + gate.approvers() + " cannot be set on a CodePipeline"
                                    + " manual approval, where IAM decides who may approve; grant"
                                    + " codepipeline:PutApprovalResult to them instead and remove the approvers");
                        }
                        if (gate.timeout().isPresent()) {
                            out.add(where + ": timeout " + gate.timeout().get() + " cannot be set on a CodePipeline"
                                    + " manual approval, which always expires after 7 days; remove the timeout");
                        }
                        break;
                    default:
                        break;
                }
            }
        }
        return out;
    }

    /**
     * The parameters among those a part needs that a template does not declare, for the part's problem line.
     *
     * @param template the template
     * @param needed the parameters' names, in the order the line names them
     * @return those the template lacks, in that order
     */
    static List<String> undeclared(Template template, List<String> needed) {
        List<String> declared = template.parameters().stream().map(p -> p.name()).toList();
        return needed.stream().filter(name -> !declared.contains(name)).toList();
    }
}
