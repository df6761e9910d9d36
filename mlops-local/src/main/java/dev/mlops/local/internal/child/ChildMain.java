package dev.mlops.local.internal.child;

import dev.mlops.exception.MlopsClientException;
import dev.mlops.local.internal.ml.XgboostTrainer;
import dev.mlops.pipeline.ConditionStep;
import dev.mlops.internal.EndpointTestContexts;
import dev.mlops.internal.EndpointTestRun;
import dev.mlops.pipeline.EndpointTestContext;
import dev.mlops.pipeline.JsonGet;
import dev.mlops.pipeline.MlPipeline;
import dev.mlops.pipeline.PipelineFactory;
import dev.mlops.pipeline.PipelineSettings;
import dev.mlops.pipeline.ProcessingContext;
import dev.mlops.pipeline.ProcessingScript;
import dev.mlops.pipeline.ProcessingStep;
import dev.mlops.pipeline.RegisterModelStep;
import dev.mlops.pipeline.TrainingStep;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The main class of the child JVM that runs a pipeline run's user code: the processing scripts and endpoint
 * tests of its repository, and the built-in XGBoost training. It is the embedded counterpart of SageMaker's job
 * container and CodeBuild's build container.
 *
 * <p>Requests: build the pipeline with the repository's factory (sent back with {@link PipelineCodec}), run a
 * processing script, train, run the endpoint tests. It knows only what a request gives it: the step's input and
 * output directories, its parameters, the compiled classes, the endpoint URL. It has no state store, no home and no identity: its class path holds
 * the SDK's API (mlops-core), Jackson, the trainer and its libraries, and none of the embedded backend.
 *
 * <p>Requests come one JSON object per line on stdin (see {@link ChildProtocol}); they run one at a time on
 * a worker thread. What a step prints on {@code System.out} or on its log is the step's log; the answer is
 * a control line on stdout. When stdin ends (the leader closed it, or died), the child deletes its sandbox (its
 * working directory) and halts at once, whatever its steps are doing.
 */
public final class ChildMain {

    private static PrintStream protocol;
    private static OutputStream errorProtocol;
    private static PrintStream stdout;
    private static PrintStream stderr;
    private static final Map<String, URLClassLoader> LOADERS = new HashMap<>();

    private ChildMain() {
    }

