package dev.mlops.container;

import dev.mlops.exception.MlopsClientException;
import dev.mlops.pipeline.ProcessingContext;
import dev.mlops.pipeline.ProcessingScript;
import dev.mlops.pipeline.ProcessingStep;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The entry point of a processing step in the SDK's image: runs a {@link ProcessingScript} of the model-build
 * code over SageMaker's processing layout. The renderer writes the command
 * {@code java -cp /opt/mlops/lib/*:/opt/ml/processing/input/code/* dev.mlops.container.ProcessingStepMain <script class>}
 * ({@link ProcessingStep#SDK_ENTRY_POINT}) followed by the step's arguments.
 *
 * <p>Under the root ({@code /opt/ml/processing}, or {@code $MLOPS_PROCESSING_ROOT}):
 * <ul>
 *   <li>{@code input/code/} holds the model-build code jar(s), which the build stage uploads;</li>
 *   <li>{@code input/<name>/} holds each input, as SageMaker downloads it;</li>
 *   <li>{@code <name>/} receives each output named in {@code $MLOPS_PROCESSING_OUTPUTS} (comma-separated; SageMaker
 *   uploads it when the script ends).</li>
 * </ul>
 * The script's seed is {@code $MLOPS_SEED} if set, else one derived from the code jars' content (the same code
 * seeds the same way, as on the embedded backend). Exit status 0 on success, 1 if the script fails, 2 on a bad
 * command line or layout; the reason goes to standard error, which SageMaker keeps in the job's log.
 */
public final class ProcessingStepMain {
    /** The environment variable naming the step's outputs. */
    public static final String OUTPUTS_ENV = "MLOPS_PROCESSING_OUTPUTS";
    /** The environment variable that moves the root, for tests and local runs. */
    public static final String ROOT_ENV = "MLOPS_PROCESSING_ROOT";
    /** The environment variable that fixes the script's seed. */
    public static final String SEED_ENV = "MLOPS_SEED";

    private ProcessingStepMain() {
    }

    /**
     * Runs the script named by the first argument and exits with its status.
     *
     * @param args the script's class name, then the step's arguments
     */
    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        Path root = Path.of(env.getOrDefault(ROOT_ENV, ProcessingStep.PROCESSING_ROOT));
        System.exit(run(root, Arrays.asList(args), env, System.out, System.err));
    }

    /**
     * Runs a script over a processing layout.
     *
     * @param root the layout's root, e.g. {@code /opt/ml/processing}
     * @param args the script's class name, then the step's arguments
     * @param env the job's environment
     * @param log where the script's log goes
     * @param err where a failure is reported
     * @return the exit status: 0 on success, 1 if the script failed, 2 if it could not be started
     */
    public static int run(Path root, List<String> args, Map<String, String> env, PrintStream log, PrintStream err) {
        if (args.isEmpty()) {
            err.println("usage: ProcessingStepMain <script class> [arguments...]");
            return 2;
        }
        String className = args.get(0);
        ProcessingScript script;
        Layout layout;
        URLClassLoader loader;
        try {
            layout = Layout.of(root, env);
            loader = new URLClassLoader(layout.codeUrls(), ProcessingStepMain.class.getClassLoader());
            script = instantiate(loader, className);
        } catch (MlopsClientException | IOException e) {
            err.println("ProcessingStepMain: " + e.getMessage());
            return 2;
        }
        long seed = env.containsKey(SEED_ENV) ? Long.parseLong(env.get(SEED_ENV)) : layout.codeSeed();
        ProcessingContext context = new Context(layout, List.copyOf(args.subList(1, args.size())), Map.copyOf(env), log,
                seed);
        log.println("ProcessingStepMain: running " + className + " over inputs " + layout.inputs.keySet() + ", outputs "
                + layout.outputs.keySet());
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
        try (loader) {
            script.run(context);
            log.flush();
            return 0;
        } catch (Exception e) {
            err.println("ProcessingStepMain: " + className + " failed: " + e);
            e.printStackTrace(err);
            return 1;
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private static ProcessingScript instantiate(ClassLoader loader, String className) {
        Class<?> c;
        try {
            c = Class.forName(className, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new MlopsClientException("class " + className + " is not in the model-build code under input/"
                    + ProcessingStep.CODE_INPUT + " (" + e + ")", e, Map.of("class", className));
        }
        if (!ProcessingScript.class.isAssignableFrom(c)) {
            throw new MlopsClientException("class " + className + " does not implement " + ProcessingScript.class.getName(),
                    null, Map.of("class", className));
        }
        try {
            Constructor<?> ctor = c.getConstructor();
            return (ProcessingScript) ctor.newInstance();
        } catch (NoSuchMethodException | IllegalAccessException | InstantiationException e) {
            throw new MlopsClientException("class " + className + " needs a public no-argument constructor", e,
                    Map.of("class", className));
        } catch (InvocationTargetException e) {
            throw new MlopsClientException("the constructor of " + className + " failed: " + e.getCause(), e.getCause(),
                    Map.of("class", className));
        }
    }

    /** The directories of one processing job. */
    private static final class Layout {
        final List<Path> code;
        final Map<String, Path> inputs = new LinkedHashMap<>();
        final Map<String, Path> outputs = new LinkedHashMap<>();

        private Layout(List<Path> code) {
            this.code = code;
        }

        static Layout of(Path root, Map<String, String> env) throws IOException {
            Path inputRoot = root.resolve("input");
            Path codeDir = inputRoot.resolve(ProcessingStep.CODE_INPUT);
            if (!Files.isDirectory(codeDir)) {
                throw new MlopsClientException("no model-build code: " + codeDir + " is not a directory (the step's"
                        + " input \"" + ProcessingStep.CODE_INPUT + "\" must hold the code jar)", null,
                        Map.of("path", codeDir.toString()));
            }
            List<Path> jars;
            try (Stream<Path> s = Files.list(codeDir)) {
                jars = s.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)).sorted().toList();
            }
            if (jars.isEmpty()) {
                throw new MlopsClientException("no model-build code: " + codeDir + " holds no .jar", null,
                        Map.of("path", codeDir.toString()));
            }
            Layout layout = new Layout(jars);
            if (Files.isDirectory(inputRoot)) {
                try (Stream<Path> s = Files.list(inputRoot)) {
                    for (Path d : s.filter(Files::isDirectory).sorted().toList()) {
                        String name = d.getFileName().toString();
                        if (!name.equals(ProcessingStep.CODE_INPUT)) {
                            layout.inputs.put(name, d);
                        }
                    }
                }
            }
            for (String o : env.getOrDefault(OUTPUTS_ENV, "").split(",")) {
                String name = o.strip();
                if (name.isEmpty()) {
                    continue;
                }
                if (name.equals("input") || name.contains("/") || name.contains("..")) {
                    throw new MlopsClientException(OUTPUTS_ENV + " names an output \"" + name
                            + "\" that is not a plain directory name beside input/", null, Map.of("output", name));
                }
                layout.outputs.put(name, Files.createDirectories(root.resolve(name)));
            }
            return layout;
        }

        URL[] codeUrls() {
            List<URL> urls = new ArrayList<>();
            for (Path p : code) {
                try {
                    urls.add(p.toUri().toURL());
                } catch (MalformedURLException e) {
                    throw new IllegalStateException(e);
                }
            }
            return urls.toArray(new URL[0]);
        }

        long codeSeed() {
            try {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                for (Path p : code) {
                    md.update(p.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    md.update(Files.readAllBytes(p));
                }
                return ByteBuffer.wrap(md.digest()).getLong();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The script's view of the job. */
    private record Context(Layout layout, List<String> arguments, Map<String, String> environment, PrintStream log,
            long seed) implements ProcessingContext {

        @Override
        public Path input(String name) {
            Path p = layout.inputs.get(name);
            if (p == null) {
                throw new MlopsClientException("The step has no input named '" + name + "'; it has "
                        + layout.inputs.keySet(), null, Map.of("input", name));
            }
            return p;
        }

        @Override
        public Path output(String name) {
            Path p = layout.outputs.get(name);
            if (p == null) {
                throw new MlopsClientException("The step has no output named '" + name + "'; it has "
                        + layout.outputs.keySet(), null, Map.of("output", name));
            }
            return p;
        }

        @Override
        public String toString() {
            // The environment may carry credentials: never print it.
            return "ProcessingContext{inputs=" + layout.inputs.keySet() + ", outputs=" + layout.outputs.keySet() + "}";
        }
    }
}
