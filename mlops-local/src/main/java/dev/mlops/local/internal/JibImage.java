package dev.mlops.local.internal;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.JavaContainerBuilder;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import dev.mlops.exception.MlopsClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Builds a Java image with Jib to an OCI image tarball: classes, resources and jars in layers of their own under
 * {@code /app}, the entry point {@code java <jvmFlags> -cp /app/resources:/app/classes:/app/libs/* <mainClass>}, file
 * times and creation time fixed (Jib's reproducible defaults), so the same inputs give the same image digest. A
 * {@code scratch} or {@code tar:} base needs no registry and no network; a registry base is pulled once and cached.
 */
final class JibImage {
    private final Path cache;

    /**
     * @param cache the folder of Jib's base and application layer caches
     */
    JibImage(Path cache) {
        this.cache = cache;
    }

    /** What Jib made. */
    record Built(String digest, String imageId) {
    }

    /**
     * Builds the image.
     *
     * @param spec the descriptor
     * @param context the build context
     * @param classes the compiled classes (the descriptor's, or those compiled from its sources)
     * @param base the base: {@code scratch}, {@code tar:<file>} (relative to the context or absolute) or a reference
     * @param name the image's name and tag inside the tarball
     * @param tarball where to write it
     * @param log receives Jib's progress
     * @return the image's digest and id
     */
    Built build(JavaImageSpec spec, Path context, Path classes, String base, String name, Path tarball, Consumer<String> log)
            throws InterruptedException {
        boolean offline = base.equals("scratch") || base.startsWith("tar:");
        Path partial = tarball.resolveSibling(tarball.getFileName() + ".partial");
        try {
            JavaContainerBuilder app;
            if (base.equals("scratch")) {
                app = JavaContainerBuilder.from(ImageReference.scratch());
            } else if (base.startsWith("tar:")) {
                Path file = context.resolve(base.substring(4)).normalize();
                if (!Files.isRegularFile(file)) {
                    throw new MlopsClientException("The Java image's base " + base + " is not a file (" + file + "): give an"
                            + " image tarball in the format docker save writes, scratch, or a registry reference", null,
                            Map.of("base", base));
                }
                app = JavaContainerBuilder.from(TarImage.at(file));
            } else {
                app = JavaContainerBuilder.from(base);
            }
            app.setAppRoot("/app").addClasses(classes);
            if (spec.resources().isPresent()) {
                app.addResources(context.resolve(spec.resources().get()));
            }
            if (spec.jars().isPresent()) {
                List<Path> jars = new ArrayList<>();
                try (Stream<Path> s = Files.list(context.resolve(spec.jars().get()))) {
                    s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().forEach(jars::add);
                }
                app.addDependencies(jars);
            }
            app.addJvmFlags(spec.jvmFlags()).setMainClass(spec.mainClass());
            Files.createDirectories(tarball.getParent());
            Containerizer to = Containerizer.to(TarImage.at(partial).named(name))
                    .setOfflineMode(offline)
                    .setBaseImageLayersCache(cache.resolve("base"))
                    .setApplicationLayersCache(cache.resolve("application"))
                    .setToolName("mlops-projects")
                    .addEventHandler(LogEvent.class, e -> {
                        if (e.getLevel().ordinal() <= LogEvent.Level.LIFECYCLE.ordinal()) {
                            log.accept("jib: " + e.getMessage());
                        }
                    });
            JibContainer built = app.toContainerBuilder().setFormat(ImageFormat.OCI).containerize(to);
            Files.move(partial, tarball, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return new Built(built.getDigest().toString(), built.getImageId().toString());
        } catch (InvalidImageReferenceException | RegistryException | ExecutionException | IOException
                | CacheDirectoryCreationException | RuntimeException e) {
            try {
                Files.deleteIfExists(partial);   // a failed build leaves no half-written tarball
            } catch (IOException ignored) {
                // the next build of this context overwrites it
            }
            throw failure(e, base, name, offline);
        }
    }

    private static RuntimeException failure(Exception e, String base, String name, boolean offline) {
        if (e instanceof MlopsClientException m) {
            return m;
        }
        if (e instanceof InvalidImageReferenceException) {
            return new MlopsClientException("The Java image's base \"" + base + "\" is not an image reference: give scratch,"
                    + " tar:<file> or a reference such as eclipse-temurin:17-jre", e, Map.of("base", base));
        }
        return new MlopsClientException("Jib could not build the Java image " + name + " on base " + base + ": "
                + e.getMessage() + (offline ? "" : " (a registry base needs the network: use scratch or tar:<file>"
                + " offline)"), e, Map.of("base", base));
    }
}
