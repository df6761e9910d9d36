package dev.mlops.container;

import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.ValidationException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The data files of a processing input folder. SageMaker copies an S3 prefix into the folder as it is, so a dataset
 * may arrive as one file or as several parts; the analyzers read one file, so parts are joined (their header rows
 * after the first dropped) into a file of the container's temporary directory.
 */
final class InputFiles {
    private InputFiles() {
    }

    /** The regular, non-hidden files under a folder (or the file itself), in path order. */
    static List<Path> list(Path source, String field) {
        if (Files.isRegularFile(source)) {
            return List.of(source);
        }
        if (!Files.isDirectory(source)) {
            throw new ValidationException(field, source, "an existing file or folder in the container");
        }
        try (Stream<Path> s = Files.walk(source)) {
            List<Path> files = s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
            if (files.isEmpty()) {
                throw new ValidationException(field, source, "a folder with at least one data file");
            }
            return files;
        } catch (IOException e) {
            throw new MlopsBackendException("Cannot list " + source + ": " + e.getMessage(), e);
        }
    }

    /** One file holding the dataset: the only file, or the parts joined. */
    static Path single(Path source, String field, boolean csvHeader, Path scratch) {
        List<Path> files = list(source, field);
        if (files.size() == 1) {
            return files.get(0);
        }
        try {
            Files.createDirectories(scratch);
            Path joined = Files.createTempFile(scratch, "dataset-", extension(files.get(0)));
            try (OutputStream out = Files.newOutputStream(joined)) {
                boolean first = true;
                for (Path f : files) {
                    try (BufferedReader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                        String line;
                        boolean firstLine = true;
                        while ((line = in.readLine()) != null) {
                            if (firstLine && csvHeader && !first) {
                                firstLine = false;
                                continue;
                            }
                            firstLine = false;
                            out.write(line.getBytes(StandardCharsets.UTF_8));
                            out.write('\n');
                        }
                    }
                    first = false;
                }
            }
            return joined;
        } catch (IOException e) {
            throw new MlopsBackendException("Cannot join the dataset parts of " + source + ": " + e.getMessage(), e);
        }
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? ".csv" : name.substring(dot);
    }
}
