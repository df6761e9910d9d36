package dev.mlops.tck;

import dev.mlops.event.EventCursor;
import dev.mlops.event.EventPage;
import dev.mlops.event.ProjectEvent;
import dev.mlops.spi.Backend;
import dev.mlops.spi.Page;
import dev.mlops.spi.PageRequest;
import dev.mlops.spi.ProjectDraft;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.ProjectStore;
import dev.mlops.spi.WaitPolicy;
import dev.mlops.template.ApprovalGate;
import dev.mlops.template.Capability;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.RepositorySpec;
import dev.mlops.template.SeedCode;
import dev.mlops.template.Stage;
import dev.mlops.template.StageType;
import dev.mlops.template.Template;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;

/** What the compatibility kits share: waits under a component's policy, fixture templates and names. */
final class Kits {
    /** The repository of the kits' templates. */
    static final String APP = "app";
    /** A second repository, on another branch. */
    static final String LIB = "lib";
    /** A pipeline of a source stage and an {@code echo} command. */
    static final String QUICK = "quick";
    /** A pipeline that waits at a manual gate between two stages. */
    static final String GATED = "gated";
    /** A pipeline whose second stage fails ({@code false}) and whose third never runs. */
    static final String FAILING = "failing";
    /** What the quick pipeline's command prints. */
    static final String HELLO = "tck-hello";
    /** The gated pipeline's gate. */
    static final String GATE = "ApproveTck";
    /** The gate's message. */
    static final String GATE_MESSAGE = "tck: approve to go on";

    private Kits() {
    }

    /**
     * Checks until the supplier has a value, pausing as the component's policy says (on its ticker: a fake ticker
     * makes the wait instant).
     *
     * @throws AssertionError naming what was awaited, on timeout
     */
    static <T> T await(String what, Duration timeout, WaitPolicy policy, Supplier<Optional<T>> check) {
        try {
            return policy.until(timeout, check).orElseThrow(() -> new AssertionError("Timed out after " + timeout
                    + " (on the component's ticker) waiting for " + what));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for " + what, e);
        }
    }

    /** A project name unique to this run: {@code tck-<hint>-<4 random>}, at most 32 characters. */
    static String name(String hint) {
        String h = hint.length() > 20 ? hint.substring(0, 20) : hint;
        StringBuilder sb = new StringBuilder("tck-").append(h).append('-');
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < 4; i++) {
            sb.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** A template with no repository and no pipeline: a project record and nothing else. */
    static Template bare(String id) {
        return Template.builder().id(id).displayName("TCK " + id).build();
    }

    /** The seed of the kits' repositories. */
    static SeedCode seed() {
        return SeedCode.ofFiles(Map.of("README.md", "# tck\n".getBytes(StandardCharsets.UTF_8),
                "src/hello.txt", "hello\n".getBytes(StandardCharsets.UTF_8)));
    }

    /** Two repositories and no pipeline: {@code app} on {@code main}, {@code lib} on {@code trunk}. */
    static Template repositories() {
        return Template.builder().id("tck-repositories").displayName("TCK repositories")
                .addRepositories(RepositorySpec.of(APP, seed()),
                        dev.mlops.template.ImmutableRepositorySpec.builder().role(LIB).branch("trunk").seed(seed()).build())
                .addCapabilities(Capability.HOSTED_REPOSITORIES)
                .build();
    }

    /**
     * One repository and three pipelines that no trigger starts (so the kit alone starts executions), made of stages
     * every orchestrator can run: source, {@code echo}/{@code false} commands, and a manual gate.
     */
    static Template pipelines() {
        Stage source = Stage.of("Source", StageType.SOURCE).build();
        return Template.builder().id("tck-pipelines").displayName("TCK pipelines")
                .addRepositories(RepositorySpec.of(APP, seed()))
                .addPipelines(PipelineSpec.builder().role(QUICK).sourceRepository(APP)
                                .addStages(source, Stage.command("Echo", "echo", HELLO).build()).build(),
                        PipelineSpec.builder().role(GATED).sourceRepository(APP)
                                .addStages(source, Stage.approval(ApprovalGate.manual(GATE).message(GATE_MESSAGE).build()),
                                        Stage.command("After", "echo", "tck-after").build()).build(),
                        PipelineSpec.builder().role(FAILING).sourceRepository(APP)
                                .addStages(source, Stage.command("Fail", "false").build(),
                                        Stage.command("Never", "echo", "never").build()).build())
                .addCapabilities(Capability.HOSTED_REPOSITORIES)
                .build();
    }

    /** Records a project in a store and activates it, as provisioning does (without other components). */
    static ProjectRecord record(ProjectStore store, String name, Template template) {
        ProjectRecord r = store.create(new ProjectDraft(name, template, Map.of("tck", "true"), "made by a kit"), e -> { });
        store.activate(r);
        return r;
    }

    /** Every item of a listing, page by page, checking each page's size. */
    static <T> List<T> all(int limit, Function<PageRequest, Page<T>> read, Runnable onPage) {
        List<T> out = new ArrayList<>();
        PageRequest request = PageRequest.first(limit);
        for (int pages = 0; pages < 10_000; pages++) {
            Page<T> page = read.apply(request);
            if (page.items().size() > limit) {
                throw new AssertionError("a page of limit " + limit + " holds " + page.items().size() + " items");
            }
            onPage.run();
            out.addAll(page.items());
            if (page.nextToken().isEmpty()) {
                return out;
            }
            request = request.after(page);
        }
        throw new AssertionError("more than 10,000 pages: the next tokens loop");
    }

    /** Every event after a cursor, page by page. */
    static List<ProjectEvent> events(Function<EventCursor, EventPage> read, EventCursor from) {
        List<ProjectEvent> out = new ArrayList<>();
        EventCursor cursor = from;
        for (int pages = 0; pages < 10_000; pages++) {
            EventPage page = read.apply(cursor);
            out.addAll(page.events());
            if (page.events().isEmpty()) {
                return out;
            }
            cursor = page.next();
        }
        throw new AssertionError("more than 10,000 event pages: the cursor does not move on");
    }

    /** Closes a backend, if made. */
    static void close(Backend backend) {
        if (backend != null) {
            backend.close();
        }
    }
}
