package dev.mlops.monitor;

import dev.mlops.exception.ValidationException;
import dev.mlops.monitor.bias.BiasConfig;
import dev.mlops.monitor.bias.BiasDataset;
import dev.mlops.monitor.bias.BiasReport;
import dev.mlops.monitor.capture.CaptureFiles;
import dev.mlops.monitor.capture.CaptureRecord;
import dev.mlops.monitor.capture.GroundTruthMerge;
import dev.mlops.monitor.capture.GroundTruthRecord;
import dev.mlops.monitor.dataquality.Baseline;
import dev.mlops.monitor.dataquality.DataQualityOptions;
import dev.mlops.monitor.explain.ExplainabilityReport;
import dev.mlops.monitor.explain.FeatureAttributionDrift;
import dev.mlops.monitor.explain.KernelShapOptions;
import dev.mlops.monitor.quality.ModelQuality;
import dev.mlops.monitor.quality.ModelQualityConstraints;
import dev.mlops.monitor.quality.PredictionRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One monitoring job, as a SageMaker Model Monitor or Clarify processing job: inputs in, a {@link MonitorJobResult}
 * with the report files out. A {@link Kind#BASELINE baseline job} suggests the baseline of a monitor from training or
 * test data; a {@link Kind#MONITOR monitoring job} checks captured traffic (or a batch dataset) against a baseline.
 * The four monitoring types are those of {@link MonitoringType}. A backend only supplies the inputs and stores the
 * result; the analysis is the same wherever the job runs.
 *
 * <pre>{@code
 * MonitorJobResult baseline = MonitorJob.baseline(MonitoringType.DataQuality)
 *         .dataset(Path.of("train.csv"), DataQualityOptions.defaults())
 *         .build().run();
 * baseline.writeTo(baselineDir);                       // statistics.json, constraints.json
 *
 * MonitorJobResult report = MonitorJob.monitor(MonitoringType.DataQuality)
 *         .baseline(baselineDir)
 *         .captures(CaptureFiles.in(captureDir).between(from, to))
 *         .build().run();
 * report.violations();                                 // and report.writeTo(reportDir)
 * }</pre>
 *
 * <p>Inputs by job ({@code captures} may always be replaced by the batch form in brackets):
 * <ul>
 *   <li>data quality: baseline — {@link Builder#dataset(Path, DataQualityOptions)}; monitor —
 *       {@link Builder#baseline(Path)} or {@link Builder#baseline(Baseline)}, and captures [a dataset file];</li>
 *   <li>model quality: baseline — {@link Builder#predictions(Collection)} (predictions joined with labels);
 *       monitor — captures and {@link Builder#groundTruth(Path) ground truth} [predictions], optionally the
 *       constraints as baseline; both take the {@link Builder#modelQuality(ModelQuality) problem type and
 *       options};</li>
 *   <li>bias: baseline — a {@link Builder#dataset(BiasDataset) table} with the predictions, or without them and a
 *       {@link Builder#model(ScoringFunction) model} to make them; monitor — captures, ground truth and the
 *       {@link Builder#featureNames(List) columns} of a request (or the model) [a table], and the baseline
 *       {@code analysis.json}; both take the {@link Builder#biasConfig(BiasConfig) bias configuration};</li>
 *   <li>feature attribution: a {@link Builder#model(ScoringFunction) model} always; baseline —
 *       {@link Builder#rows(List) raw rows} (e.g. the training data); monitor — captures [raw rows] and the baseline
 *       {@code analysis.json} and {@code analysis_config.json}.</li>
 * </ul>
 * An input the job does not take is refused at build time rather than ignored.
 *
 * <p>The job never fails on bad records: they are skipped and counted in {@link MonitorJobResult#inputIssues()}.
 * When nothing is left to analyse (no captured inference with ground truth, no readable row, a facet value absent
 * from the window), the result is {@link MonitoringExecutionStatus#Failed} with the reason. Inputs the analyzers
 * cannot work with at all (no usable row of a model-quality or bias baseline, an unreadable baseline file) raise the
 * analyzers' {@link dev.mlops.exception.MlopsClientException}.
 *
 * <p>Immutable and thread-safe; {@link #run()} may be called again and reads file inputs again.
 */
public final class MonitorJob {
    private static final Logger LOG = LoggerFactory.getLogger(MonitorJob.class);

    /** Rows explained by a feature-attribution job at most (taken evenly across the data), to bound its run time. */
    public static final int DEFAULT_MAX_EXPLAINED_ROWS = 2000;

    /** What a job does. */
    public enum Kind {
        /** Suggests a baseline (SageMaker's baselining job, Clarify's baseline analysis). */
        BASELINE,
        /** Checks data against a baseline (a monitoring execution). */
        MONITOR
    }

    /** An explainability baseline given as objects: the analysis and the SHAP baseline row. */
    record ShapBaseline(ExplainabilityReport analysis, double[] row) {
    }

    private final Kind kind;
    private final MonitoringType type;
    private final CaptureFiles captures;
    private final Object groundTruth;
    private final Object dataset;
    private final DataQualityOptions datasetOptions;
    private final List<PredictionRow> predictions;
    private final List<String[]> rows;
    private final ScoringFunction model;
    private final List<String> featureNames;
    private final Object baseline;
    private final ModelQuality modelQuality;
    private final BiasConfig biasConfig;
    private final KernelShapOptions shapOptions;
    private final int maxExplainedRows;
    private final double driftThreshold;
    private final String endpointName;
    private final String scheduleName;

    private MonitorJob(Builder b) {
        this.kind = b.kind;
        this.type = b.type;
        this.captures = b.captures;
        this.groundTruth = b.groundTruth;
        this.dataset = b.dataset;
        this.datasetOptions = b.datasetOptions;
        this.predictions = b.predictions;
        this.rows = b.rows;
        this.model = b.model;
        this.featureNames = b.featureNames != null ? b.featureNames : b.model != null ? b.model.featureNames() : null;
        this.baseline = b.baseline;
        this.modelQuality = b.modelQuality;
        this.biasConfig = b.biasConfig;
        this.shapOptions = b.shapOptions;
        this.maxExplainedRows = b.maxExplainedRows;
        this.driftThreshold = b.driftThreshold;
        this.endpointName = b.endpointName;
        this.scheduleName = b.scheduleName;
    }

    /**
     * Starts a baseline job: the statistics and suggested constraints (or the Clarify analysis) of reference data.
     *
     * @param type the monitor the baseline is for
     * @return a builder
     * @throws ValidationException if the type is null
     */
    public static Builder baseline(MonitoringType type) {
        return new Builder(Kind.BASELINE, type);
    }

    /**
     * Starts a monitoring job: data checked against a baseline.
     *
     * @param type the monitor
     * @return a builder
     * @throws ValidationException if the type is null
     */
    public static Builder monitor(MonitoringType type) {
        return new Builder(Kind.MONITOR, type);
    }

    /**
     * Whether the job suggests a baseline or checks data against one.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The monitoring type.
     *
     * @return the type
     */
    public MonitoringType type() {
        return type;
    }

    /**
     * Runs the job.
     *
     * @return the result: status, report files, violations, record count and input issues
     * @throws dev.mlops.exception.MlopsClientException if an analyzer cannot work with the inputs at all (see the
     *     class description)
     */
    public MonitorJobResult run() {
        MonitorJobResult result = switch (type) {
            case DataQuality -> kind == Kind.BASELINE ? DataQualityAnalysis.baseline(this) : DataQualityAnalysis.monitor(this);
            case ModelQuality -> kind == Kind.BASELINE ? ModelQualityAnalysis.baseline(this)
                    : ModelQualityAnalysis.monitor(this);
            case ModelBias -> kind == Kind.BASELINE ? ModelBiasAnalysis.baseline(this) : ModelBiasAnalysis.monitor(this);
            case ModelExplainability -> kind == Kind.BASELINE ? ExplainabilityAnalysis.baseline(this)
                    : ExplainabilityAnalysis.monitor(this);
        };
        LOG.debug("{} {} job: {}", kind, type, result);
        return result;
    }

    @Override
    public String toString() {
        return "MonitorJob[" + kind + " " + type + (endpointName != null ? ", endpoint " + endpointName : "")
                + (scheduleName != null ? ", schedule " + scheduleName : "") + "]";
    }

    // ---- inputs, for the analyses of this package ----

    CaptureFiles captures() {
        return captures;
    }

    /** The dataset: a file for data quality, a table for bias. */
    Object dataset() {
        return dataset;
    }

    DataQualityOptions datasetOptions() {
        return datasetOptions;
    }

    List<PredictionRow> predictions() {
        return predictions;
    }

    List<String[]> rows() {
        return rows;
    }

    ScoringFunction model() {
        return model;
    }

    /** The request's columns: those given, else the model's. */
    List<String> featureNames() {
        return featureNames;
    }

    /** The baseline: a directory, or the object of the type. */
    Object baselineInput() {
        return baseline;
    }

    ModelQuality modelQuality() {
        return modelQuality;
    }

    BiasConfig biasConfig() {
        return biasConfig;
    }

    KernelShapOptions shapOptions() {
        return shapOptions;
    }

    int maxExplainedRows() {
        return maxExplainedRows;
    }

    double driftThreshold() {
        return driftThreshold;
    }

    /** How failure reasons name the source of the captures. */
    String endpointLabel() {
        return endpointName != null ? endpointName : "the endpoint";
    }

    /** " for schedule <name>" when the job has a schedule name, else empty. */
    String scheduleClause() {
        return scheduleName != null ? " for schedule " + scheduleName : "";
    }

    /** How failure reasons name the ground truth. */
    String groundTruthLabel() {
        return groundTruth instanceof Path dir ? dir.toString()
                : "the " + ((List<?>) groundTruth).size() + " ground-truth records given";
    }

    /** The captures merged with the ground truth by inference id. */
    @SuppressWarnings("unchecked")
    GroundTruthMerge.Result mergeGroundTruth() {
        return groundTruth instanceof Path dir ? GroundTruthMerge.merge(captures, dir)
                : GroundTruthMerge.merge(captures, (List<GroundTruthRecord>) groundTruth);
    }

    /** The input issues of a merge, in report order. */
    static Map<String, Long> mergeIssues(GroundTruthMerge.Result merged) {
        Map<String, Long> issues = new LinkedHashMap<>();
        issues.put("capturesWithoutGroundTruth", merged.unmatchedCaptures());
        issues.put("groundTruthWithoutCapture", merged.unmatchedGroundTruth());
        issues.put("malformedLines", merged.captureScan().malformedLines() + merged.groundTruthMalformedLines());
        return issues;
    }

    /**
     * Builds a {@link MonitorJob}; {@link #build()} checks that the inputs the job needs are there, that it is given
     * nothing it does not take, and that baseline directories hold the files of their monitor.
     */
    public static final class Builder {
        private final Kind kind;
        private final MonitoringType type;
        private final Map<String, Object> given = new LinkedHashMap<>();
        private CaptureFiles captures;
        private Object groundTruth;
        private Object dataset;
        private DataQualityOptions datasetOptions = DataQualityOptions.defaults();
        private List<PredictionRow> predictions;
        private List<String[]> rows;
        private ScoringFunction model;
        private List<String> featureNames;
        private Object baseline;
        private ModelQuality modelQuality = ModelQuality.regression();
        private BiasConfig biasConfig;
        private KernelShapOptions shapOptions = KernelShapOptions.defaults();
        private int maxExplainedRows = DEFAULT_MAX_EXPLAINED_ROWS;
        private double driftThreshold = FeatureAttributionDrift.DEFAULT_THRESHOLD;
        private String endpointName;
        private String scheduleName;

        private Builder(Kind kind, MonitoringType type) {
            if (type == null) {
                throw new ValidationException("MonitorJob.type", null, "one of " + List.of(MonitoringType.values()));
            }
            this.kind = kind;
            this.type = type;
        }

        private void give(String field, Object value) {
            if (value == null) {
                throw new ValidationException("MonitorJob." + field, null, "non-null");
            }
            given.put(field, value);
        }

        /**
         * The captured traffic to check, usually restricted to the monitoring window with
         * {@link CaptureFiles#between}; {@link CaptureFiles#of(Collection)} for records in memory.
         *
         * @param captures the capture files or records
         * @return this builder
         */
        public Builder captures(CaptureFiles captures) {
            give("captures", captures);
            this.captures = captures;
            return this;
        }

        /**
         * Captured records held in memory (a shorthand for {@code captures(CaptureFiles.of(records))}).
         *
         * @param records the records, in capture order
         * @return this builder
         */
        public Builder captures(List<CaptureRecord> records) {
            return captures(CaptureFiles.of(records));
        }

        /**
         * The ground truth of the captured inferences: a directory tree of ground-truth {@code .jsonl} files, as
         * SageMaker's {@code GroundTruthInput} prefix (model quality and bias).
         *
         * @param dir the directory
         * @return this builder
         */
        public Builder groundTruth(Path dir) {
            give("groundTruth", dir);
            this.groundTruth = dir;
            return this;
        }

        /**
         * Ground-truth records held in memory (model quality and bias).
         *
         * @param records the labels; copied
         * @return this builder
         */
        public Builder groundTruth(List<GroundTruthRecord> records) {
            give("groundTruth", records);
            if (records.stream().anyMatch(Objects::isNull)) {
                throw new ValidationException("MonitorJob.groundTruth", records, "a list of non-null records");
            }
            this.groundTruth = List.copyOf(records);
            return this;
        }

        /**
         * The data-quality dataset: the training data of a baseline, or a batch to check instead of captures.
         *
         * @param file a CSV or JSON Lines file
         * @param options how to read it
         * @return this builder
         */
        public Builder dataset(Path file, DataQualityOptions options) {
            give("dataset", file);
            if (options == null) {
                throw new ValidationException("MonitorJob.datasetOptions", null, "non-null");
            }
            this.dataset = file;
            this.datasetOptions = options;
            return this;
        }

        /**
         * The bias table: the features, the label and (unless a model makes them) the predicted label, by column
         * name; a baseline's reference data, or a batch to check instead of captures.
         *
         * @param table the table
         * @return this builder
         */
        public Builder dataset(BiasDataset table) {
            give("dataset", table);
            this.dataset = table;
            return this;
        }

        /**
         * Predictions joined with their labels: a model-quality baseline's reference data, or a batch to check
         * instead of captures.
         *
         * @param joined the rows; copied
         * @return this builder
         */
        public Builder predictions(Collection<PredictionRow> joined) {
            give("predictions", joined);
            if (joined.stream().anyMatch(Objects::isNull)) {
                throw new ValidationException("MonitorJob.predictions", joined, "rows that are not null");
            }
            this.predictions = List.copyOf(joined);
            return this;
        }

        /**
         * Raw rows, one field per {@link ScoringFunction#featureNames() model input column}, as a request carries
         * them: an explainability baseline's reference data (e.g. the training data without its target), or a batch
         * to explain instead of captures. Rows the model cannot read are skipped and counted.
         *
         * @param raw the rows; copied
         * @return this builder
         */
        public Builder rows(List<String[]> raw) {
            give("rows", raw);
            List<String[]> copy = new ArrayList<>(raw.size());
            for (String[] r : raw) {
                if (r == null) {
                    throw new ValidationException("MonitorJob.rows", raw, "rows that are not null");
                }
                copy.add(r.clone());
            }
            this.rows = List.copyOf(copy);
            return this;
        }

        /**
         * The model, as a scoring function over raw rows (explainability; bias, to name the request's columns or to
         * predict a baseline table's labels).
         *
         * @param scoring the model
         * @return this builder
         */
        public Builder model(ScoringFunction scoring) {
            give("model", scoring);
            this.model = scoring;
            return this;
        }

        /**
         * The columns of a captured request, for a bias job without a model: the raw features, in request order.
         *
         * @param names the names; copied
         * @return this builder
         */
        public Builder featureNames(List<String> names) {
            give("featureNames", names);
            if (names.isEmpty() || names.stream().anyMatch(n -> n == null || n.isBlank())) {
                throw new ValidationException("MonitorJob.featureNames", names, "at least one name, none blank");
            }
            this.featureNames = List.copyOf(names);
            return this;
        }

        /**
         * The baseline as a directory of its files, as a baseline job writes them: {@code statistics.json} and
         * {@code constraints.json} (data quality), {@code constraints.json} (model quality), {@code analysis.json}
         * (bias), {@code analysis.json} and {@code analysis_config.json} (feature attribution). The files are read
         * when the job runs; a model-quality {@code constraints.json} is copied into the report byte for byte.
         *
         * @param dir the directory
         * @return this builder
         */
        public Builder baseline(Path dir) {
            give("baseline", dir);
            this.baseline = dir;
            return this;
        }

        /**
         * The data-quality baseline as an object.
         *
         * @param dataQuality statistics and constraints
         * @return this builder
         */
        public Builder baseline(Baseline dataQuality) {
            give("baseline", dataQuality);
            this.baseline = dataQuality;
            return this;
        }

        /**
         * The model-quality constraints to check the metrics against (without a baseline, a model-quality job
         * reports the metrics only).
         *
         * @param constraints the constraints
         * @return this builder
         */
        public Builder baseline(ModelQualityConstraints constraints) {
            give("baseline", constraints);
            this.baseline = constraints;
            return this;
        }

        /**
         * The bias baseline analysis; the drift check compares its post-training metrics.
         *
         * @param analysis the baseline {@code analysis.json}
         * @return this builder
         */
        public Builder baseline(BiasReport analysis) {
            give("baseline", analysis);
            this.baseline = analysis;
            return this;
        }

        /**
         * The explainability baseline as objects.
         *
         * @param analysis the baseline attributions ({@code analysis.json})
         * @param shapBaseline the SHAP baseline row, one value per model input column, categories as codes (the
         *     {@code methods.shap.baseline} row of {@code analysis_config.json}); copied
         * @return this builder
         */
        public Builder baseline(ExplainabilityReport analysis, double[] shapBaseline) {
            give("baseline", analysis);
            if (shapBaseline == null) {
                throw new ValidationException("MonitorJob.shapBaseline", null, "non-null");
            }
            this.baseline = new ShapBaseline(analysis, shapBaseline.clone());
            return this;
        }

        /**
         * The model-quality calculator: problem type, labels, probability threshold, evaluation time and seed.
         * Default: {@link ModelQuality#regression()}.
         *
         * @param calculator the calculator
         * @return this builder
         */
        public Builder modelQuality(ModelQuality calculator) {
            give("modelQuality", calculator);
            this.modelQuality = calculator;
            return this;
        }

        /**
         * What a bias job measures. For a monitoring job over captures the label and predicted-label columns are
         * added after the request's columns under the names this configuration gives them.
         *
         * @param config the configuration
         * @return this builder
         */
        public Builder biasConfig(BiasConfig config) {
            give("biasConfig", config);
            this.biasConfig = config;
            return this;
        }

        /**
         * Kernel SHAP's settings for feature attribution. Default: {@link KernelShapOptions#defaults()} (seed 0).
         *
         * @param options the settings
         * @return this builder
         */
        public Builder shapOptions(KernelShapOptions options) {
            give("shapOptions", options);
            this.shapOptions = options;
            return this;
        }

        /**
         * The most rows a feature-attribution job explains, taken evenly across the data. Default
         * {@value MonitorJob#DEFAULT_MAX_EXPLAINED_ROWS}.
         *
         * @param max at least 1
         * @return this builder
         */
        public Builder maxExplainedRows(int max) {
            if (max < 1) {
                throw new ValidationException("MonitorJob.maxExplainedRows", max, "at least 1");
            }
            give("maxExplainedRows", max);
            this.maxExplainedRows = max;
            return this;
        }

        /**
         * The nDCG below which feature-attribution drift is a violation. Default
         * {@value FeatureAttributionDrift#DEFAULT_THRESHOLD}.
         *
         * @param threshold in (0, 1]
         * @return this builder
         */
        public Builder driftThreshold(double threshold) {
            if (!(threshold > 0 && threshold <= 1)) {
                throw new ValidationException("MonitorJob.driftThreshold", threshold, "in (0, 1]");
            }
            give("driftThreshold", threshold);
            this.driftThreshold = threshold;
            return this;
        }

        /**
         * The endpoint whose traffic is checked, named in failure reasons (default "the endpoint").
         *
         * @param name the endpoint name
         * @return this builder
         */
        public Builder endpointName(String name) {
            if (name == null || name.isBlank()) {
                throw new ValidationException("MonitorJob.endpointName", name, "a non-blank name");
            }
            this.endpointName = name;
            return this;
        }

        /**
         * The monitoring schedule the job runs for, named in failure reasons.
         *
         * @param name the schedule name
         * @return this builder
         */
        public Builder scheduleName(String name) {
            if (name == null || name.isBlank()) {
                throw new ValidationException("MonitorJob.scheduleName", name, "a non-blank name");
            }
            this.scheduleName = name;
            return this;
        }

        /**
         * Validates the inputs and builds the job.
         *
         * @return the job
         * @throws ValidationException naming the field, its value and the rule when an input is missing, is not
         *     taken by this job, has the wrong type, or a baseline directory lacks a file
         */
        public MonitorJob build() {
            Set<String> takes = takes();
            for (Map.Entry<String, Object> e : given.entrySet()) {
                if (!takes.contains(e.getKey())) {
                    throw new ValidationException("MonitorJob." + e.getKey(), e.getValue(), "unset for a " + kind
                            + " " + type + " job, which takes " + takes);
                }
            }
            switch (type) {
                case DataQuality -> checkDataQuality();
                case ModelQuality -> checkModelQuality();
                case ModelBias -> checkBias();
                case ModelExplainability -> checkExplainability();
                default -> throw new IllegalStateException("unknown monitoring type " + type);
            }
            return new MonitorJob(this);
        }

        /** The inputs this kind and type of job takes. */
        private Set<String> takes() {
            boolean baselineJob = kind == Kind.BASELINE;
            return switch (type) {
                case DataQuality -> baselineJob ? Set.of("dataset") : Set.of("baseline", "captures", "dataset");
                case ModelQuality -> baselineJob ? Set.of("predictions", "modelQuality")
                        : Set.of("captures", "groundTruth", "predictions", "modelQuality", "baseline");
                case ModelBias -> baselineJob ? Set.of("dataset", "biasConfig", "model")
                        : Set.of("captures", "groundTruth", "dataset", "biasConfig", "baseline", "model", "featureNames");
                case ModelExplainability -> baselineJob ? Set.of("rows", "model", "shapOptions", "maxExplainedRows")
                        : Set.of("captures", "rows", "model", "baseline", "shapOptions", "maxExplainedRows",
                                "driftThreshold");
            };
        }

        private void checkDataQuality() {
            if (kind == Kind.BASELINE) {
                requireGiven("dataset", "a CSV or JSON Lines file of the training data");
            } else {
                oneSource("captures", "dataset");
                requireBaseline(Baseline.class, "statistics.json", "constraints.json");
            }
            if (dataset != null && !(dataset instanceof Path)) {
                throw new ValidationException("MonitorJob.dataset", dataset, "a file (dataset(Path, options)) for a"
                        + " DataQuality job");
            }
            if (dataset != null && !Files.isRegularFile((Path) dataset)) {
                throw new ValidationException("MonitorJob.dataset", dataset, "an existing CSV or JSON Lines file");
            }
        }

        private void checkModelQuality() {
            if (kind == Kind.BASELINE) {
                requireGiven("predictions", "predictions joined with labels");
            } else {
                oneSource("captures", "predictions");
                pairedWithCaptures();
                if (baseline != null) {
                    requireBaseline(ModelQualityConstraints.class, "constraints.json");
                }
            }
            if (predictions != null && predictions.isEmpty()) {
                throw new ValidationException("MonitorJob.predictions", "0 rows", "at least one row");
            }
        }

        private void checkBias() {
            requireGiven("biasConfig", "the bias configuration (label, facet, thresholds)");
            if (dataset != null && !(dataset instanceof BiasDataset)) {
                throw new ValidationException("MonitorJob.dataset", dataset, "a table (dataset(BiasDataset)) for a"
                        + " ModelBias job");
            }
            BiasConfig c = biasConfig;
            if (kind == Kind.BASELINE) {
                requireGiven("dataset", "the table of features, label and predicted label");
            } else {
                oneSource("captures", "dataset");
                pairedWithCaptures();
                requireBaseline(BiasReport.class, "analysis.json");
                if (c.predictedLabel().isEmpty()) {
                    throw new ValidationException("BiasConfig.predictedLabel", null, "set for a MONITOR ModelBias job:"
                            + " the drift check compares the post-training metrics, which need the predictions");
                }
            }
            if (dataset instanceof BiasDataset table) {
                List<String> headers = table.headers();
                column("BiasConfig.label", c.label(), headers);
                column("BiasConfig.facet", c.facet(), headers);
                c.groupVariable().ifPresent(g -> column("BiasConfig.groupVariable", g, headers));
                String predicted = c.predictedLabel().orElse(null);
                if (predicted != null && !headers.contains(predicted)) {
                    if (model == null) {
                        throw new ValidationException("MonitorJob.model", null, "a scoring function, as the table has"
                                + " no predicted label column '" + predicted + "' (its columns are " + headers + ")");
                    }
                    for (String f : model.featureNames()) {
                        column("MonitorJob.model.featureNames", f, headers);
                    }
                }
            } else if (captures != null) {
                List<String> names = featureNames != null ? featureNames : model != null ? model.featureNames() : null;
                if (names == null) {
                    throw new ValidationException("MonitorJob.featureNames", null, "the columns of a captured request,"
                            + " given as featureNames(…) or by a model");
                }
                column("BiasConfig.facet", c.facet(), names);
                c.groupVariable().ifPresent(g -> column("BiasConfig.groupVariable", g, names));
                for (String added : List.of(c.label(), c.predictedLabel().orElseThrow())) {
                    if (names.contains(added)) {
                        throw new ValidationException("BiasConfig.label/predictedLabel", added, "a name that is not"
                                + " one of the request's columns " + names);
                    }
                }
                if (c.label().equals(c.predictedLabel().orElseThrow())) {
                    throw new ValidationException("BiasConfig.predictedLabel", c.label(), "another column than the"
                            + " label");
                }
            }
        }

        private void checkExplainability() {
            requireGiven("model", "the model as a scoring function");
            if (kind == Kind.BASELINE) {
                requireGiven("rows", "raw rows of the reference data");
            } else {
                oneSource("captures", "rows");
                requireBaseline(ShapBaseline.class, "analysis.json", "analysis_config.json");
                if (baseline instanceof ShapBaseline b && b.row().length != model.featureNames().size()) {
                    throw new ValidationException("MonitorJob.shapBaseline", b.row().length + " values", "one value"
                            + " per model input column " + model.featureNames());
                }
            }
            if (rows != null && rows.isEmpty()) {
                throw new ValidationException("MonitorJob.rows", "0 rows", "at least one row");
            }
        }

        private void requireGiven(String field, String what) {
            if (!given.containsKey(field)) {
                throw new ValidationException("MonitorJob." + field, null, what + " (required by a " + kind + " "
                        + type + " job)");
            }
        }

        /** Exactly one of two data sources. */
        private void oneSource(String first, String second) {
            boolean a = given.containsKey(first);
            boolean b = given.containsKey(second);
            if (a == b) {
                throw new ValidationException("MonitorJob." + first + "/" + second, a ? "both" : "neither",
                        "exactly one data source for a " + kind + " " + type + " job");
            }
        }

        /** Ground truth comes with captures and only with them. */
        private void pairedWithCaptures() {
            if (given.containsKey("captures") != given.containsKey("groundTruth")) {
                throw new ValidationException("MonitorJob.groundTruth", groundTruth, given.containsKey("captures")
                        ? "set with captures: a " + type + " job merges captured inferences with their labels"
                        : "unset without captures (the batch form already holds the labels)");
            }
        }

        private void requireBaseline(Class<?> object, String... files) {
            if (baseline == null) {
                throw new ValidationException("MonitorJob.baseline", null, "a baseline directory or object (required"
                        + " by a " + kind + " " + type + " job)");
            }
            if (baseline instanceof Path dir) {
                for (String f : files) {
                    if (!Files.isRegularFile(dir.resolve(f))) {
                        throw new ValidationException("MonitorJob.baseline", dir, "a directory holding "
                                + String.join(" and ", files) + " (" + f + " is missing)");
                    }
                }
            } else if (!object.isInstance(baseline)) {
                throw new ValidationException("MonitorJob.baseline", baseline.getClass().getSimpleName(), "a directory"
                        + " or a " + (object == ShapBaseline.class ? "ExplainabilityReport with its SHAP baseline row"
                        : object.getSimpleName()) + " for a " + type + " job");
            }
        }

        private static void column(String field, String name, List<String> columns) {
            if (!columns.contains(name)) {
                throw new ValidationException(field, name, "one of the columns " + columns);
            }
        }
    }
}
