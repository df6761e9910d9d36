package dev.mlops.aws.cfn;

import dev.mlops.exception.ValidationException;
import dev.mlops.template.Template;
import dev.mlops.template.TemplateParameter;
import java.util.Arrays;

/**
 * How the Model Monitor template's monitors run on AWS. The project stack's {@code MonitorMode} parameter holds the
 * choice and the monitor build ({@code GetBaselinesAndConfigs}) renders the monitor stacks for it:
 * <ul>
 *   <li>{@link #MODEL_MONITOR_MANAGED}: SageMaker Model Monitor schedules and job definitions running AWS's own
 *       analyzer images ({@code sagemaker-model-monitor-analyzer}, {@code sagemaker-clarify-processing}); needs an
 *       account that may use Model Monitor and a region AWS publishes the images in.</li>
 *   <li>{@link #MODEL_MONITOR_BYOC}: the same schedules and job definitions running the SDK's monitor image
 *       ({@code MonitorImageUri}, pushed to the account's ECR), which writes the same reports.</li>
 *   <li>{@link #SCHEDULED_PROCESSING}: for accounts Model Monitor is closed to: an EventBridge Scheduler schedule
 *       per monitor that starts a SageMaker Processing job with the SDK's monitor image and the inputs and
 *       environment a monitoring schedule would give it.</li>
 * </ul>
 *
 * <pre>{@code
 * Template t = MonitorMode.SCHEDULED_PROCESSING.applyTo(Templates.modelBuildTrainDeployMonitor(), imageUri);
 * }</pre>
 */
public enum MonitorMode {
    /** Model Monitor with AWS's analyzer images. */
    MODEL_MONITOR_MANAGED,
    /** Model Monitor with the SDK's monitor image. */
    MODEL_MONITOR_BYOC,
    /** EventBridge Scheduler starting Processing jobs with the SDK's monitor image. */
    SCHEDULED_PROCESSING;

    /** The project stack parameter holding the mode. */
    public static final String PARAMETER = "MonitorMode";
    /** The project stack parameter holding the SDK monitor image's URI (empty for the managed mode). */
    public static final String IMAGE_PARAMETER = "MonitorImageUri";

    /**
     * Whether this mode runs the SDK's own image, so it needs {@link #IMAGE_PARAMETER}.
     *
     * @return true for {@link #MODEL_MONITOR_BYOC} and {@link #SCHEDULED_PROCESSING}
     */
    public boolean needsImage() {
        return this != MODEL_MONITOR_MANAGED;
    }

    /**
     * Reads a mode by its name.
     *
     * @param field where the value came from, for the error
     * @param value e.g. {@code SCHEDULED_PROCESSING}
     * @return the mode
     * @throws ValidationException naming the field and the choices when it is none
     */
    public static MonitorMode parse(String field, String value) {
        for (MonitorMode m : values()) {
            if (m.name().equals(value)) {
                return m;
            }
        }
        throw new ValidationException(field, value, "one of " + Arrays.toString(values()));
    }

    /**
     * Checks that a monitor image is given when this mode needs one.
     *
     * @param field where the image came from, for the error
     * @param imageUri the image's URI, or empty
     * @return the URI, trimmed
     * @throws ValidationException naming this mode when it needs an image and none is given
     */
    public String checkImage(String field, String imageUri) {
        String image = imageUri == null ? "" : imageUri.trim();
        if (needsImage() && image.isEmpty()) {
            throw new ValidationException(field, imageUri, "the URI of the SDK's monitor image in ECR (e.g. from"
                    + " SdkImage), which " + PARAMETER + " " + name() + " runs; or choose " + MODEL_MONITOR_MANAGED
                    + " where the account can use Model Monitor");
        }
        if (!image.isEmpty() && !image.matches(dev.mlops.aws.cfn.internal.Names.ECR_IMAGE_URI)) {
            throw new ValidationException(field, imageUri, "an ECR image URI <account>.dkr.ecr.<region>.amazonaws.com/"
                    + "<repository>:<tag> or @sha256:<digest>, which SageMaker can pull");
        }
        return image;
    }

    /**
     * The template with this mode, its monitors running the SDK image that the backend puts into the account's ECR
     * when it provisions the project (the stack parameter {@code MlopsSdkImage}; see
     * {@code AwsBackend.Builder#sdkImage} to name a prebuilt one): {@link #IMAGE_PARAMETER} is left empty.
     *
     * @param template a template with the Model Monitor stages, e.g. {@code Templates.modelBuildTrainDeployMonitor()}
     * @return the template with the mode
     */
    public Template applyTo(Template template) {
        return withValues(template, "");
    }

    /**
     * The template with this mode and image as the values of its {@link #PARAMETER} and {@link #IMAGE_PARAMETER}
     * parameters (declared when the template does not declare them yet).
     *
     * @param template a template with the Model Monitor stages, e.g. {@code Templates.modelBuildTrainDeployMonitor()}
     * @param imageUri the SDK monitor image's URI; may be empty for {@link #MODEL_MONITOR_MANAGED}
     * @return the template with the values
     * @throws ValidationException if the mode needs an image and none is given
     */
    public Template applyTo(Template template, String imageUri) {
        if (template == null) {
            throw new ValidationException("MonitorMode.template", null, "a template, e.g."
                    + " Templates.modelBuildTrainDeployMonitor()");
        }
        return withValues(template, checkImage(IMAGE_PARAMETER, imageUri));
    }

    private Template withValues(Template template, String image) {
        if (template == null) {
            throw new ValidationException("MonitorMode.template", null, "a template, e.g."
                    + " Templates.modelBuildTrainDeployMonitor()");
        }
        Template.Builder b = template.toBuilder();
        if (template.parameters().stream().noneMatch(p -> p.name().equals(PARAMETER))) {
            b.addParameters(TemplateParameter.optional(PARAMETER, "How the monitors run: one of "
                    + Arrays.toString(values()), MODEL_MONITOR_MANAGED.name()));
        }
        if (template.parameters().stream().noneMatch(p -> p.name().equals(IMAGE_PARAMETER))) {
            b.addParameters(TemplateParameter.optional(IMAGE_PARAMETER, "ECR URI of the SDK's monitor image (modes "
                    + MODEL_MONITOR_BYOC + " and " + SCHEDULED_PROCESSING + ")", ""));
        }
        return b.build().withParameter(PARAMETER, name()).withParameter(IMAGE_PARAMETER, image);
    }
}
