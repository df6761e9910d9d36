package dev.mlops.container;

import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.ValidationException;
import dev.mlops.monitor.MonitorJob;
import dev.mlops.monitor.MonitoringType;
import dev.mlops.monitor.bias.BiasConfig;
import dev.mlops.monitor.bias.BiasDataset;
import dev.mlops.monitor.bias.BiasReport;
import dev.mlops.monitor.capture.CaptureFiles;
import dev.mlops.monitor.explain.ExplainabilityReport;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The jobs of Clarify's contract: {@code analysis_config.json} with the bias methods (a bias baseline, or, run by a
 * model-bias monitoring schedule, a bias-drift check) or {@code shap} (an explainability baseline, or a
 * feature-attribution drift check). A job is a monitoring execution when the environment names a baseline
 * ({@code baseline_constraints}: the baseline's {@code analysis.json}) or an endpoint, as Model Monitor's variables
 * do; otherwise it is a Clarify processing job over the dataset input
 * ({@code /opt/ml/processing/input/data}).
 */
final class ClarifyJobs {
    /** Clarify's dataset input folder under the container root. */
    static final String DATASET = "processing/input/data";
    /** Clarify's result folder under the container root (the {@code analysis_result} output). */
    static final String OUTPUT = "processing/output";
    /** The predicted-label column the container adds when the configuration names none. */
    static final String PREDICTED = "predicted_label";

    private ClarifyJobs() {
    }

    static boolean isMonitoring(ContainerEnv env) {
        return env.get("baseline_constraints").isPresent() || env.get("sagemaker_endpoint_name").isPresent();
    }

    static MonitorJob job(ContainerEnv env, AnalysisConfig config) {
        boolean monitoring = isMonitoring(env);
        if (config.isBias()) {
            return monitoring ? biasMonitor(env, config) : biasBaseline(env, config);
        }
        return monitoring ? explainMonitor(env, config) : explainBaseline(env, config);
    }

    private static MonitorJob biasBaseline(ContainerEnv env, AnalysisConfig config) {
        BiasDataset table = table(env, config);
        String predicted = config.predictedLabel().orElse(PREDICTED);
        BiasConfig bias = config.biasConfig(predicted);
        MonitorJob.Builder job = MonitorJob.baseline(MonitoringType.ModelBias).dataset(table).biasConfig(bias);
        if (!table.headers().contains(predicted)) {
            job.model(model(env));
        }
        return job.build();
    }

    private static MonitorJob biasMonitor(ContainerEnv env, AnalysisConfig config) {
        BiasConfig bias = config.biasConfig(config.predictedLabel().orElse(PREDICTED));
        List<String> features = requestColumns(env, config);
        return named(env, MonitorJob.monitor(MonitoringType.ModelBias))
                .captures(captures(env)).groundTruth(groundTruth(env))
                .featureNames(features).biasConfig(bias)
                .baseline(BiasReport.parse(baselineAnalysis(env)))
                .build();
    }

    private static MonitorJob explainBaseline(ContainerEnv env, AnalysisConfig config) {
        ArtifactModel model = model(env);
        if (config.shapBaseline(model.featureNames().size()).isPresent()) {
            throw new ValidationException("analysis_config.methods.shap.baseline", "a row", "absent in a baseline job:"
                    + " the container computes the SHAP baseline from the dataset (column means, most frequent"
                    + " category) and writes it to the analysis_config.json it outputs, which monitoring jobs read");
        }
        BiasDataset table = table(env, config);
        List<String> names = model.featureNames();
        int[] index = new int[names.size()];
        for (int i = 0; i < index.length; i++) {
            index[i] = table.headers().indexOf(names.get(i));
            if (index[i] < 0) {
                throw new ValidationException("analysis_config.headers", table.headers(), "the model's input columns "
                        + names + " (and the label)");
            }
        }
        List<String[]> rows = new ArrayList<>(table.size());
        for (int r = 0; r < table.size(); r++) {
            String[] row = new String[index.length];
            for (int i = 0; i < index.length; i++) {
                String cell = table.cell(r, index[i]);
                row[i] = cell == null ? "" : cell;
            }
            rows.add(row);
        }
        return MonitorJob.baseline(MonitoringType.ModelExplainability).model(model).rows(rows)
                .shapOptions(config.shapOptions()).build();
    }

    private static MonitorJob explainMonitor(ContainerEnv env, AnalysisConfig config) {
        ArtifactModel model = model(env);
        double[] row = config.shapBaseline(model.featureNames().size()).orElseThrow(() -> new ValidationException(
                "analysis_config.methods.shap.baseline", null, "the SHAP baseline row of the baseline job's"
                        + " analysis_config.json"));
        return named(env, MonitorJob.monitor(MonitoringType.ModelExplainability))
                .captures(captures(env)).model(model)
                .baseline(ExplainabilityReport.parse(baselineAnalysis(env)), row)
                .shapOptions(config.shapOptions())
                .build();
    }

    /** The dataset: CSV files of the dataset input, with the configuration's headers or their own header row. */
    private static BiasDataset table(ContainerEnv env, AnalysisConfig config) {
        Path source = env.path("dataset_source").orElse(env.under(DATASET));
        List<Path> files = InputFiles.list(source, "dataset_source");
        StringBuilder text = new StringBuilder();
        Optional<List<String>> headers = config.headers();
        String headerLine = headers.map(h -> String.join(",", h)).orElse(null);
        boolean first = true;
        try {
            for (Path f : files) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                int start = 0;
                if (!lines.isEmpty() && (headerLine == null ? !first : lines.get(0).strip().equals(headerLine))) {
                    start = 1; // a part's own header row
                }
                if (first && headerLine != null) {
                    text.append(headerLine).append('\n');
                } else if (first && !lines.isEmpty()) {
                    text.append(lines.get(0)).append('\n');
                    start = 1;
                }
                for (int i = start; i < lines.size(); i++) {
                    text.append(lines.get(i)).append('\n');
                }
                first = false;
            }
        } catch (IOException e) {
            throw new MlopsBackendException("Cannot read the Clarify dataset " + source + ": " + e.getMessage(), e);
        }
        BiasDataset table = BiasDataset.readCsv(new StringReader(text.toString()));
        if (!table.headers().contains(config.label())) {
            throw new ValidationException("analysis_config.label", config.label(), "a column of the dataset "
                    + table.headers());
        }
        return table;
    }

    /** The columns of a captured request: the headers without label and predicted label, else the model's. */
    private static List<String> requestColumns(ContainerEnv env, AnalysisConfig config) {
        if (config.headers().isPresent()) {
            List<String> names = new ArrayList<>(config.headers().get());
            names.remove(config.label());
            config.predictedLabel().ifPresent(names::remove);
            return names;
        }
        return model(env).featureNames();
    }

    private static ArtifactModel model(ContainerEnv env) {
        return ArtifactModel.load(env.path("model_source").orElse(env.under(ArtifactModel.DIRECTORY)), "model_source");
    }

    private static String baselineAnalysis(ContainerEnv env) {
        Path file = env.existingFile("baseline_constraints").orElseThrow(() -> new ValidationException(
                "baseline_constraints", null, "the path of the baseline job's analysis.json"));
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new MlopsBackendException("Cannot read baseline_constraints " + file + ": " + e.getMessage(), e);
        }
    }

    private static CaptureFiles captures(ContainerEnv env) {
        return ModelMonitorJobs.captures(env, env.requiredPath("dataset_source", "the folder of the endpoint's"
                + " captured data"));
    }

    private static Path groundTruth(ContainerEnv env) {
        Path dir = env.path("ground_truth_source").orElse(env.under(ModelMonitorJobs.DEFAULT_GROUND_TRUTH));
        if (!Files.isDirectory(dir)) {
            throw new ValidationException("ground_truth_source", dir, "an existing folder of ground-truth JSON Lines"
                    + " (default /opt/ml/processing/groundtruth)");
        }
        return dir;
    }

    private static MonitorJob.Builder named(ContainerEnv env, MonitorJob.Builder job) {
        env.get("sagemaker_endpoint_name").ifPresent(job::endpointName);
        env.get("sagemaker_monitoring_schedule_name").ifPresent(job::scheduleName);
        return job;
    }
}
