package dev.mlops.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.exception.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The regional ECR images of SageMaker's built-in algorithms, from AWS's published table of registry accounts per
 * region and version: the resource {@code dev/mlops/pipeline/builtin-images.json}, generated from the SageMaker
 * Python SDK's {@code image_uri_config/xgboost.json} (its {@code _source} names the commit). A
 * {@link TrainingStep} checks its version here when it is built; a renderer asks for the URI in its region.
 */
public final class BuiltInImages {
    private static final String RESOURCE = "/dev/mlops/pipeline/builtin-images.json";
    private static final BuiltInImages INSTANCE = load();

    private final JsonNode algorithms;
    private final Map<String, String> domains;

    private BuiltInImages(JsonNode root) {
        this.algorithms = root.get("algorithms");
        Map<String, String> d = new TreeMap<>();
        root.get("domains").fields().forEachRemaining(e -> d.put(e.getKey(), e.getValue().asText()));
        this.domains = d;
    }

    /**
     * The table shipped with the SDK.
     *
     * @return the table
     */
    public static BuiltInImages published() {
        return INSTANCE;
    }

    private static BuiltInImages load() {
        try (InputStream in = BuiltInImages.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The resource " + RESOURCE + " is missing from mlops-core");
            }
            return new BuiltInImages(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    /**
     * The algorithms in the table.
     *
     * @return sorted names, e.g. {@code [xgboost]}
     */
    public Set<String> algorithms() {
        Set<String> out = new TreeSet<>();
        algorithms.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /**
     * The versions of an algorithm.
     *
     * @param algorithm e.g. {@code xgboost}
     * @return sorted versions, e.g. {@code [0.90-1, …, 1.7-1, …]}
     * @throws ValidationException if the table has no such algorithm
     */
    public Set<String> versions(String algorithm) {
        JsonNode a = algorithms.get(algorithm);
        if (a == null) {
            throw new ValidationException("TrainingStep.algorithm", algorithm, "one of the built-in algorithms " + algorithms());
        }
        Set<String> out = new TreeSet<>();
        a.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /**
     * Checks that the table has an algorithm's version.
     *
     * @param algorithm e.g. {@code xgboost}
     * @param version e.g. {@code 1.7-1}
     * @throws ValidationException naming the versions that exist
     */
    public void check(String algorithm, String version) {
        if (!versions(algorithm).contains(version)) {
            throw new ValidationException("TrainingStep.version", version,
                    "a published version of " + algorithm + ": " + versions(algorithm));
        }
    }

    /**
     * The image URI of an algorithm's version in a region, e.g.
     * {@code 246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-xgboost:1.7-1}.
     *
     * @param algorithm e.g. {@code xgboost}
     * @param version e.g. {@code 1.7-1}
     * @param region e.g. {@code us-west-2}
     * @return the URI
     * @throws ValidationException if the algorithm, version or region is not in the table, naming those that are
     */
    public String uri(String algorithm, String version, String region) {
        check(algorithm, version);
        JsonNode v = algorithms.get(algorithm).get(version);
        JsonNode account = v.get("registries").get(region);
        if (account == null) {
            Set<String> regions = new TreeSet<>();
            v.get("registries").fieldNames().forEachRemaining(regions::add);
            throw new ValidationException("region", region, "a region where " + algorithm + " " + version
                    + " is published: " + regions);
        }
        String domain = "amazonaws.com";
        int best = -1;
        for (Map.Entry<String, String> d : domains.entrySet()) {
            if (region.startsWith(d.getKey()) && d.getKey().length() > best) {
                best = d.getKey().length();
                domain = d.getValue();
            }
        }
        return account.asText() + ".dkr.ecr." + region + "." + domain + "/" + v.get("repository").asText() + ":"
                + v.get("tag").asText();
    }
}
