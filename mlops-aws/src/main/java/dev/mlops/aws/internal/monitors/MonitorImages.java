package dev.mlops.aws.internal.monitors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.aws.cfn.MonitorMode;
import dev.mlops.exception.UnsupportedByBackendException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The images the monitor jobs run, per {@link MonitorMode}: AWS's Model Monitor analyzer
 * ({@code sagemaker-model-monitor-analyzer}) and Clarify ({@code sagemaker-clarify-processing}) images in the
 * managed mode, from the account table AWS publishes per region (kept as data in {@code monitor-images.json},
 * with its source), or the SDK's monitor image for both otherwise.
 *
 * @param analyzer the image of the data- and model-quality jobs
 * @param clarify the image of the bias and explainability jobs
 */
public record MonitorImages(String analyzer, String clarify) {
    private static final JsonNode TABLE = load();

    /**
     * The images of a mode in a region.
     *
     * @param mode the mode
     * @param region e.g. {@code us-east-1}
     * @param sdkImage the SDK monitor image's URI (checked for the modes that run it)
     * @return the images
     * @throws UnsupportedByBackendException naming the mode when AWS publishes no managed image in the region
     */
    public static MonitorImages of(MonitorMode mode, String region, String sdkImage) {
        if (mode.needsImage()) {
            String image = mode.checkImage("MONITOR_IMAGE_URI", sdkImage);
            return new MonitorImages(image, image);
        }
        return new MonitorImages(managed("analyzer", region), managed("clarify", region));
    }

    private static String managed(String which, String region) {
        JsonNode t = TABLE.get(which);
        JsonNode account = t.path("registries").get(region);
        if (account == null) {
            throw new UnsupportedByBackendException("aws", "run monitors in mode " + MonitorMode.MODEL_MONITOR_MANAGED
                    + " in region " + region + ": AWS publishes no " + t.get("repository").asText() + " image there",
                    "choose " + MonitorMode.MODEL_MONITOR_BYOC + " or " + MonitorMode.SCHEDULED_PROCESSING
                            + " with the SDK's monitor image (MonitorImageUri)");
        }
        String domain = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
        return account.asText() + ".dkr.ecr." + region + "." + domain + "/" + t.get("repository").asText() + ":"
                + t.get("tag").asText();
    }

    private static JsonNode load() {
        try (InputStream in = MonitorImages.class.getResourceAsStream("/dev/mlops/aws/monitor-images.json")) {
            if (in == null) {
                throw new IllegalStateException("dev/mlops/aws/monitor-images.json is missing from the mlops-aws jar");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("dev/mlops/aws/monitor-images.json is unreadable", e);
        }
    }
}
