package dev.mlops.local.internal;

import dev.mlops.event.ProjectEventType;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.spi.ImageBuilder;
import dev.mlops.spi.ImageVersionInfo;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.template.Capability;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded backend's image builder. An image is versioned by the digest of its build context
 * ({@link ContextDigest}): a context built before returns its version and builds nothing. A context with an
 * {@code image.properties} is a Java image, built with Jib to an OCI tarball under the project's folder, offline;
 * a context with only a {@code Dockerfile} is built by a local Docker engine, tagged by the digest, or refused
 * with an error naming what is missing. A new version is recorded with its event and the triggers it fires
 * (the model build) in one transaction.
 */
public final class LocalImageBuilder implements ImageBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(LocalImageBuilder.class);
    private static final String COLUMNS = "image, version, arn, context_digest, image_digest, location, built_with,"
            + " source_commit, created_at";

    private final LocalContext ctx;
    private final Triggers triggers;
    private final SourceCompiler compiler;
    private final ImageSettings settings;
    private final JibImage jib;
    private final DockerEngine docker;

    LocalImageBuilder(LocalContext ctx, Triggers triggers, SourceCompiler compiler, ImageSettings settings) {
        this.ctx = ctx;
        this.triggers = triggers;
        this.compiler = compiler;
        this.settings = settings;
        this.jib = new JibImage(ctx.home().resolve("cache").resolve("jib"));
        this.docker = new DockerEngine(settings.docker(), settings.dockerTimeout());
    }

    @Override
    public String backend() {
        return LocalContext.BACKEND;
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.IMAGE_BUILDING);
    }

    @Override
    public ImageBuild build(ImageBuildRequest request) {
        return build(request, null);
    }

    /**
     * Builds, recording a new version only while the fence holds (the stage's run still leads the project).
     *
     * @param request what to build
     * @param fence the run's fence, or {@code null} outside a run
     * @return the version
     */
    ImageBuild build(ImageBuildRequest request, Fence fence) {
        ProjectRecord project = request.project();
        String image = request.image();
        Consumer<String> log = request.log();
        Path context = request.context();
        if (!Files.isDirectory(context)) {
            throw new MlopsClientException("The build context of image " + image + " is not a folder: " + context, null,
                    Map.of("image", image));
        }
        String digest = ContextDigest.of(context);
        log.accept("build context " + digest);
        Optional<ImageVersionInfo> seen = byDigest(project, image, digest);
        if (seen.isPresent()) {
            log.accept("context built before as version " + seen.get().version() + " (" + seen.get().location()
                    + "): no new image version");
            return new ImageBuild(seen.get(), false);
        }
        String hex = digest.substring("sha256:".length());
        String tag = "mlops/" + project.name().toLowerCase(Locale.ROOT) + "-" + image.toLowerCase(Locale.ROOT) + ":ctx-"
                + hex.substring(0, 32);
        String imageDigest;
        String location;
        String builtWith;
        try {
            Optional<JavaImageSpec> java = JavaImageSpec.read(context);
            if (java.isPresent()) {
                JavaImageSpec spec = java.get();
                Path classes = spec.classes().map(context::resolve).orElse(null);
                if (spec.sources().isPresent()) {
                    ByteArrayOutputStream messages = new ByteArrayOutputStream();
                    classes = compiler.compileToDirectory(context, spec.sources().get(),
                            new PrintStream(messages, true, StandardCharsets.UTF_8));
                    messages.toString(StandardCharsets.UTF_8).lines().forEach(log);
                }
                String base = spec.base().orElse(settings.javaBase());
                if (spec.base().isPresent() && base.startsWith("tar:")) {
                    // A base the repository names is read from the repository, never from elsewhere on this machine.
                    base = "tar:" + ContainedPaths.resolve(context, base.substring(4), "the base of " + JavaImageSpec.FILE);
                }
                Path tarball = ctx.projectDir(project.name()).resolve("images").resolve(image).resolve(hex + ".tar");
                log.accept("building Java image " + tag + " with Jib on base " + base + " (main class " + spec.mainClass() + ")");
                JibImage.Built built = jib.build(spec, context, classes, base, tag, tarball, log);
                imageDigest = built.digest();
                location = tarball.toString();
                builtWith = "jib";
            } else if (Files.isRegularFile(context.resolve("Dockerfile"))) {
                Path cli = docker.require(image);
                log.accept("building the Dockerfile as " + tag + " with " + cli);
                imageDigest = docker.build(cli, context, tag, log);
                location = tag;
                builtWith = "docker";
            } else {
                throw new MlopsClientException("The build context of image " + image + " has neither an "
                        + JavaImageSpec.FILE + " (a Java image, built with Jib) nor a Dockerfile", null, Map.of("image", image));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StageActions.Superseded("stopped while building image " + image);
        }
        String finalDigest = imageDigest;
        String finalLocation = location;
        String finalBuiltWith = builtWith;
        ImageVersionInfo v = ctx.db().write(tx -> {
            if (fence != null) {
                fence.check(tx, request.executionId());
            }
            Optional<ImageVersionInfo> raced = one(tx, project, image, "context_digest=?", digest);
            if (raced.isPresent()) {
                return raced.get();
            }
            int version = tx.query("SELECT COALESCE(MAX(version),0) FROM image_versions WHERE project=? AND image=?",
                    rs -> rs.getInt(1), project.name(), image).get(0) + 1;
            String arn = "arn:mlops:local:image-version/" + project.nameId() + "/" + image + "/" + version;
            long now = System.currentTimeMillis();
            tx.update("INSERT INTO image_versions(project, " + COLUMNS + ", execution_id) VALUES(?,?,?,?,?,?,?,?,?,?,?)",
                    project.name(), image, version, arn, digest, finalDigest, finalLocation, finalBuiltWith,
                    request.sourceCommit(), now, request.executionId());
            EventLog.append(tx, project.name(), ProjectEventType.ImageVersionCreated, arn,
                    "Image " + image + " version " + version + " built with " + finalBuiltWith + " from context " + digest,
                    Map.of("image", image, "version", Integer.toString(version), "arn", arn, "contextDigest", digest,
                            "imageDigest", finalDigest, "location", finalLocation));
            triggers.onImageVersion(tx, project.name(), image, version, arn);
            return new ImageVersionInfo(image, version, arn, digest, finalDigest, finalLocation, finalBuiltWith,
                    request.sourceCommit(), Instant.ofEpochMilli(now));
        });
        LOG.debug("Image {} of project {}: version {} ({})", image, project.name(), v.version(), v.contextDigest());
        log.accept("registered image version " + v.version() + " (" + v.arn() + ", " + v.imageDigest() + ")");
        return new ImageBuild(v, true);
    }

    /**
     * Records what another backend's image builder made for a run of this engine: the event and the triggers it
     * fires (that builder keeps the version itself).
     *
     * @param project the project
     * @param v the new version
     * @param executionId the run
     * @param fence the run's fence
     */
    void announce(ProjectRecord project, ImageVersionInfo v, String executionId, Fence fence) {
        ctx.db().write(tx -> {
            fence.check(tx, executionId);
            EventLog.append(tx, project.name(), ProjectEventType.ImageVersionCreated, v.arn(),
                    "Image " + v.image() + " version " + v.version() + " built with " + v.builtWith() + " from context "
                            + v.contextDigest(),
                    Map.of("image", v.image(), "version", Integer.toString(v.version()), "arn", v.arn(),
                            "contextDigest", v.contextDigest(), "imageDigest", v.imageDigest(), "location", v.location()));
            triggers.onImageVersion(tx, project.name(), v.image(), v.version(), v.arn());
            return null;
        });
    }

    @Override
    public List<ImageVersionInfo> versions(ProjectRecord project, String image) {
        return ctx.db().read(tx -> tx.query("SELECT " + COLUMNS + " FROM image_versions WHERE project=? AND image=?"
                + " ORDER BY version", LocalImageBuilder::row, project.name(), image));
    }

    private Optional<ImageVersionInfo> byDigest(ProjectRecord project, String image, String digest) {
        return ctx.db().read(tx -> one(tx, project, image, "context_digest=?", digest));
    }

    private static Optional<ImageVersionInfo> one(Db.Tx tx, ProjectRecord project, String image, String where, Object arg)
            throws SQLException {
        return tx.query("SELECT " + COLUMNS + " FROM image_versions WHERE project=? AND image=? AND " + where,
                LocalImageBuilder::row, project.name(), image, arg).stream().findFirst();
    }

    private static ImageVersionInfo row(ResultSet rs) throws SQLException {
        return new ImageVersionInfo(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), Instant.ofEpochMilli(rs.getLong(9)));
    }

    @Override
    public String toString() {
        return "LocalImageBuilder{javaBase=" + settings.javaBase() + ", docker=" + settings.docker() + "}";
    }
}
