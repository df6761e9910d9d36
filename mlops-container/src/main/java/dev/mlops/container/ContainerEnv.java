package dev.mlops.container;

import dev.mlops.exception.ValidationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * What a processing job gives the container: its environment variables and the {@code /opt/ml} tree. The root is
 * {@code /opt/ml} unless the system property {@value #ROOT_PROPERTY} or the variable {@value #ROOT_VARIABLE} moves
 * it (tests run the container over a temporary directory). Paths given in variables ({@code dataset_source},
 * {@code output_path}, …) that start with {@code /opt/ml/} are moved with the root, so a job's environment can be
 * replayed verbatim over another root. Variables missing from the process's environment are taken from the
 * {@code Environment} of {@code /opt/ml/processing/processingjobconfig.json}, where the contract also puts them.
 */
final class ContainerEnv {
    /** System property that moves the container root. */
    static final String ROOT_PROPERTY = "mlops.container.root";
    /** Environment variable that moves the container root. */
    static final String ROOT_VARIABLE = "MLOPS_CONTAINER_ROOT";
    private static final String OPT_ML = "/opt/ml";

    private final Map<String, String> env;
    private final Path root;

    /** The processing job's description SageMaker writes into every processing container. */
    static final String JOB_CONFIG = "processing/processingjobconfig.json";

    ContainerEnv(Map<String, String> env, Path root) {
        Map<String, String> merged = new java.util.HashMap<>(jobEnvironment(root.resolve(JOB_CONFIG)));
        merged.putAll(env); // the process's variables win; the file fills in what a launcher left out
        this.env = Map.copyOf(merged);
        this.root = root;
    }

    /** The {@code Environment} map of {@code processingjobconfig.json}, empty when there is no such file. */
    private static Map<String, String> jobEnvironment(Path file) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(file.toFile());
            Map<String, String> out = new java.util.HashMap<>();
            root.path("Environment").fields().forEachRemaining(e -> {
                if (e.getValue().isTextual()) {
                    out.put(e.getKey(), e.getValue().textValue());
                }
            });
            return out;
        } catch (java.io.IOException e) {
            throw new ValidationException(JOB_CONFIG, file, "readable JSON (" + e.getMessage() + ")");
        }
    }

    /** The process's environment, with the root from the property, the variable or {@code /opt/ml}. */
    static ContainerEnv fromProcess() {
        Map<String, String> env = System.getenv();
        String root = System.getProperty(ROOT_PROPERTY, env.getOrDefault(ROOT_VARIABLE, OPT_ML));
        return new ContainerEnv(env, Path.of(root));
    }

    Path root() {
        return root;
    }

    /** A path under the root, e.g. {@code processing/input/config/analysis_config.json}. */
    Path under(String relative) {
        return root.resolve(relative);
    }

    /** Where the exit message goes: {@code /opt/ml/output/message} (DescribeProcessingJob's ExitMessage). */
    Path messageFile() {
        return under("output/message");
    }

    Optional<String> get(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    String required(String name, String rule) {
        return get(name).orElseThrow(() -> new ValidationException(name, null, rule));
    }

    /** A path variable, moved with the root when it names a path under {@code /opt/ml}. */
    Optional<Path> path(String name) {
        return get(name).map(this::mapped);
    }

    Path requiredPath(String name, String rule) {
        return mapped(required(name, rule));
    }

    /**
     * An existing file named by a variable, or the one file of a folder it names: a Processing input of one S3
     * object lands in its {@code LocalPath} under the object's own name, which a job's environment cannot know when
     * the S3 URI is a stack parameter (a baseline's {@code constraints.json} or {@code analysis.json}).
     */
    Optional<Path> existingFile(String name) {
        return path(name).map(file -> {
            if (Files.isDirectory(file)) {
                java.util.List<Path> files;
                try (java.util.stream.Stream<Path> list = Files.list(file)) {
                    files = list.filter(Files::isRegularFile).sorted().toList();
                } catch (java.io.IOException e) {
                    throw new ValidationException(name, file, "a readable folder (" + e.getMessage() + ")");
                }
                if (files.size() != 1) {
                    throw new ValidationException(name, file, "a file, or a folder holding exactly one file (it holds "
                            + files.stream().map(f -> f.getFileName().toString()).toList() + ")");
                }
                return files.get(0);
            }
            if (!Files.isRegularFile(file)) {
                throw new ValidationException(name, file, "an existing file in the container");
            }
            return file;
        });
    }

    Path mapped(String path) {
        if (path.equals(OPT_ML) || path.startsWith(OPT_ML + "/")) {
            String rest = path.substring(OPT_ML.length()).replaceFirst("^/+", "");
            return rest.isEmpty() ? root : root.resolve(rest);
        }
        return Path.of(path);
    }

    /** An ISO-8601 instant variable ({@code start_time}, {@code end_time}); SageMaker's spaces after colons are dropped. */
    Optional<Instant> instant(String name) {
        return get(name).map(text -> {
            try {
                return Instant.parse(text.replace(" ", ""));
            } catch (DateTimeParseException e) {
                throw new ValidationException(name, text, "an ISO-8601 UTC time such as 2019-12-01T16:20:00Z");
            }
        });
    }

    /** {@code Enabled} / {@code Disabled} (case-insensitive); absent is {@code fallback}. */
    boolean enabled(String name, boolean fallback) {
        Optional<String> v = get(name);
        if (v.isEmpty()) {
            return fallback;
        }
        if (v.get().equalsIgnoreCase("Enabled") || v.get().equalsIgnoreCase("true")) {
            return true;
        }
        if (v.get().equalsIgnoreCase("Disabled") || v.get().equalsIgnoreCase("false")) {
            return false;
        }
        throw new ValidationException(name, v.get(), "Enabled or Disabled");
    }
}