    /**
     * Serves requests until stdin ends.
     *
     * @param args {@link ChildProtocol#WARM_TRAINING} and/or {@link ChildProtocol#WARM_TESTS}: what to load ahead
     * @throws IOException if stdin cannot be read
     */
    public static void main(String[] args) throws IOException {
        // A step that closes System.out or System.err closes these wrappers only, never the descriptors.
        protocol = new PrintStream(unclosable(new FileOutputStream(FileDescriptor.out)), false, StandardCharsets.UTF_8);
        errorProtocol = unclosable(new FileOutputStream(FileDescriptor.err));
        stdout = new PrintStream(new BufferedOutputStream(unclosable(new FileOutputStream(FileDescriptor.out)), 8192), true,
                StandardCharsets.UTF_8);
        stderr = new PrintStream(new BufferedOutputStream(unclosable(new FileOutputStream(FileDescriptor.err)), 8192), true,
                StandardCharsets.UTF_8);
        System.setOut(stdout);
        System.setErr(stderr);
        System.setIn(InputStream.nullInputStream());
        BufferedReader in = new BufferedReader(new InputStreamReader(new FileInputStream(FileDescriptor.in),
                StandardCharsets.UTF_8));
        boolean warm = List.of(args).contains(ChildProtocol.WARM_TRAINING);
        boolean tests = List.of(args).contains(ChildProtocol.WARM_TESTS);
        boolean training = warm;
        Thread boot = new Thread(() -> warmUpBoot(training, tests), "mlops-child-warm-up");
        boot.setDaemon(true);
        boot.start();
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "mlops-step"));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, Object> request = ChildJson.parse(line);
            worker.execute(() -> serve(request));
            if (warm) {
                // Once the first request is here: the leader then waits for this JVM, and leaves it the cores.
                warm = false;
                Thread t = new Thread(ChildMain::warmUpTraining, "mlops-child-warm-up");
                t.setDaemon(true);
                t.start();
            }
        }
        // The leader closed stdin, or died: nothing more is asked of this JVM, and nothing it runs matters now.
        deleteSandbox();
        Runtime.getRuntime().halt(0);
    }

    /** Deletes this JVM's sandbox, its working directory. */
    private static void deleteSandbox() {
        Path sandbox = Path.of(System.getProperty("user.dir"));
        if (!sandbox.getFileName().toString().startsWith("mlops-child-")) {
            return;
        }
        Sandboxes.delete(sandbox);
    }

    /**
     * Loads, while the leader is busy with the stages before, the classes that the first request needs: this
     * protocol's writer, and the pipeline DSL for a build run's child, or the HTTP client for a deploy run's
     * (through a request to a socket of its own).
     */
    private static void warmUpBoot(boolean training, boolean tests) {
        try {
            Map<String, Object> sample = new LinkedHashMap<>();
            sample.put("warm", List.of(1L, 2.5, "up", true));
            ChildJson.parse(ChildJson.write(sample));
            if (training) {
                for (Class<?> c : List.of(MlPipeline.class, ProcessingStep.class, TrainingStep.class, ConditionStep.class,
                        RegisterModelStep.class, JsonGet.class, PipelineSettings.class, ProcessingContext.class,
                        PipelineCodec.class)) {
                    Class.forName(c.getName(), true, ChildMain.class.getClassLoader());
                }
            }
            if (tests) {
                Class.forName(EndpointTestContext.class.getName(), true, ChildMain.class.getClassLoader());
                warmUpHttp();
            }
        } catch (Throwable e) {
            // only a head start
        }
    }

    private static void warmUpHttp() throws IOException {
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread answer = new Thread(() -> {
                try (java.net.Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    byte[] buf = new byte[4096];
                    int n = 0;
                    // The request ends with its one-byte body after the headers.
                    while (n < buf.length) {
                        int r = in.read(buf, n, buf.length - n);
                        if (r < 0) {
                            break;
                        }
                        n += r;
                        String text = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
                        int end = text.indexOf("\r\n\r\n");
                        if (end >= 0 && n >= end + 5) {
                            break;
                        }
                    }
                    s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nContent-Length: 1\r\n\r\n1"
                            .getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    // only a head start
                }
            }, "mlops-child-warm-up-http");
            answer.setDaemon(true);
            answer.start();
            invoke("warm-up", URI.create("http://127.0.0.1:" + server.getLocalPort() + "/"), "text/csv", "text/csv", "1");
        }
    }

    /** Loads what the training step needs (the native library, the object mapper) while the steps before run. */
    private static void warmUpTraining() {
        try {
            // What the seed's scripts and the trainer use: Jackson's object mapper and XGBoost's native library.
            Class.forName("com.fasterxml.jackson.databind.ObjectMapper", true, ChildMain.class.getClassLoader())
                    .getMethod("readTree", String.class)
                    .invoke(Class.forName("com.fasterxml.jackson.databind.ObjectMapper").getConstructor().newInstance(),
                            "{\"warm\": [1, 2.5, \"up\"]}");
            Class.forName("ml.dmlc.xgboost4j.java.XGBoostJNI", true, ChildMain.class.getClassLoader());
        } catch (Throwable e) {
            // only a head start; the training step reports its own problems
        }
    }

    private static void serve(Map<String, Object> request) {
        long id = ((Number) request.get("id")).longValue();
        Map<String, Object> answer;
        try {
            answer = switch (String.valueOf(request.get("kind"))) {
                case ChildProtocol.PIPELINE -> pipeline(request);
                case ChildProtocol.PROCESSING -> processing(request);
                case ChildProtocol.TRAINING -> training(request);
                case ChildProtocol.ENDPOINT_TESTS -> endpointTests(request);
                default -> throw new IllegalArgumentException("unknown request kind " + request.get("kind"));
            };
            answer.put("ok", true);
        } catch (Throwable e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            stderr.print(trace);
            answer = new LinkedHashMap<>();
            answer.put("ok", false);
            answer.put("error", String.valueOf(e.getMessage()));
            answer.put("errorType", e.getClass().getName());
        }
        answer.put("id", id);
        answer(id, answer);
    }

    private static void answer(long id, Map<String, Object> answer) {
        synchronized (ChildMain.class) {
            stdout.flush();
            stderr.flush();
            try {
                String json = ChildJson.write(answer);
                errorProtocol.write((ChildProtocol.MARKER + id + "\n").getBytes(StandardCharsets.UTF_8));
                errorProtocol.flush();
                protocol.print(ChildProtocol.MARKER + json + "\n");
                protocol.flush();
                if (protocol.checkError()) {
                    throw new IOException("stdout is closed");
                }
            } catch (IOException e) {
                Runtime.getRuntime().halt(70); // the leader can no longer be told anything
            }
        }
    }

    // ------------------------------------------------------------------ the pipeline

    private static Map<String, Object> pipeline(Map<String, Object> req) throws Exception {
        ClassLoader loader = loader(text(req, "classes"));
        String factoryClass = text(req, "factory");
        PipelineFactory factory = (PipelineFactory) newInstance(loader, factoryClass, PipelineFactory.class,
                "pipeline.properties factory");
        Map<String, String> s = stringMap(req.get("settings"));
        PipelineSettings settings = new PipelineSettings(s.get("projectName"), s.get("projectId"), s.get("pipelineName"),
                s.get("modelPackageGroupName"), s.get("baseJobPrefix"), stringMap(req.get("tags")));
        Thread.currentThread().setContextClassLoader(loader);
        MlPipeline pipeline = factory.create(settings);
        if (pipeline == null) {
            throw new MlopsClientException("pipeline.properties factory: " + factoryClass + ".create returned null", null,
                    Map.of("class", factoryClass));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("pipeline", PipelineCodec.encode(pipeline));
        return answer;
    }

    // ------------------------------------------------------------------ processing

    private static Map<String, Object> processing(Map<String, Object> req) throws Exception {
        String step = text(req, "step");
        ClassLoader loader = loader(text(req, "classes"));
        ProcessingScript script = (ProcessingScript) newInstance(loader, text(req, "className"),
                ProcessingScript.class, "step " + step);
        Map<String, Path> inputs = paths(req.get("inputs"));
        Map<String, Path> outputs = paths(req.get("outputs"));
        List<String> arguments = strings(req.get("arguments"));
        Map<String, String> environment = Map.copyOf(stringMap(req.get("environment")));
        long seed = ((Number) req.get("seed")).longValue();
        PrintStream log = log();
        Thread.currentThread().setContextClassLoader(loader);
        script.run(new ProcessingContext() {
            @Override
            public Path input(String name) {
                Path p = inputs.get(name);
                if (p == null) {
                    throw new MlopsClientException("Step " + step + " has no input named '" + name + "'; it has "
                            + inputs.keySet(), null, Map.of("step", step));
                }
                return p;
            }

            @Override
            public Path output(String name) {
                Path p = outputs.get(name);
                if (p == null) {
                    throw new MlopsClientException("Step " + step + " has no output named '" + name + "'; it has "
                            + outputs.keySet(), null, Map.of("step", step));
                }
                return p;
            }

            @Override
            public List<String> arguments() {
                return arguments;
            }

            @Override
            public Map<String, String> environment() {
                return environment;
            }

            @Override
            public PrintStream log() {
                return log;
            }

            @Override
            public long seed() {
                return seed;
            }
        });
        log.flush();
        return new LinkedHashMap<>();
    }

    // ------------------------------------------------------------------ training

    private static Map<String, Object> training(Map<String, Object> req) {
        Map<String, Path> channels = paths(req.get("channels"));
        Map<String, String> hyperparameters = stringMap(req.get("hyperparameters"));
        Path output = Path.of(text(req, "output"));
        PrintStream log = log();
        XgboostTrainer.TrainingResult result = new XgboostTrainer(log).train(channels, hyperparameters, output);
        log.flush();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("rounds", result.rounds());
        answer.put("finalMetrics", new LinkedHashMap<String, Object>(result.finalMetrics()));
        return answer;
    }

    // ------------------------------------------------------------------ endpoint tests

    private static Map<String, Object> endpointTests(Map<String, Object> req) throws Exception {
        ClassLoader loader = loader(text(req, "classes"));
        String endpoint = text(req, "endpointName");
        URI url = URI.create(text(req, "endpointUrl"));
        Path files = Path.of(text(req, "files"));
        Map<String, String> config = Map.copyOf(stringMap(req.get("config")));
        PrintStream log = log();
        Thread.currentThread().setContextClassLoader(loader);
        EndpointTestContext context = EndpointTestContexts.of(endpoint, url,
                (contentType, accept, body) -> ChildMain.invoke(endpoint, url, contentType, accept, body), files, config,
                log);
        List<EndpointTestRun.Outcome> outcomes = EndpointTestRun.run(loader, strings(req.get("classNames")), context, true);
        int ran = outcomes.size();
        EndpointTestRun.Outcome last = ran == 0 ? null : outcomes.get(ran - 1);
        if (last != null && !last.passed()) {
            log.flush();
            if (!last.created() && last.failure() instanceof MlopsClientException e) {
                throw e;
            }
            throw new MlopsClientException("Endpoint test " + last.name() + " failed on " + endpoint + ": "
                    + last.failure().getMessage(), last.failure(), Map.of("test", last.name(), "endpoint", endpoint));
        }
        log.flush();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ran", ran);
        return answer;
    }

    /** A request to the endpoint, answered as the embedded endpoint host answers its callers. */
    private static String invoke(String endpoint, URI url, String contentType, String accept, String body) {
        return new String(EndpointHttp.invoke(endpoint, url, contentType, accept, body.getBytes(StandardCharsets.UTF_8),
                null, ""), StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ helpers

    /** The step's log: this JVM's stdout, which a step cannot close. */
    private static PrintStream log() {
        return new PrintStream(unclosable(stdout), true, StandardCharsets.UTF_8);
    }

    private static OutputStream unclosable(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }

    /** One class loader per compiled-classes directory, so that a run's steps share their classes' statics. */
    private static synchronized ClassLoader loader(String classes) throws IOException {
        URLClassLoader loader = LOADERS.get(classes);
        if (loader == null) {
            loader = new URLClassLoader(new URL[] {Path.of(classes).toUri().toURL()}, ChildMain.class.getClassLoader());
            LOADERS.put(classes, loader);
        }
        return loader;
    }

    private static Object newInstance(ClassLoader loader, String className, Class<?> type, String where) {
        try {
            Class<?> c = Class.forName(className, true, loader);
            if (!type.isAssignableFrom(c)) {
                throw new MlopsClientException(where + ": class " + className + " does not implement " + type.getName(), null,
                        Map.of("class", className));
            }
            return c.getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new MlopsClientException(where + ": class " + className + " is not among the repository's compiled sources",
                    e, Map.of("class", className));
        } catch (ReflectiveOperationException e) {
            throw new MlopsClientException(where + ": cannot create " + className + " (it needs a public no-argument"
                    + " constructor): " + e, e, Map.of("class", className));
        }
    }

    private static String text(Map<String, Object> req, String key) {
        Object v = req.get(key);
        if (v == null) {
            throw new IllegalArgumentException("request has no " + key);
        }
        return v.toString();
    }

    private static Map<String, Path> paths(Object node) {
        Map<String, Path> out = new LinkedHashMap<>();
        stringMap(node).forEach((k, v) -> out.put(k, Path.of(v)));
        return out;
    }

    private static Map<String, String> stringMap(Object node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        }
        return out;
    }

    private static List<String> strings(Object node) {
        List<String> out = new ArrayList<>();
        if (node instanceof List<?> l) {
            l.forEach(v -> out.add(String.valueOf(v)));
        }
        return List.copyOf(out);
    }
}
