package dev.mlops.cli.progress;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.ExecutionStatus;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.event.ProjectEvent;
import dev.mlops.event.ProjectEventType;
import dev.mlops.event.ProjectListener;
import dev.mlops.local.LocalBackend;
import dev.mlops.template.Templates;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Real events: the quickstart's flow (build and train, approve, staging, gate, prod) on the embedded backend, and
 * the JSON-lines form the demo replays ({@code quickstart-events.jsonl}, recorded by {@link #main}).
 */
final class EmbeddedRun {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofMinutes(3);

    private EmbeddedRun() {
    }

    /**
     * Runs the flow in a fresh home, every event going to {@code listener} as it happens.
     *
     * @param home an empty directory
     * @param listener gets the project's events
     * @param phases told each phase as the flow enters it ({@code label}, total steps)
     */
    static void run(Path home, ProjectListener listener, PhaseListener phases) {
        phases.phase("create project", -1);
        java.util.concurrent.CountDownLatch deployed = new java.util.concurrent.CountDownLatch(1);
        ProjectListener both = e -> {
            listener.onEvent(e);
            if (e.type() == ProjectEventType.ExecutionEnded && e.subject().startsWith(Templates.MODEL_DEPLOY + "/")
                    && "Succeeded".equals(e.detail().get("status"))) {
                deployed.countDown();
            }
        };
        try (LocalBackend backend = LocalBackend.builder().home(home).build();
             Project project = MlopsProjects.builder().name("abalone").template(Templates.modelBuildTrainDeploy())
                     .backend(backend).listener(both).create()) {
            phases.phase("build pipeline", project.template().pipeline(Templates.MODEL_BUILD).orElseThrow().stages().size());
            var build = project.pipelines().build().awaitLatest(WAIT);
            if (build.status() != ExecutionStatus.Succeeded) {
                throw new IllegalStateException("build ended " + build.status() + ": " + build.stages());
            }
            ModelVersion v = project.models().pendingApproval().get(0);
            phases.phase("deploy to staging", -1);
            v = v.approve("good");
            project.environments().staging().awaitDeployed(v, WAIT);
            phases.phase("gate before prod", -1);
            project.gates().awaitPending(WAIT).approve("staging ok");
            phases.phase("deploy to prod", -1);
            project.environments().prod().awaitDeployed(v, WAIT);
            // Listeners are called on the SDK's event thread: let the deploy run's last events reach them.
            if (!deployed.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("the deploy run's end never reached the listener");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Told when the flow enters a phase. */
    interface PhaseListener {
        /**
         * A phase starts.
         *
         * @param label its label
         * @param total its steps, or -1
         */
        void phase(String label, int total);
    }

    /** One recorded item: a phase mark or an event. */
    record Item(String phase, int total, ProjectEvent event) {
    }

    static String write(Item item) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (item.event() == null) {
            m.put("phase", item.phase());
            m.put("total", item.total());
        } else {
            ProjectEvent e = item.event();
            m.put("id", e.id());
            m.put("time", e.time().toString());
            m.put("project", e.project());
            m.put("type", e.type().name());
            m.put("subject", e.subject());
            m.put("message", e.message());
            m.put("detail", e.detail());
        }
        try {
            return JSON.writeValueAsString(m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Item read(String line) {
        try {
            Map<String, Object> m = JSON.readValue(line, new TypeReference<Map<String, Object>>() { });
            if (m.containsKey("phase")) {
                return new Item((String) m.get("phase"), ((Number) m.get("total")).intValue(), null);
            }
            @SuppressWarnings("unchecked")
            Map<String, String> detail = (Map<String, String>) m.get("detail");
            return new Item(null, 0, new ProjectEvent((String) m.get("id"), Instant.parse((String) m.get("time")),
                    (String) m.get("project"), ProjectEventType.valueOf((String) m.get("type")), (String) m.get("subject"),
                    (String) m.get("message"), detail));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A recording from the test resources: {@code quickstart-events.jsonl} or {@code aws-create-events.jsonl}. */
    static List<Item> recording(String name) {
        try (InputStream in = EmbeddedRun.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no recording " + name + " next to " + EmbeddedRun.class.getName());
            }
            List<Item> items = new ArrayList<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                if (!l.isBlank()) {
                    items.add(read(l));
                }
            }
            return items;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Records the flow's events for the demo.
     *
     * @param args the file to write, e.g. {@code mlops-cli/src/test/resources/dev/mlops/cli/progress/quickstart-events.jsonl}
     * @throws IOException if it cannot be written
     */
    public static void main(String[] args) throws IOException {
        List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        Path home = Files.createTempDirectory("mlops-record");
        run(home, e -> lines.add(write(new Item(null, 0, e))), (label, total) -> lines.add(write(new Item(label, total, null))));
        Files.write(Path.of(args[0]), lines, StandardCharsets.UTF_8);
        System.out.println(lines.size() + " lines to " + args[0]);
    }
}
