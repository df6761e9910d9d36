package dev.mlops.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the seed's real {@code Preprocess} script, compiled into a code jar, over a directory laid out as SageMaker lays
 * out {@code /opt/ml/processing/} for the abalone pipeline's first step.
 */
class ProcessingStepMainTest {
    private static final String SEED = "dev/mlops/seed/modelbuild/";
    @TempDir
    static Path shared;
    static Path codeJar;

    /** Compiles the seed's scripts as the build stage does, into one jar. */
    @BeforeAll
    static void compileSeed() throws Exception {
        codeJar = seedJar(shared);
    }

    /** The seed's Preprocess and Evaluate compiled under a directory into {@code model-build.jar}, whose path is returned. */
    static Path seedJar(Path shared) throws Exception {
        Path src = Files.createDirectories(shared.resolve("src/pipelines/abalone"));
        for (String f : List.of("Preprocess.java", "Evaluate.java")) {
            try (InputStream in = resource(SEED + "pipelines/abalone/" + f)) {
                Files.copy(in, src.resolve(f));
            }
        }
        Path classes = Files.createDirectories(shared.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                src.resolve("Preprocess.java").toString(), src.resolve("Evaluate.java").toString());
        assertThat(rc).isZero();
        Path codeJar = shared.resolve("model-build.jar");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(codeJar));
                Stream<Path> walk = Files.walk(classes)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                jar.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, jar);
                jar.closeEntry();
            }
        }
        return codeJar;
    }

    static InputStream resource(String name) {
        InputStream in = ProcessingStepMainTest.class.getClassLoader().getResourceAsStream(name);
        assertThat(in).as(name).isNotNull();
        return in;
    }

    /** A processing root as SageMaker fills it before the entry point starts. */
    private static Path layout(Path root) throws IOException {
        Path code = Files.createDirectories(root.resolve("input/code"));
        Files.copy(codeJar, code.resolve("model-build.jar"));
        Path raw = Files.createDirectories(root.resolve("input/raw"));
        try (InputStream in = resource("dev/mlops/seed/data/abalone.csv")) {
            Files.copy(in, raw.resolve("abalone-dataset.csv"));
        }
        return root;
    }

    private static long lines(Path file) throws IOException {
        try (Stream<String> s = Files.lines(file)) {
            return s.filter(l -> !l.isBlank()).count();
        }
    }

    @Test
    void preprocessRunsOverSageMakersLayout_andWritesEveryOutputWhereSageMakerUploadsFrom(@TempDir Path tmp) throws Exception {
        Path root = layout(tmp);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = ProcessingStepMain.run(root, List.of("pipelines.abalone.Preprocess", "--input-data", "s3://b/abalone.csv"),
                Map.of(ProcessingStepMain.OUTPUTS_ENV, "train,validation,test,model"), new PrintStream(log, true),
                new PrintStream(err, true));

        assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
        long input = lines(root.resolve("input/raw/abalone-dataset.csv"));
        long train = lines(root.resolve("train/train.csv"));
        long validation = lines(root.resolve("validation/validation.csv"));
        long test = lines(root.resolve("test/test.csv"));
        assertThat(train + validation + test).isEqualTo(input);
        assertThat((double) train / input).isCloseTo(0.70, org.assertj.core.data.Offset.offset(0.01));
        assertThat(root.resolve("model/preprocessor.json")).isNotEmptyFile();
        // The label moved to column 0, then 7 scaled measurements and 3 one-hot columns for sex.
        String first = Files.readAllLines(root.resolve("train/train.csv")).get(0);
        assertThat(first.split(",")).hasSize(11);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("running pipelines.abalone.Preprocess");
    }

    @Test
    void theSameCode_splitsTheSameWay_withoutASeedGiven(@TempDir Path a, @TempDir Path b) throws Exception {
        for (Path root : List.of(layout(a), layout(b))) {
            assertThat(ProcessingStepMain.run(root, List.of("pipelines.abalone.Preprocess"),
                    Map.of(ProcessingStepMain.OUTPUTS_ENV, "train,validation,test,model"), quiet(), quiet())).isZero();
        }
        assertThat(Files.readAllBytes(a.resolve("train/train.csv"))).isEqualTo(Files.readAllBytes(b.resolve("train/train.csv")));
    }

    @Test
    void aScriptThatFails_exitsOne_namingTheClassAndTheCause(@TempDir Path tmp) throws Exception {
        Path root = layout(tmp);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // Evaluate needs inputs "model" and "test", which this layout lacks.
        int rc = ProcessingStepMain.run(root, List.of("pipelines.abalone.Evaluate"),
                Map.of(ProcessingStepMain.OUTPUTS_ENV, "evaluation"), quiet(), new PrintStream(err, true));
        assertThat(rc).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("pipelines.abalone.Evaluate failed").contains("no input named");
        assertThat(root.resolve("evaluation")).isDirectory();
    }

    @Test
    void aBadCommandLineOrLayout_exitsTwo_sayingWhatIsMissing(@TempDir Path tmp) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true);
        assertThat(ProcessingStepMain.run(tmp, List.of("pipelines.abalone.Preprocess"), Map.of(), quiet(), e)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("input/code").contains("code jar");

        Path root = layout(tmp.resolve("job"));
        err.reset();
        assertThat(ProcessingStepMain.run(root, List.of("pipelines.abalone.Missing"), Map.of(), quiet(), e)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("pipelines.abalone.Missing is not in the model-build code");

        err.reset();
        assertThat(ProcessingStepMain.run(root, List.of("java.lang.String"), Map.of(), quiet(), e)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("does not implement dev.mlops.pipeline.ProcessingScript");

        err.reset();
        assertThat(ProcessingStepMain.run(root, List.of(), Map.of(), quiet(), e)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage");

        err.reset();
        assertThat(ProcessingStepMain.run(root, List.of("pipelines.abalone.Preprocess"),
                Map.of(ProcessingStepMain.OUTPUTS_ENV, "../escape"), quiet(), e)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("not a plain directory name");
    }

    private static PrintStream quiet() {
        return new PrintStream(OutputStream.nullOutputStream());
    }
}
