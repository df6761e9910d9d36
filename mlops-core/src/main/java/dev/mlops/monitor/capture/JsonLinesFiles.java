package dev.mlops.monitor.capture;

import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.MlopsClientException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Walks the visible {@code .jsonl} files of a directory tree in path order, which is time order for the layout. */
final class JsonLinesFiles {
    private JsonLinesFiles() {
    }

    static List<Path> list(Path root) {
        if (!Files.isDirectory(root)) {
            throw new MlopsClientException("Capture directory " + root + " does not exist or is not a directory",
                    null, Map.of("dir", root.toString()));
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".jsonl"))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted((a, b) -> root.relativize(a).toString().compareTo(root.relativize(b).toString()))
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new MlopsBackendException("Could not list capture files under " + root + ": " + e.getMessage(), e);
        }
    }

    static void lines(Path file, Consumer<String> consumer) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                consumer.accept(line);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new MlopsBackendException("Could not read capture file " + file + ": " + e.getMessage(), e);
        }
    }
}
