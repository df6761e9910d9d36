package dev.mlops.container;

import dev.mlops.pipeline.ml.FeatureTransform;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A temporary {@code /opt/ml} laid out as SageMaker lays it out for a monitoring or Clarify processing job: the
 * endpoint's captures under {@code processing/input/endpoint/{endpoint}/{variant}/yyyy/mm/dd/hh/mm-ss-SSS-uuid.jsonl}
 * (Data Capture's file names), ground truth under {@code processing/groundtruth/yyyy/mm/dd/hh/}, the baselines under
 * {@code processing/baseline/stats} and {@code processing/baseline/constraints}, Clarify's config under
 * {@code processing/input/config}, its dataset under {@code processing/input/data}, the report to
 * {@code processing/resultdata}. The data are the abalone rows shipped with the seed.
 */
final class ProcessingLayout {
    static final String ENDPOINT = "abalone-staging";
    static final String VARIANT = "AllTraffic";
    static final String SCHEDULE = "abalone-staging-schedule";
    static final List<String> FEATURES = List.of("sex", "length", "diameter", "height", "whole_weight",
            "shucked_weight", "viscera_weight", "shell_weight");
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy/MM/dd/HH").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FILE = DateTimeFormatter.ofPattern("mm-ss-SSS").withZone(ZoneOffset.UTC);

    final Path root;

    ProcessingLayout(Path root) {
        this.root = root;
    }

    /** The abalone rows: sex, seven measurements, rings. */
    static List<String[]> abalone() {
        try (InputStream in = ProcessingLayout.class.getResourceAsStream("/dev/mlops/seed/data/abalone.csv")) {
            List<String[]> rows = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    rows.add(line.strip().split(","));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String features(String[] row) {
        return String.join(",", Arrays.copyOf(row, 8));
    }

    Path path(String relative) {
        return root.resolve(relative);
    }

    Path write(String relative, String text) throws IOException {
        Path p = path(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    /** One capture file of the hour of {@code time}, named as Data Capture names them. */
    Path captureFile(Instant time, List<String> lines) throws IOException {
        String name = FILE.format(time) + "-" + UUID.nameUUIDFromBytes(time.toString().getBytes()) + ".jsonl";
        return write("processing/input/endpoint/" + ENDPOINT + "/" + VARIANT + "/" + HOUR.format(time) + "/" + name,
                String.join("\n", lines) + "\n");
    }

    /** A Data Capture line: CSV request and response, SageMaker's key order. */
    static String captureLine(String input, String output, String eventId, String inferenceId, Instant time) {
        return "{\"captureData\":{\"endpointInput\":{\"observedContentType\":\"text/csv\",\"mode\":\"INPUT\",\"data\":\""
                + input + "\",\"encoding\":\"CSV\"},\"endpointOutput\":{\"observedContentType\":\"text/csv; charset=utf-8\","
                + "\"mode\":\"OUTPUT\",\"data\":\"" + output + "\",\"encoding\":\"CSV\"}},\"eventMetadata\":{\"eventId\":\""
                + eventId + "\"" + (inferenceId != null ? ",\"inferenceId\":\"" + inferenceId + "\"" : "")
                + ",\"inferenceTime\":\"" + time + "\"},\"eventVersion\":\"0\"}";
    }

    static String groundTruthLine(String label, String eventId) {
        return "{\"groundTruthData\":{\"data\":\"" + label + "\",\"encoding\":\"CSV\"},\"eventMetadata\":{\"eventId\":\""
                + eventId + "\"},\"eventVersion\":\"0\"}";
    }

    Path groundTruthFile(Instant uploaded, List<String> lines) throws IOException {
        return write("processing/groundtruth/" + HOUR.format(uploaded) + "/labels.jsonl", String.join("\n", lines) + "\n");
    }

    /**
     * A registered model's artifacts under {@code processing/input/model}: a preprocessor fitted on the rows and a
     * small XGBoost JSON model of three trees over its features, made here so the test needs no trainer.
     */
    Path model(List<String[]> rows) throws IOException {
        FeatureTransform.Builder b = FeatureTransform.builder().categorical("sex", 0);
        for (int i = 1; i < 8; i++) {
            b.numeric(FEATURES.get(i), i);
        }
        List<String[]> raw = rows.stream().map(r -> Arrays.copyOf(r, 8)).toList();
        FeatureTransform t = b.fit(raw);
        Path dir = path(ArtifactModel.DIRECTORY);
        Files.createDirectories(dir);
        t.write(dir.resolve(FeatureTransform.FILE_NAME));
        int width = t.outputColumns().size();
        StringBuilder trees = new StringBuilder();
        float[][] leaves = {{-1.5f, 0.5f, 1.0f, 2.5f}, {-0.75f, 0.25f, 0.5f, 1.25f}, {-0.3f, 0.1f, 0.2f, 0.6f}};
        for (int k = 0; k < 3; k++) {
            int f0 = (k * 3) % width;
            int f1 = (k * 3 + 1) % width;
            int f2 = (k * 3 + 2) % width;
            if (k > 0) {
                trees.append(',');
            }
            float[] l = leaves[k];
            trees.append(String.format(Locale.ROOT, "{\"left_children\":[1,3,5,-1,-1,-1,-1],\"right_children\":[2,4,6,-1,-1,-1,-1],"
                    + "\"split_indices\":[%d,%d,%d,0,0,0,0],\"split_conditions\":[0.0,0.1,-0.1,%s,%s,%s,%s],"
                    + "\"default_left\":[1,0,1,0,0,0,0],\"split_type\":[0,0,0,0,0,0,0],"
                    + "\"tree_param\":{\"num_nodes\":\"7\",\"size_leaf_vector\":\"1\"},\"id\":%d}",
                    f0, f1, f2, l[0], l[1], l[2], l[3], k));
        }
        String json = "{\"learner\":{\"attributes\":{},\"feature_names\":[],\"feature_types\":[],"
                + "\"gradient_booster\":{\"model\":{\"gbtree_model_param\":{\"num_parallel_tree\":\"1\",\"num_trees\":\"3\"},"
                + "\"iteration_indptr\":[0,1,2,3],\"tree_info\":[0,0,0],\"trees\":[" + trees + "]},\"name\":\"gbtree\"},"
                + "\"learner_model_param\":{\"base_score\":\"9.9E0\",\"boost_from_average\":\"1\",\"num_class\":\"0\","
                + "\"num_feature\":\"" + width + "\",\"num_target\":\"1\"},\"objective\":{\"name\":\"reg:squarederror\","
                + "\"reg_loss_param\":{\"scale_pos_weight\":\"1\"}}},\"version\":[2,0,3]}";
        Files.writeString(dir.resolve("xgboost-model"), json, StandardCharsets.UTF_8);
        return dir;
    }
}
