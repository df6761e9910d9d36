package dev.mlops.monitor;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.MlopsClientException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * JSON reading and writing in the exact layout of SageMaker Model Monitor output files.
 *
 * <p>The analyzer container writes its reports with Jackson's {@link DefaultPrettyPrinter}: {@code "key" : value},
 * two-space indentation, objects inside arrays opened on the bracket's line (<code>[ {</code>), arrays of scalars on one
 * line, doubles as {@link Double#toString(double)}, NaN as the string {@code "NaN"} and no newline at the end of the
 * file. {@link #pretty(JsonNode)} reproduces that byte for byte when the tree's key order and number types (int vs
 * double) match the original, so build trees with {@link #object()} and put doubles as doubles.
 *
 * <p>{@link #writeAtomically(Path, JsonNode)} writes to a temporary file beside the target and moves it into place,
 * so a reader never sees a half-written report and a crash never destroys the previous one.
 */
public final class MonitorJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectWriter PRETTY;
    private static final ObjectWriter COMPACT = MAPPER.writer();

    static {
        // Unix line feed regardless of the platform: the reference files were written on Linux.
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"));
        PRETTY = MAPPER.writer(printer).without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
    }

    private MonitorJson() {
    }

    /**
     * The shared, thread-safe object mapper (default settings, so NaN is written as {@code "NaN"}).
     *
     * @return the mapper; do not reconfigure it
     */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * A new empty JSON object whose keys keep insertion order.
     *
     * @return the object node
     */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /**
     * Renders a tree in the Model Monitor file layout (Jackson default pretty printer, no trailing newline).
     *
     * @param tree the document
     * @return the text
     */
    public static String pretty(JsonNode tree) {
        try {
            return PRETTY.writeValueAsString(tree);
        } catch (IOException e) {
            throw new MlopsBackendException("Could not render a monitoring JSON document: " + e.getMessage(), e);
        }
    }

    /**
     * Renders a tree as compact single-line JSON, as used by capture files (no spaces, no newline).
     *
     * @param tree the document
     * @return the text
     */
    public static String compact(JsonNode tree) {
        try {
            return COMPACT.writeValueAsString(tree);
        } catch (IOException e) {
            throw new MlopsBackendException("Could not render a JSON line: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a JSON file.
     *
     * @param file the file
     * @return its tree
     * @throws MlopsClientException if the file is missing or is not JSON
     */
    public static JsonNode read(Path file) {
        try {
            return MAPPER.readTree(file.toFile());
        } catch (NoSuchFileException e) {
            throw new MlopsClientException("Monitoring file " + file + " does not exist", e, Map.of("file", file.toString()));
        } catch (IOException e) {
            if (!Files.exists(file)) {
                throw new MlopsClientException("Monitoring file " + file + " does not exist", e,
                        Map.of("file", file.toString()));
            }
            throw new MlopsClientException("Monitoring file " + file + " is not valid JSON: " + e.getMessage(), e,
                    Map.of("file", file.toString()));
        }
    }

    /**
     * Writes a tree in the Model Monitor layout to {@code file} atomically (temporary file, then move).
     *
     * @param file the target file; its directory is created if missing
     * @param tree the document
     */
    public static void writeAtomically(Path file, JsonNode tree) {
        writeAtomically(file, pretty(tree).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes bytes to {@code file} atomically: a temporary file in the same directory is written, forced to disk
     * and moved over the target, so the target is either the old or the new content, never a partial one.
     *
     * @param file the target file; its directory is created if missing
     * @param content the bytes
     */
    public static void writeAtomically(Path file, byte[] content) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            Files.write(tmp, content);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the write already failed; the leftover temp file is hidden and harmless
                }
            }
            throw new MlopsBackendException("Could not write " + file + ": " + e.getMessage(), e);
        }
    }
}
