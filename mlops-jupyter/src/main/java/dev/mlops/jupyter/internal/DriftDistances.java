package dev.mlops.jupyter.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.monitor.Violation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Model Monitor's {@code constraint_violations.json} and the distances that {@code baseline_drift_check}
 * violations report ("Numerical distance: 0.27 exceeds numerical threshold: 0.1"; AWS's own report parser matches the
 * same words).
 */
public final class DriftDistances {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DISTANCE = Pattern.compile("distance: ([-+0-9.eE]+|NaN) exceeds [a-z ]*threshold: ([-+0-9.eE]+)");

    private DriftDistances() {
    }

    /**
     * A drift violation's feature, distance and threshold.
     *
     * @param feature the feature
     * @param distance the distance the check measured
     * @param threshold the threshold it exceeded
     */
    public record Drift(String feature, double distance, double threshold) {
    }

    /**
     * Parses a {@code constraint_violations.json} document.
     *
     * @param json the document
     * @return its violations, in order
     * @throws UncheckedIOException if it is not JSON
     */
    public static List<Violation> violations(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("constraint_violations.json is not JSON: " + e.getMessage(), e);
        }
        List<Violation> out = new ArrayList<>();
        for (JsonNode v : root.path("violations")) {
            out.add(new Violation(v.path("feature_name").asText("?"), v.path("constraint_check_type").asText("?"),
                    v.path("description").asText("?")));
        }
        return out;
    }

    /**
     * The drift a violation reports, if it is a {@code baseline_drift_check} with a distance in its description.
     *
     * @param v the violation
     * @return the drift, empty otherwise
     */
    public static java.util.Optional<Drift> drift(Violation v) {
        if (!Violation.BASELINE_DRIFT_CHECK.equals(v.constraintCheckType())) {
            return java.util.Optional.empty();
        }
        Matcher m = DISTANCE.matcher(v.description());
        if (!m.find()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Drift(v.featureName(), Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))));
    }

    /**
     * The largest threshold among drifts, for the chart's line (Model Monitor uses one threshold per check type).
     *
     * @param drifts the drifts
     * @return the threshold, empty when there are none
     */
    public static OptionalDouble threshold(List<Drift> drifts) {
        return drifts.stream().mapToDouble(Drift::threshold).max();
    }
}
