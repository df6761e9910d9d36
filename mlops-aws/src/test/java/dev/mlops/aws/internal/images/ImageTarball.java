package dev.mlops.aws.internal.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** An image tarball as Jib writes it (Docker {@code manifest.json}, config, gzipped layers), read back for checks. */
final class ImageTarball {
    private static final ObjectMapper JSON = new ObjectMapper();

    final JsonNode manifest;
    final JsonNode config;
    /** Per layer, in order: path in the image to the file's bytes. */
    final List<Map<String, byte[]>> layers = new ArrayList<>();

    ImageTarball(Path tar) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                if (e.isFile()) {
                    entries.put(e.getName(), in.readAllBytes());
                }
            }
        }
        manifest = JSON.readTree(entries.get("manifest.json")).get(0);
        config = JSON.readTree(entries.get(manifest.get("Config").asText()));
        for (JsonNode layer : manifest.get("Layers")) {
            layers.add(files(new GZIPInputStream(new ByteArrayInputStream(entries.get(layer.asText())))));
        }
    }

    private static Map<String, byte[]> files(InputStream layer) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(layer)) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                files.put("/" + e.getName().replaceFirst("^/", "") + (e.isDirectory() ? "/" : ""),
                        e.isFile() ? in.readAllBytes() : new byte[0]);
            }
        }
        return files;
    }

    List<String> env() {
        List<String> out = new ArrayList<>();
        config.path("config").path("Env").forEach(n -> out.add(n.asText()));
        return out;
    }

    List<String> entrypoint() {
        List<String> out = new ArrayList<>();
        config.path("config").path("Entrypoint").forEach(n -> out.add(n.asText()));
        return out;
    }
}
