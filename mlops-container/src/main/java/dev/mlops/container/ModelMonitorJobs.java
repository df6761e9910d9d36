package dev.mlops.container;

import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.ValidationException;
import dev.mlops.monitor.MonitorJob;
import dev.mlops.monitor.MonitoringType;
import dev.mlops.monitor.capture.CaptureFiles;
import dev.mlops.monitor.dataquality.Baseline;
import dev.mlops.monitor.dataquality.Constraints;
import dev.mlops.monitor.dataquality.DataQualityOptions;
import dev.mlops.monitor.dataquality.Statistics;
import dev.mlops.monitor.quality.ModelQuality;
import dev.mlops.monitor.quality.ModelQualityConstraints;
import dev.mlops.monitor.quality.PredictionRow;
import dev.mlops.monitor.quality.PredictionRows;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The jobs of Model Monitor's bring-your-own-container contract, read from the environment: data quality
 * ({@code analysis_type} absent or {@code DATA_QUALITY}) and model quality ({@code MODEL_QUALITY}), each as a
 * monitoring execution or, when no baseline and no endpoint is named, as the managed analyzer's baselining job.
 */
final class ModelMonitorJobs {
    static final String ANALYSIS_TYPE = "analysis_type";
    /** Where model-quality ground truth is mounted when {@code ground_truth_source} is not set [INFERRED]. */
    static final String DEFAULT_GROUND_TRUTH = "processing/groundtruth";
    /** Threads of the data-quality statistics: a number or {@code auto}; default 1 (results then match Spark's one partition). */
    static final String THREADS = "mlops_analysis_threads";

    private ModelMonitorJobs() {
    }

    /** The monitoring type the variables ask for. */
    static MonitoringType type(ContainerEnv env) {
        String t = env.get(ANALYSIS_TYPE).orElse("DATA_QUALITY").toUpperCase(Locale.ROOT);
        return switch (t) {
            case "DATA_QUALITY" -> MonitoringType.DataQuality;
            case "MODEL_QUALITY" -> MonitoringType.ModelQuality;
            case "MODEL_BIAS", "MODEL_EXPLAINABILITY" -> throw new ValidationException(ANALYSIS_TYPE, t, "DATA_QUALITY"
                    + " or MODEL_QUALITY here: bias and explainability jobs are configured by"
                    + " /opt/ml/processing/input/config/analysis_config.json (Clarify's contract)");
            default -> throw new ValidationException(ANALYSIS_TYPE, t, "DATA_QUALITY or MODEL_QUALITY");
        };
    }

    /**
     * A monitoring execution names a baseline or an endpoint; a job with neither is a baselining job (the SDK's
     * {@code suggest_baseline} sets only the dataset, its format and the output).
     */
    static boolean isBaselining(ContainerEnv env) {
        return env.get("baseline_constraints").isEmpty() && env.get("baseline_statistics").isEmpty()
                && env.get("sagemaker_endpoint_name").isEmpty() && env.get("start_time").isEmpty();
    }

    static MonitorJob dataQuality(ContainerEnv env) {
        DatasetFormat format = format(env);
        Path source = env.requiredPath("dataset_source", "the folder of the data to analyse");
        DataQualityOptions options = withThreads(env, format.options());
        if (isBaselining(env)) {
            if (format.kind() == DatasetFormat.Kind.CAPTURE) {
                throw new ValidationException(DatasetFormat.VARIABLE, "sagemakerCaptureJson", "csv or json for a"
                        + " baselining job (no baseline_constraints given): a baseline is suggested from a dataset");
            }
            return MonitorJob.baseline(MonitoringType.DataQuality)
                    .dataset(InputFiles.single(source, "dataset_source", format.header(), scratch()), options)
                    .build();
        }
        Path statistics = env.existingFile("baseline_statistics").orElseThrow(() -> new ValidationException(
                "baseline_statistics", null, "the path of the baseline's statistics.json (a data-quality"
                        + " monitoring execution compares against it)"));
        Path constraints = env.existingFile("baseline_constraints").orElseThrow(() -> new ValidationException(
                "baseline_constraints", null, "the path of the baseline's constraints.json"));
        MonitorJob.Builder job = named(env, MonitorJob.monitor(MonitoringType.DataQuality))
                .baseline(new Baseline(Statistics.read(statistics), Constraints.read(constraints)));
        if (format.kind() == DatasetFormat.Kind.CAPTURE) {
            job.captures(captures(env, source));
        } else {
            job.dataset(InputFiles.single(source, "dataset_source", format.header(), scratch()), options);
        }
        return job.build();
    }

    static MonitorJob modelQuality(ContainerEnv env) {
        ModelQuality mq = calculator(env);
        DatasetFormat format = format(env);
        Path source = env.requiredPath("dataset_source", "the folder of the data to analyse");
        if (isBaselining(env)) {
            return MonitorJob.baseline(MonitoringType.ModelQuality).modelQuality(mq)
                    .predictions(predictions(env, format, source)).build();
        }
        MonitorJob.Builder job = named(env, MonitorJob.monitor(MonitoringType.ModelQuality)).modelQuality(mq);
        if (format.kind() == DatasetFormat.Kind.CAPTURE) {
            Path groundTruth = env.path("ground_truth_source").orElse(env.under(DEFAULT_GROUND_TRUTH));
            if (!Files.isDirectory(groundTruth)) {
                throw new ValidationException("ground_truth_source", groundTruth, "an existing folder of ground-truth"
                        + " JSON Lines (default /opt/ml/processing/groundtruth)");
            }
            job.captures(captures(env, source)).groundTruth(groundTruth);
        } else {
            job.predictions(predictions(env, format, source));
        }
        env.existingFile("baseline_constraints").ifPresent(file -> job.baseline(readConstraints(file)));
        return job.build();
    }

