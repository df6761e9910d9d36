package dev.mlops.aws.internal.bundle;

import dev.mlops.exception.MlopsClientException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SDK's runtime jars as the projects' CodeBuild builds run them: mlops-aws, everything it needs at run time
 * (mlops-core, the AWS SDK, Jackson, SLF4J, Resilience4j …, listed at build time in {@value #RUNTIME_LIST}), and
 * mlops-container when it is on the class path, and SLF4J's simple provider ({@value #LOGGING_PROVIDER}, see
 * {@link #fromClassPath(ClassLoader)}). Each is found on the running class path by {@link ClassPathJars}
 * (a jar, or a module's {@code target/classes} in a development build, which is jarred deterministically).
 *
 * <p>The bundle is content-addressed: its {@link #manifest() manifest} is a {@code sha256sum} file
 * ({@code <hex>  <name>} per jar, in name order) and its {@link #digest() digest} is the manifest's SHA-256. It lives
 * under {@code mlops-sdk/<digest>/}; the CodeBuild projects name that prefix and the digest, and the build specs
 * check the manifest against the digest and every jar against the manifest before they run anything. A different
 * SDK version, or any changed jar, gives a different digest and prefix, so projects provisioned by an older SDK keep
 * running theirs.
 */
public final class SdkBundle {
    /** The resource listing mlops-aws's runtime dependencies, written by the build (maven-dependency-plugin). */
    public static final String RUNTIME_LIST = "META-INF/mlops/sdk-runtime.txt";
    /** The folder of bundles in the bucket. */
    public static final String PREFIX = "mlops-sdk/";
    /** The manifest's file name, as {@code sha256sum --check} reads it. */
    public static final String MANIFEST = "SHA256SUMS";
    /** The SLF4J provider the bundle binds for the build's mains, at the version of the bundle's slf4j-api. */
    public static final String LOGGING_PROVIDER = "slf4j-simple";

    private static final Logger LOG = LoggerFactory.getLogger(SdkBundle.class);

    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*\\.jar");
    private static volatile SdkBundle current;

    /** One jar of the bundle. */
    public static final class Entry {
        private final String name;
        private final String sha256;
        private final long size;
        private final Path file;
        private final byte[] bytes;

        private Entry(String name, String sha256, long size, Path file, byte[] bytes) {
            this.name = name;
            this.sha256 = sha256;
            this.size = size;
            this.file = file;
            this.bytes = bytes;
        }

        /** @return the file name in the bundle, e.g. {@code sagemaker-2.40.2.jar} */
        public String name() {
            return name;
        }

        /** @return its SHA-256, lowercase hex */
        public String sha256() {
            return sha256;
        }

        /** @return its size in bytes */
        public long size() {
            return size;
        }

        /** @return the jar on disk, or empty when it was built in memory from a classes directory */
        public Optional<Path> file() {
            return Optional.ofNullable(file);
        }

        /** @return the jar's bytes (read from disk when it is a file) */
        public byte[] bytes() {
            if (bytes != null) {
                return bytes.clone();
            }
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + file + " failed", e);
            }
        }

        @Override
        public String toString() {
            return name + " (" + size + " bytes, sha256 " + sha256.substring(0, 12) + "…)";
        }
    }

    private final List<Entry> entries;
    private final byte[] manifest;
    private final String digest;

    private SdkBundle(List<Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(Entry::name));
        this.entries = List.copyOf(sorted);
        StringBuilder m = new StringBuilder();
        for (Entry e : this.entries) {
            m.append(e.sha256).append("  ").append(e.name).append('\n');
        }
        this.manifest = m.toString().getBytes(StandardCharsets.UTF_8);
        this.digest = sha256(manifest);
    }

    /**
     * The bundle of this process's SDK, found once per process (the class path does not change while it runs).
     *
     * @return the bundle
     * @throws MlopsClientException naming the jars the class path lacks, or when the runtime list is missing
     */
    public static SdkBundle current() {
        SdkBundle b = current;
        if (b == null) {
            synchronized (SdkBundle.class) {
                b = current;
                if (b == null) {
                    b = fromClassPath(SdkBundle.class.getClassLoader());
                    current = b;
                }
            }
        }
        return b;
    }

    /**
     * A bundle of given jars (for tests, and for callers that assemble the SDK themselves).
     *
     * @param jars file name in the bundle to the jar on disk
     * @return the bundle
     */
    public static SdkBundle ofJars(Map<String, Path> jars) {
        List<Entry> out = new ArrayList<>();
        jars.forEach((name, path) -> out.add(fileEntry(name, path)));
        return new SdkBundle(out);
    }

    /**
     * Finds the SDK's runtime jars on a class loader's class path.
     *
     * <p>The bundle is what a CodeBuild build runs ({@code java -cp 'sdk/*' dev.mlops.aws.build.RunPipeline …}): an
     * application, so it binds a logging provider, {@value #LOGGING_PROVIDER} at slf4j-api's version, while mlops-aws
     * itself, a library, binds none. It is found on the class path or in the local Maven repository; without it the
     * mains' SLF4J logging goes nowhere and SLF4J prints its three "No SLF4J providers were found" lines in every
     * build's log.
     *
     * @param loader the loader whose class path to search
     * @return the bundle
     * @throws MlopsClientException naming the jars the class path lacks
     */
    static SdkBundle fromClassPath(ClassLoader loader) {
        List<String[]> wanted = runtimeList(loader);
        ClassPathJars jars = ClassPathJars.of(loader, SdkBundle.class, dev.mlops.pipeline.MlPipeline.class);
        List<Entry> entries = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String[] gav : wanted) {
            Optional<Path> found = jars.locate(gav[0], gav[1], gav[2], gav[3]);
            if (found.isEmpty()) {
                missing.add(String.join(":", gav[0], gav[1], gav[3]));
            } else {
                entries.add(entry(found.get(), gav[1], gav[2], gav[3]));
            }
        }
        if (!missing.isEmpty()) {
            throw new MlopsClientException("The SDK bundle for the projects' CodeBuild builds needs the SDK's runtime jars"
                    + " on this process's class path, which lacks " + missing + "; run with mlops-aws and its runtime"
                    + " dependencies as separate jars (a shaded or repackaged jar hides them)", null,
                    Map.of("missing", String.join(",", missing)));
        }
        Path self = codeSource(SdkBundle.class);
        String version = SdkBundle.class.getPackage().getImplementationVersion();
        entries.add(entry(self, "mlops-aws", null, version != null ? version : versionOf(wanted)));
        jars.module("mlops-container").ifPresent(p -> entries.add(entry(p, "mlops-container", null, versionOf(wanted))));
        loggingProvider(wanted, jars).ifPresent(entries::add);
        return new SdkBundle(dedupe(entries));
    }

    /** @return the jars, in name order */
    public List<Entry> entries() {
        return entries;
    }

    /** @return the manifest, {@code <sha256>  <name>\n} per jar */
    public byte[] manifest() {
        return manifest.clone();
    }

    /** @return the manifest's SHA-256, lowercase hex: the bundle's identity */
    public String digest() {
        return digest;
    }

    /** @return {@code mlops-sdk/<digest>/} */
    public String prefix() {
        return PREFIX + digest + "/";
    }

    /** @return the total size of the jars in bytes */
    public long size() {
        return entries.stream().mapToLong(Entry::size).sum();
    }

    @Override
    public String toString() {
        return "SdkBundle{" + prefix() + ", " + entries.size() + " jars, " + size() + " bytes}";
    }

    // ------------------------------------------------------------------ finding the jars

    private static List<String[]> runtimeList(ClassLoader loader) {
        List<String[]> out = new ArrayList<>();
        try (InputStream in = loader.getResourceAsStream(RUNTIME_LIST)) {
            if (in == null) {
                throw new MlopsClientException("mlops-aws has no " + RUNTIME_LIST + " (it is written when mlops-aws is"
                        + " built): the SDK bundle for CodeBuild cannot be assembled; build mlops-aws with Maven", null,
                        Map.of("resource", RUNTIME_LIST));
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String t = ANSI.matcher(line).replaceAll("").trim();
                if (t.isEmpty() || !t.matches("[\\w.-]+:[\\w.-]+:.*")) {
                    continue;
                }
                String[] p = t.split("\\s+")[0].split(":");
                if (p.length == 5 && "jar".equals(p[2])) {
                    out.add(new String[] {p[0], p[1], null, p[3]});
                } else if (p.length == 6 && "jar".equals(p[2])) {
                    out.add(new String[] {p[0], p[1], p[3], p[4]});
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + RUNTIME_LIST + " failed", e);
        }
        return out;
    }

    private static Optional<Entry> loggingProvider(List<String[]> wanted, ClassPathJars jars) {
        for (String[] gav : wanted) {
            if (gav[0].equals("org.slf4j") && gav[1].equals("slf4j-api")) {
                Optional<Path> found = jars.locateOrInLocalRepository("org.slf4j", LOGGING_PROVIDER, null, gav[3]);
                if (found.isEmpty()) {
                    LOG.warn("org.slf4j:{}:{} is neither on the class path nor in the local Maven repository: the SDK"
                            + " bundle's CodeBuild mains will log nothing and SLF4J will say so in each build's log;"
                            + " add it to the class path", LOGGING_PROVIDER, gav[3]);
                }
                return found.map(p -> entry(p, LOGGING_PROVIDER, null, gav[3]));
            }
        }
        return Optional.empty();
    }

    private static Entry entry(Path p, String artifact, String classifier, String version) {
        String name = artifact + "-" + version + (classifier != null ? "-" + classifier : "") + ".jar";
        if (Files.isDirectory(p)) {
            byte[] bytes = DeterministicJar.of(p);
            return new Entry(name, sha256(bytes), bytes.length, null, bytes);
        }
        return fileEntry(name, p);
    }

    private static Entry fileEntry(String name, Path p) {
        if (!SAFE_NAME.matcher(name).matches()) {
            throw new MlopsClientException("SDK bundle jar name " + name + " is not a plain file name ending in .jar",
                    null, Map.of("name", name));
        }
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            long size = 0;
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                md.update(buf, 0, n);
                size += n;
            }
            return new Entry(name, HexFormat.of().formatHex(md.digest()), size, p, null);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + p + " failed", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static List<Entry> dedupe(List<Entry> entries) {
        Map<String, Entry> byName = new LinkedHashMap<>();
        for (Entry e : entries) {
            byName.putIfAbsent(e.name(), e);
        }
        return new ArrayList<>(byName.values());
    }

    private static String versionOf(List<String[]> wanted) {
        for (String[] gav : wanted) {
            if ("dev.mlops".equals(gav[0]) && "mlops-core".equals(gav[1])) {
                return gav[3];
            }
        }
        return "0";
    }

    private static Path codeSource(Class<?> c) {
        return ClassPathJars.codeSource(c).orElseThrow(() -> new MlopsClientException("Cannot tell where " + c.getName() + " was loaded from, so the SDK bundle for"
                    + " CodeBuild cannot be assembled", null, Map.of("class", c.getName())));
    }

    /**
     * SHA-256 of bytes.
     *
     * @param bytes the bytes
     * @return lowercase hex
     */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
