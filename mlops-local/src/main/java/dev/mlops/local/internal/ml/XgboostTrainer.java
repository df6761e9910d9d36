package dev.mlops.local.internal.ml;

import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.ValidationException;
import dev.mlops.pipeline.ml.XgboostModel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local counterpart of SageMaker's built-in XGBoost algorithm in CSV mode.
 *
 * <p>Channels are files or directories of headerless CSV files whose first column is the label
 * ({@code train} is required, {@code validation} optional). Hyperparameters use SageMaker's names and are
 * strings: {@code num_round} (required), {@code max_depth}, {@code eta}, {@code gamma},
 * {@code min_child_weight}, {@code subsample}, {@code colsample_bytree}, {@code lambda}, {@code alpha},
 * {@code objective} ({@code reg:linear} is read as its current name {@code reg:squarederror}), {@code seed}
 * (default 0) and {@code nthread} (default 1, so that a run is reproducible and leaves the other cores
 * alone). Known ones are validated; {@code silent} is dropped (XGBoost 3 removed it); any other is passed
 * to XGBoost unchanged.
 *
 * <p>Each round is logged as the container logs it, with the tab shown as CloudWatch renders it:
 * {@code [0]#011train-rmse:8.09231#011validation-rmse:8.10934}. The model is written in XGBoost's JSON
 * format as {@code xgboost-model} inside {@value #MODEL_ARCHIVE}, the SageMaker layout that
 * {@link XgboostModel#load(Path)} reads.
 */
public final class XgboostTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(XgboostTrainer.class);

    /** The name of the model artifact written to the output directory. */
    public static final String MODEL_ARCHIVE = "model.tar.gz";

    private static final Set<String> CHANNELS = Set.of("train", "validation");
    private static final Set<String> OBJECTIVES = Set.of("reg:squarederror", "reg:squaredlogerror",
            "reg:logistic", "reg:pseudohubererror", "reg:absoluteerror", "reg:quantileerror", "reg:gamma",
            "reg:tweedie", "binary:logistic", "binary:logitraw", "binary:hinge", "count:poisson",
            "survival:cox", "survival:aft", "multi:softmax", "multi:softprob", "rank:ndcg", "rank:map",
            "rank:pairwise");

    private final PrintStream log;

    /**
     * The outcome of a training job.
     *
     * @param modelArtifact the written {@value #MODEL_ARCHIVE}
     * @param rounds the number of boosting rounds
     * @param finalMetrics the last round's metrics, named as SageMaker names them ({@code train:rmse},
     *        {@code validation:rmse})
     * @param history every round's metrics, in round order
     */
    public record TrainingResult(Path modelArtifact, int rounds, Map<String, Double> finalMetrics,
                                 List<Map<String, Double>> history) {
        /**
         * Copies the collections so that the result is immutable.
         *
         * @param modelArtifact the written archive
         * @param rounds the number of rounds
         * @param finalMetrics the last round's metrics
         * @param history every round's metrics
         */
        public TrainingResult {
            finalMetrics = Map.copyOf(finalMetrics);
            history = List.copyOf(history);
        }
    }

    /**
     * Creates a trainer.
     *
     * @param log where the per-round metrics are printed, like the training job's log
     */
    public XgboostTrainer(PrintStream log) {
        this.log = log;
    }

    /**
     * Trains a model and writes {@value #MODEL_ARCHIVE} to the output directory.
     *
     * @param channels {@code train} and optionally {@code validation}, each a CSV file or a directory of them
     * @param hyperparameters SageMaker-named hyperparameters as strings
     * @param outputDir the directory to write the archive to; created if absent
     * @return the artifact and the metrics
     * @throws ValidationException if a channel name or a hyperparameter value is invalid
     * @throws MlopsClientException if a channel is missing, empty or malformed (the message names file, line
     *         and column), or XGBoost rejects a passed-through parameter
     * @throws MlopsBackendException if the archive cannot be written
     */
    public TrainingResult train(Map<String, Path> channels, Map<String, String> hyperparameters, Path outputDir) {
        for (String name : channels.keySet()) {
            if (!CHANNELS.contains(name)) {
                throw new ValidationException("channels", name, "one of " + CHANNELS);
            }
        }
        Path trainPath = channels.get("train");
        if (trainPath == null) {
            throw new ValidationException("channels.train", null, "a CSV file or directory of CSV files");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        int rounds = parseHyperparameters(hyperparameters, params);
        Table train = Table.read(trainPath, "train", -1);
        Table validation = channels.containsKey("validation")
                ? Table.read(channels.get("validation"), "validation", train.columns) : null;
        LOG.debug("Training XGBoost for {} rounds on {} rows x {} features with {}", rounds, train.rows,
                train.columns - 1, params);

        DMatrix dtrain = null;
        DMatrix dvalidation = null;
        Booster booster = null;
        try {
            dtrain = train.toDMatrix();
            dvalidation = validation == null ? null : validation.toDMatrix();
            DMatrix[] watches = dvalidation == null ? new DMatrix[] {dtrain} : new DMatrix[] {dtrain, dvalidation};
            String[] names = dvalidation == null ? new String[] {"train"} : new String[] {"train", "validation"};
            // Zero rounds builds an empty booster; boosting round by round lets us log each one our way.
            booster = XGBoost.train(dtrain, params, 0, Map.of(), null, null);
            List<Map<String, Double>> history = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                booster.update(dtrain, round);
                Map<String, Double> metrics = parseEval(booster.evalSet(watches, names, round));
                history.add(metrics);
                StringBuilder line = new StringBuilder("[").append(round).append(']');
                metrics.forEach((k, v) -> line.append("#011").append(k.replace(':', '-')).append(':')
                        .append(String.format(Locale.ROOT, "%.5f", v)));
                log.println(line);
            }
            Path archive = writeArchive(booster.toByteArray("json"), outputDir);
            return new TrainingResult(archive, rounds,
                    history.isEmpty() ? Map.of() : history.get(history.size() - 1), history);
        } catch (XGBoostError e) {
            String message = e.getMessage() == null ? "" : e.getMessage().strip();
            int end = message.indexOf("Stack trace:");
            throw new MlopsClientException("XGBoost rejected the training job with hyperparameters "
                    + hyperparameters + ": " + (end > 0 ? message.substring(0, end).strip() : message), e,
                    Map.of("hyperparameters", hyperparameters.toString()));
        } finally {
            if (booster != null) {
                booster.dispose();
            }
            if (dtrain != null) {
                dtrain.dispose();
            }
            if (dvalidation != null) {
                dvalidation.dispose();
            }
        }
    }

    private static int parseHyperparameters(Map<String, String> hyperparameters, Map<String, Object> params) {
        params.put("nthread", 1);
        params.put("seed", 0);
        params.put("verbosity", 0);
        Integer rounds = null;
        for (Map.Entry<String, String> e : hyperparameters.entrySet()) {
            String name = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue().strip();
            switch (name) {
                case "num_round" -> rounds = integer(name, value, 1);
                case "max_depth" -> params.put(name, integer(name, value, 0));
                case "nthread" -> params.put(name, integer(name, value, 1));
                case "seed" -> params.put(name, integer(name, value, Integer.MIN_VALUE));
                case "eta", "learning_rate" -> params.put("eta", number(name, value, 0, 1, false, "in [0, 1]"));
                case "gamma", "min_child_weight", "lambda", "alpha", "max_delta_step" ->
                        params.put(name, number(name, value, 0, Double.MAX_VALUE, false, "at least 0"));
                case "subsample", "colsample_bytree", "colsample_bylevel", "colsample_bynode" ->
                        params.put(name, number(name, value, 0, 1, true, "in (0, 1]"));
                case "objective" -> {
                    String objective = "reg:linear".equals(value) ? "reg:squarederror" : value;
                    if (!OBJECTIVES.contains(objective)) {
                        throw new ValidationException("hyperparameters.objective", value,
                                "an XGBoost objective such as reg:squarederror (or its old name reg:linear)");
                    }
                    params.put(name, objective);
                }
                case "silent" -> LOG.debug("Dropping hyperparameter silent={}: XGBoost 3 removed it", value);
                case "early_stopping_rounds" -> throw new ValidationException("hyperparameters." + name, value,
                        "unset: the local XGBoost trainer does not stop early yet");
                default -> params.put(name, value);
            }
        }
        if (rounds == null) {
            throw new ValidationException("hyperparameters.num_round", null, "set to the number of rounds, >= 1");
        }
        return rounds;
    }

    private static int integer(String name, String value, int min) {
        try {
            int v = Integer.parseInt(value);
            if (v >= min) {
                return v;
            }
        } catch (NumberFormatException e) {
            // Reported below with the rule.
        }
        throw new ValidationException("hyperparameters." + name, value,
                min == Integer.MIN_VALUE ? "an integer" : "an integer >= " + min);
    }

    private static double number(String name, String value, double min, double max, boolean openMin,
                                 String rule) {
        try {
            double v = Double.parseDouble(value);
            if (Double.isFinite(v) && (openMin ? v > min : v >= min) && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // Reported below with the rule.
        }
        throw new ValidationException("hyperparameters." + name, value, "a number " + rule);
    }

    // XGBoost renders "[3]\ttrain-rmse:2.1\tvalidation-rmse:2.3"; SageMaker names these train:rmse.
    private static Map<String, Double> parseEval(String text) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (String part : text.strip().split("\t")) {
            int colon = part.lastIndexOf(':');
            int dash = part.indexOf('-');
            if (part.startsWith("[") || colon < 0 || dash < 0) {
                continue;
            }
            metrics.put(part.substring(0, dash) + ":" + part.substring(dash + 1, colon),
                    Double.parseDouble(part.substring(colon + 1)));
        }
        return metrics;
    }

    private static Path writeArchive(byte[] model, Path outputDir) {
        Path archive = outputDir.resolve(MODEL_ARCHIVE);
        try {
            Files.createDirectories(outputDir);
            try (OutputStream file = Files.newOutputStream(archive);
                 TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(file))) {
                TarArchiveEntry entry = new TarArchiveEntry(XgboostModel.MODEL_FILE_NAME);
                entry.setSize(model.length);
                // A fixed timestamp makes the archive byte-identical across runs with the same seed.
                entry.setModTime(0L);
                tar.putArchiveEntry(entry);
                tar.write(model);
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new MlopsBackendException("Cannot write " + archive + ": " + e.getMessage(), e);
        }
        return archive;
    }

    /** A channel's rows, label first, as one flat float array. */
    private static final class Table {
        final int columns;
        final int rows;
        final float[] values;

        private Table(int columns, int rows, float[] values) {
            this.columns = columns;
            this.rows = rows;
            this.values = values;
        }

        static Table read(Path channel, String name, int expectedColumns) {
            List<Path> files;
            if (Files.isDirectory(channel)) {
                try (Stream<Path> list = Files.list(channel)) {
                    files = list.filter(Files::isRegularFile)
                            .filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
                } catch (IOException e) {
                    throw new MlopsClientException("Cannot list channel '" + name + "' at " + channel + ": "
                            + e.getMessage(), e, Map.of("channel", name, "file", channel.toString()));
                }
            } else if (Files.isRegularFile(channel)) {
                files = List.of(channel);
            } else {
                throw new MlopsClientException("Channel '" + name + "' " + channel + " does not exist", null,
                        Map.of("channel", name, "file", channel.toString()));
            }
            int columns = expectedColumns;
            float[] values = new float[1024];
            int count = 0;
            for (Path file : files) {
                try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    String line;
                    int lineNo = 0;
                    while ((line = in.readLine()) != null) {
                        lineNo++;
                        if (line.isBlank()) {
                            continue;
                        }
                        String[] fields = line.split(",", -1);
                        if (columns < 0) {
                            columns = fields.length;
                            if (columns < 2) {
                                throw corrupt(name, file, lineNo, 1, "has " + columns
                                        + " column; expected the label then at least one feature");
                            }
                        }
                        if (fields.length != columns) {
                            throw corrupt(name, file, lineNo, Math.min(fields.length, columns) + 1, "has "
                                    + fields.length + " columns; expected " + columns
                                    + " (label first, then the features" + (expectedColumns > 0
                                    ? ", as in the train channel)" : ", as on the file's first row)"));
                        }
                        if (count + columns > values.length) {
                            values = Arrays.copyOf(values, Math.max(values.length * 2, count + columns));
                        }
                        for (int c = 0; c < columns; c++) {
                            values[count++] = parse(fields[c], c, name, file, lineNo);
                        }
                    }
                } catch (IOException e) {
                    throw new MlopsClientException("Cannot read channel '" + name + "' file " + file + ": "
                            + e.getMessage(), e, Map.of("channel", name, "file", file.toString()));
                }
            }
            if (count == 0) {
                throw new MlopsClientException("Channel '" + name + "' at " + channel + " holds no CSV rows", null,
                        Map.of("channel", name, "file", channel.toString()));
            }
            return new Table(columns, count / columns, values);
        }

        private static float parse(String field, int column, String channel, Path file, int line) {
            String s = field.strip();
            if (s.isEmpty()) {
                if (column == 0) {
                    throw corrupt(channel, file, line, 1, "has an empty label");
                }
                return Float.NaN; // An empty feature is a missing value, as the container reads CSV.
            }
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                if (!(ch >= '0' && ch <= '9' || ch == '.' || ch == '-' || ch == '+' || ch == 'e' || ch == 'E')) {
                    throw corrupt(channel, file, line, column + 1, "has \"" + field + "\", which is not a number");
                }
            }
            try {
                float v = Float.parseFloat(s);
                if (Float.isFinite(v)) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // Reported below.
            }
            throw corrupt(channel, file, line, column + 1, "has \"" + field + "\", which is not a finite number");
        }

        private static MlopsClientException corrupt(String channel, Path file, int line, int column, String what) {
            return new MlopsClientException("Channel '" + channel + "' file " + file + " line " + line + " column "
                    + column + " " + what, null, Map.of("channel", channel, "file", file.toString(),
                    "line", Integer.toString(line), "column", Integer.toString(column)));
        }

        DMatrix toDMatrix() throws XGBoostError {
            int features = columns - 1;
            float[] x = new float[rows * features];
            float[] y = new float[rows];
            for (int r = 0; r < rows; r++) {
                y[r] = values[r * columns];
                System.arraycopy(values, r * columns + 1, x, r * features, features);
            }
            DMatrix m = new DMatrix(x, rows, features, Float.NaN);
            m.setLabel(y);
            return m;
        }
    }
}
