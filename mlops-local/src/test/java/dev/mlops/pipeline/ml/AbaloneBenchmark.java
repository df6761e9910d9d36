package dev.mlops.pipeline.ml;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;

/**
 * Measures the abalone pipeline (compile scripts, preprocess, train, evaluate) and single-row prediction
 * latency. Not a test: run it with {@code java -cp <test classpath> dev.mlops.pipeline.ml.AbaloneBenchmark
 * [cold]}. With {@code cold} it runs the pipeline once and reports the time since JVM start too.
 */
public final class AbaloneBenchmark {
    private AbaloneBenchmark() {
    }

    /**
     * Runs the measurements.
     *
     * @param args {@code cold} for one run in a fresh JVM
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        boolean cold = args.length > 0 && args[0].equals("cold");
        Path work = Files.createTempDirectory("abalone-bench");
        long t0 = System.nanoTime();
        SeedScriptCompiler scripts = new SeedScriptCompiler(work.resolve("build"),
                "pipelines/abalone/Preprocess.java", "pipelines/abalone/Evaluate.java");
        long compiled = System.nanoTime();
        AbaloneSeedScriptsTest.Run run = AbaloneSeedScriptsTest.runPipeline(work.resolve("run0"), scripts, 1L);
        long done = System.nanoTime();
        System.out.printf("first run: compile scripts %.0f ms, preprocess+train+evaluate %.0f ms%n",
                (compiled - t0) / 1e6, (done - compiled) / 1e6);
        System.out.println("evaluation.json: " + Files.readString(run.evaluation().resolve("evaluation.json")));
        if (cold) {
            System.out.printf("since JVM start: %d ms%n",
                    System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime());
            return;
        }
        double[] warm = new double[10];
        for (int i = 0; i < warm.length; i++) {
            long s = System.nanoTime();
            AbaloneSeedScriptsTest.runPipeline(work.resolve("run" + (i + 1)), scripts, 1L);
            warm[i] = (System.nanoTime() - s) / 1e6;
        }
        Arrays.sort(warm);
        System.out.printf("warm preprocess+train+evaluate: median %.0f ms (min %.0f, max %.0f) over %d runs%n",
                warm[warm.length / 2], warm[0], warm[warm.length - 1], warm.length);

        FeatureTransform transform = FeatureTransform.read(run.model().resolve(FeatureTransform.FILE_NAME));
        XgboostModel model = XgboostModel.load(run.trained().resolve("model.tar.gz"));
        List<String[]> rows = AbaloneData.rows().stream().map(r -> Arrays.copyOf(r, 8)).toList();
        float[][] x = rows.stream().map(transform::transform).toArray(float[][]::new);
        Booster booster = XGBoost.loadModel(Files.readAllBytes(unpack(run.trained(), work)));

        int n = 200_000;
        double[] ours = new double[7];
        double[] withTransform = new double[7];
        float sink = 0;
        for (int rep = 0; rep < ours.length; rep++) {
            long s = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += model.predict(x[i % x.length]);
            }
            ours[rep] = (System.nanoTime() - s) / (double) n;
            float[] buffer = new float[transform.outputColumns().size()];
            s = System.nanoTime();
            for (int i = 0; i < n; i++) {
                transform.transform(rows.get(i % rows.size()), buffer);
                sink += model.predict(buffer);
            }
            withTransform[rep] = (System.nanoTime() - s) / (double) n;
        }
        int m = 20_000;
        double[] dmatrix = new double[5];
        double[] inplace = new double[5];
        for (int rep = 0; rep < dmatrix.length; rep++) {
            long s = System.nanoTime();
            for (int i = 0; i < m; i++) {
                DMatrix one = new DMatrix(x[i % x.length], 1, x[0].length, Float.NaN);
                sink += booster.predict(one)[0][0];
                one.dispose();
            }
            dmatrix[rep] = (System.nanoTime() - s) / (double) m;
            s = System.nanoTime();
            for (int i = 0; i < m; i++) {
                sink += booster.inplace_predict(x[i % x.length], 1, x[0].length, Float.NaN)[0][0];
            }
            inplace[rep] = (System.nanoTime() - s) / (double) m;
        }
        System.out.printf("XgboostModel.predict (%d trees): median %.0f ns/row%n", model.numTrees(), median(ours));
        System.out.printf("FeatureTransform.transform + XgboostModel.predict: median %.0f ns/row%n",
                median(withTransform));
        System.out.printf("xgboost4j Booster.predict on a one-row DMatrix: median %.0f ns/row%n", median(dmatrix));
        System.out.printf("xgboost4j Booster.inplace_predict one row: median %.0f ns/row%n", median(inplace));
        System.out.println("(checksum " + sink + ")");
        booster.dispose();
    }

    private static Path unpack(Path trained, Path work) {
        XgboostModel.load(trained.resolve("model.tar.gz"));
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
                new java.util.zip.GZIPInputStream(Files.newInputStream(trained.resolve("model.tar.gz"))))) {
            tar.getNextEntry();
            Path file = work.resolve("xgboost-model.json");
            Files.write(file, tar.readAllBytes());
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static double median(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return copy[copy.length / 2];
    }
}
