package dev.mlops.local.internal.serving.bench;

import dev.mlops.monitor.capture.CaptureData;
import dev.mlops.monitor.capture.CaptureWriter;

import dev.mlops.local.internal.serving.EndpointServer;
import dev.mlops.local.internal.serving.RowPredictor;
import dev.mlops.pipeline.ml.XgboostModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The Java side of {@code bench/endpoint.sh}: trains the abalone XGBoost model with xgboost4j (the SageMaker
 * abalone template's hyperparameters), saves it as JSON, checks that {@link XgboostModel} gives
 * xgboost4j's predictions on every row, and serves it with {@link EndpointServer} on loopback until killed.
 *
 * <p>Arguments: {@code --data abalone.csv --model out/model.json --port-file out/port --sample out/row.csv
 * [--threads N] [--predictor tree|booster] [--capture DIR [--sampling PERCENT]]}. Features: the 7 numeric columns then sex one-hot as F, I, M.
 */
public final class EndpointBenchServer {

    private EndpointBenchServer() {
    }

    /**
     * Trains, verifies and serves; blocks until the process is killed.
     *
     * @param args see the class comment
     * @throws Exception if training, saving or binding fails
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path data = Path.of(options.getOrDefault("data",
                "mlops-core/src/main/resources/dev/mlops/seed/data/abalone.csv"));
        Path modelFile = Path.of(options.getOrDefault("model", "target/bench/model.json"));
        Path portFile = Path.of(options.getOrDefault("port-file", "target/bench/port"));
        Path sampleFile = Path.of(options.getOrDefault("sample", "target/bench/row.csv"));
        int threads = Integer.parseInt(options.getOrDefault("threads", "0"));
        String kind = options.getOrDefault("predictor", "tree");
        Files.createDirectories(modelFile.toAbsolutePath().getParent());

        List<String> lines = Files.readAllLines(data, StandardCharsets.UTF_8);
        List<float[]> rows = new ArrayList<>();
        List<Float> labels = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",");
            float[] row = new float[10];
            for (int c = 0; c < 7; c++) {
                row[c] = Float.parseFloat(f[c + 1]);
            }
            row[7] = f[0].equals("F") ? 1 : 0;
            row[8] = f[0].equals("I") ? 1 : 0;
            row[9] = f[0].equals("M") ? 1 : 0;
            rows.add(row);
            labels.add(Float.parseFloat(f[8]));
        }
        float[] flat = new float[rows.size() * 10];
        float[] y = new float[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, flat, i * 10, 10);
            y[i] = labels.get(i);
        }
        DMatrix train = new DMatrix(flat, rows.size(), 10, Float.NaN);
        train.setLabel(y);
        Map<String, Object> params = new HashMap<>();
        params.put("objective", "reg:squarederror");
        params.put("max_depth", 5);
        params.put("eta", 0.2);
        params.put("gamma", 4);
        params.put("min_child_weight", 6);
        params.put("subsample", 0.7);
        params.put("seed", 0);
        params.put("nthread", 1);
        Booster booster = XGBoost.train(train, params, 50, new HashMap<>(), null, null);
        booster.saveModel(modelFile.toString());

        XgboostModel model = XgboostModel.load(modelFile);
        RowPredictor tree = new RowPredictor() {
            private final ThreadLocal<float[]> buffer = ThreadLocal.withInitial(() -> new float[10]);

            @Override
            public int inputColumns() {
                return 10;
            }

            @Override
            public double predict(double[] row) {
                float[] f = buffer.get();
                for (int i = 0; i < f.length; i++) {
                    f[i] = (float) row[i];
                }
                return model.predict(f);
            }
        };
        float[][] expected = booster.predict(train);
        double[] row = new double[10];
        for (int i = 0; i < rows.size(); i++) {
            for (int c = 0; c < 10; c++) {
                row[c] = rows.get(i)[c];
            }
            if ((float) tree.predict(row) != expected[i][0]) {
                throw new IllegalStateException("Tree walk differs from xgboost4j on abalone row " + (i + 1) + ": "
                        + tree.predict(row) + " vs " + expected[i][0]);
            }
        }
        RowPredictor predictor = kind.equals("booster") ? new BoosterPredictor(booster) : tree;

        StringBuilder sample = new StringBuilder();
        double[] sampleRow = new double[10];
        for (int c = 0; c < 10; c++) {
            sample.append(c == 0 ? "" : ",").append(rows.get(0)[c]);
            sampleRow[c] = rows.get(0)[c];
        }
        Files.writeString(sampleFile, sample.toString());

        EndpointServer.Builder builder = EndpointServer.builder("abalone-bench").eventLoopThreads(threads);
        CaptureWriter capture = null;
        if (options.containsKey("capture")) {
            // the same writer and payload encoding the local backend's DataCapture installs on an endpoint
            CaptureWriter writer = CaptureWriter.builder(Path.of(options.get("capture")), "abalone-bench")
                    .samplingPercentage(Double.parseDouble(options.getOrDefault("sampling", "100"))).build();
            capture = writer;
            builder.listener((variant, id, ct, req, accept, resp, ms) -> writer.capture(id,
                    CaptureData.of(ct, CaptureData.Mode.INPUT, req), CaptureData.of(accept, CaptureData.Mode.OUTPUT, resp)));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                writer.close();
                System.out.println("capture: " + writer.dropped() + " records dropped (writer behind, buffer full)");
            }));
        }
        EndpointServer server = builder.start();
        server.deploy("AllTraffic", predictor, sampleRow);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        Files.writeString(portFile, Integer.toString(server.port()));
        System.out.println("abalone model: " + model.numTrees() + " trees, tree walk equals xgboost4j on "
                + rows.size() + " rows; serving with the " + kind + " predictor on " + server.uri()
                + (capture == null ? ", no data capture" : ", capturing to " + options.get("capture") + " at "
                        + options.getOrDefault("sampling", "100") + "%"));
        new CountDownLatch(1).await();
    }

    /** xgboost4j's own predict, one DMatrix per row: the baseline the tree walk replaces. */
    private static final class BoosterPredictor implements RowPredictor {
        private final Booster booster;

        BoosterPredictor(Booster booster) {
            this.booster = booster;
        }

        @Override
        public int inputColumns() {
            return 10;
        }

        @Override
        public double predict(double[] row) {
            float[] values = new float[row.length];
            for (int i = 0; i < row.length; i++) {
                values[i] = (float) row[i];
            }
            try {
                DMatrix matrix = new DMatrix(values, 1, row.length, Float.NaN);
                try {
                    return booster.predict(matrix)[0][0];
                } finally {
                    matrix.dispose();
                }
            } catch (XGBoostError e) {
                throw new IllegalStateException("xgboost4j predict failed: " + e.getMessage(), e);
            }
        }
    }
}
