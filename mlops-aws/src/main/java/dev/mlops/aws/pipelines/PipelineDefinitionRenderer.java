package dev.mlops.aws.pipelines;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.aws.cfn.internal.CanonicalJson;
import dev.mlops.aws.pipelines.internal.Expressions;
import dev.mlops.aws.pipelines.internal.StepRenderer;
import dev.mlops.exception.ValidationException;
import dev.mlops.pipeline.MlPipeline;
import dev.mlops.pipeline.Parameter;
import dev.mlops.pipeline.Step;
import java.util.Objects;

/**
 * Renders an {@link MlPipeline} to a SageMaker Pipelines definition (schema version {@code 2020-12-01}), the JSON
 * {@code CreatePipeline} and {@code UpdatePipeline} take as {@code PipelineDefinition}. The shapes are the SageMaker
 * Python SDK's: parameters as {@code {"Get": "Parameters.<name>"}}, step outputs as the {@code Get} of the producing
 * step's property, property files read with {@code Std:JsonGet}, S3 URIs built with {@code Std:Join}; each step's
 * {@code Arguments} is the request of the API it calls ({@code CreateProcessingJob}, {@code CreateTrainingJob},
 * {@code CreateModelPackage}) without the job's name.
 *
 * <ul>
 *   <li>A processing step without an image of its own runs in {@link PipelineTarget#sdkImageUri()} with the entry
 *   point {@link dev.mlops.pipeline.ProcessingStep#SDK_ENTRY_POINT} plus its script's class, and gets one more input,
 *   {@code code}, the jar at {@link PipelineTarget#codeUri()}. Outputs without a destination go where the SDK puts
 *   them: {@code s3://<bucket>/<pipeline>/<execution id>/<step>/output/<output>}.</li>
 *   <li>A training step runs its built-in algorithm's regional image, and writes under
 *   {@code s3://<bucket>/<base job prefix>/<step>} as the original seed does.</li>
 *   <li>A register step's containers are the built-in algorithms' images with their artifacts; a {@code preprocessor}
 *   container is recorded in {@code CustomerMetadataProperties} as {@code container:<n>:preprocessor}, the AWS
 *   model registry's convention for containers outside the inference specification, beside the lineage keys
 *   {@code lineage:pipeline} and {@code lineage:pipelineExecution}.</li>
 * </ul>
 *
 * <p>The output is canonical (keys sorted at every level, two-space indentation, a final line break): the same
 * pipeline and target always render to the same bytes.
 *
 * <pre>{@code
 * String definition = PipelineDefinitionRenderer.of(target).render(pipeline);
 * }</pre>
 */
public final class PipelineDefinitionRenderer {
    /** The definition's schema version. */
    public static final String VERSION = "2020-12-01";

    private final PipelineTarget target;

    private PipelineDefinitionRenderer(PipelineTarget target) {
        this.target = target;
    }

    /**
     * A renderer for a target.
     *
     * @param target where the definition runs
     * @return the renderer
     */
    public static PipelineDefinitionRenderer of(PipelineTarget target) {
        return new PipelineDefinitionRenderer(Objects.requireNonNull(target, "target"));
    }

    /**
     * Renders a pipeline.
     *
     * @param pipeline the pipeline, as its factory built it
     * @return the definition's canonical JSON text
     * @throws ValidationException if the pipeline holds something SageMaker cannot run here (an input that is no S3
     *     URI, a built-in algorithm's version or region that AWS does not publish, a container it cannot serve),
     *     naming the step and field
     */
    public String render(MlPipeline pipeline) {
        Objects.requireNonNull(pipeline, "pipeline");
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("Version", VERSION);
        root.putObject("Metadata");
        ArrayNode params = root.putArray("Parameters");
        for (Parameter p : pipeline.parameters()) {
            ObjectNode n = params.addObject();
            n.put("Name", p.name());
            n.put("Type", p.type().name());
            n.set("DefaultValue", Expressions.defaultOf(p));
        }
        // No PipelineExperimentConfig: the SDK adds one by default, but the published definition schema has no
        // such member, and without it SageMaker simply records no experiment.
        StepRenderer steps = new StepRenderer(pipeline, target);
        ArrayNode out = root.putArray("Steps");
        for (Step s : pipeline.steps()) {
            out.add(s.accept(steps));
        }
        return CanonicalJson.write(root);
    }

    @Override
    public String toString() {
        return "PipelineDefinitionRenderer{" + target.region() + ", " + target.modelPackageGroupName() + "}";
    }
}