    /** The time a model-quality report is stamped with: the end of the window, else now. */
    static Instant evaluationTime(ContainerEnv env) {
        return env.instant("end_time").orElseGet(Instant::now);
    }

    private static ModelQuality calculator(ContainerEnv env) {
        String problem = env.required("problem_type", "Regression, BinaryClassification or MulticlassClassification"
                + " for a MODEL_QUALITY job");
        ModelQuality mq = switch (problem.replace("_", "").toLowerCase(Locale.ROOT)) {
            case "regression" -> ModelQuality.regression();
            case "binaryclassification" -> ModelQuality.binaryClassification();
            case "multiclassclassification" -> ModelQuality.multiclassClassification();
            default -> throw new ValidationException("problem_type", problem, "Regression, BinaryClassification or"
                    + " MulticlassClassification");
        };
        Optional<String> threshold = env.get("probability_threshold_attribute");
        if (threshold.isPresent()) {
            try {
                mq = mq.withProbabilityThreshold(Double.parseDouble(threshold.get()));
            } catch (NumberFormatException e) {
                throw new ValidationException("probability_threshold_attribute", threshold.get(), "a number such as"
                        + " 0.5");
            }
        }
        return mq.withEvaluationTime(evaluationTime(env));
    }

    private static List<PredictionRow> predictions(ContainerEnv env, DatasetFormat format, Path source) {
        if (format.kind() == DatasetFormat.Kind.CAPTURE) {
            throw new ValidationException(DatasetFormat.VARIABLE, "sagemakerCaptureJson", "csv or json for a"
                    + " model-quality baselining job: a dataset of predictions joined with labels");
        }
        String prediction = env.required("inference_attribute", "the column (csv) or key (json) of the prediction");
        String label = env.required("ground_truth_attribute", "the column (csv) or key (json) of the label");
        String probability = env.get("probability_attribute").orElse(null);
        Path file = InputFiles.single(source, "dataset_source", true, scratch());
        if (format.kind() == DatasetFormat.Kind.CSV && !format.header()) {
            throw new ValidationException(DatasetFormat.VARIABLE + ".csv.header", false, "true for model quality: the"
                    + " prediction and label columns are found by name");
        }
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return format.kind() == DatasetFormat.Kind.CSV ? PredictionRows.readCsv(in, prediction, probability, label)
                    : PredictionRows.readJsonLines(in, prediction, probability, label);
        } catch (IOException e) {
            throw new MlopsBackendException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static ModelQualityConstraints readConstraints(Path file) {
        try {
            return ModelQualityConstraints.parse(Files.readString(file));
        } catch (IOException e) {
            throw new MlopsBackendException("Cannot read baseline_constraints " + file + ": " + e.getMessage(), e);
        }
    }

    private static DatasetFormat format(ContainerEnv env) {
        return DatasetFormat.parse(env.required(DatasetFormat.VARIABLE, "a JSON object such as"
                + " {\"sagemakerCaptureJson\": {\"captureIndexNames\": [\"endpointInput\", \"endpointOutput\"]}}"));
    }

    /** The captured records of the window; SageMaker may copy more hours than the window, so it is applied here. */
    static CaptureFiles captures(ContainerEnv env, Path source) {
        if (!Files.isDirectory(source)) {
            throw new ValidationException("dataset_source", source, "an existing folder of captured data"
                    + " ({endpoint}/{variant}/yyyy/mm/dd/hh/*.jsonl)");
        }
        CaptureFiles files = CaptureFiles.in(source);
        Optional<Instant> start = env.instant("start_time");
        Optional<Instant> end = env.instant("end_time");
        if (start.isPresent() != end.isPresent()) {
            throw new ValidationException(start.isPresent() ? "end_time" : "start_time", null, "set with "
                    + (start.isPresent() ? "start_time" : "end_time") + ": the window has both ends or none");
        }
        if (start.isPresent()) {
            if (!start.get().isBefore(end.get())) {
                throw new ValidationException("start_time", start.get(), "before end_time " + end.get());
            }
            files = files.between(start.get(), end.get());
        }
        return files;
    }

    private static MonitorJob.Builder named(ContainerEnv env, MonitorJob.Builder job) {
        env.get("sagemaker_endpoint_name").ifPresent(job::endpointName);
        env.get("sagemaker_monitoring_schedule_name").ifPresent(job::scheduleName);
        return job;
    }

    private static DataQualityOptions withThreads(ContainerEnv env, DataQualityOptions options) {
        Optional<String> t = env.get(THREADS);
        if (t.isEmpty()) {
            return options;
        }
        int threads;
        if (t.get().equalsIgnoreCase("auto")) {
            threads = Runtime.getRuntime().availableProcessors();
        } else {
            try {
                threads = Integer.parseInt(t.get());
            } catch (NumberFormatException e) {
                throw new ValidationException(THREADS, t.get(), "a thread count from 1 to 256, or auto");
            }
        }
        return DataQualityOptions.builder().format(options.format()).header(options.header()).threads(threads).build();
    }

    static Path scratch() {
        return Path.of(System.getProperty("java.io.tmpdir"), "mlops-container");
    }
}
