package dev.mlops;

/**
 * A batch of ground-truth labels for one endpoint's inferences, uploaded as one JSON Lines file in SageMaker's
 * ground-truth format ({@code {"groundTruthData":{"data":"…","encoding":"CSV"},"eventMetadata":{"eventId":"…"},
 * "eventVersion":"0"}}). A model-quality monitor merges them with captured inferences by inference id.
 *
 * <pre>{@code
 * project.monitors().groundTruth("abalone-prod").add("order-17", "9").add("order-18", "11").upload();
 * }</pre>
 */
public interface GroundTruth {

    /**
     * Adds a label.
     *
     * @param inferenceId the inference id the caller sent with the request ({@code X-Amzn-SageMaker-Inference-Id})
     * @param label the true label, as CSV text
     * @return this batch
     */
    GroundTruth add(String inferenceId, String label);

    /**
     * Labels added and not uploaded yet.
     *
     * @return the count
     */
    int size();

    /**
     * Uploads the labels added since the last upload.
     *
     * @return where they were written; empty if there was nothing to upload
     */
    String upload();
}
