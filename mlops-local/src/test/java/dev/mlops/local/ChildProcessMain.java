package dev.mlops.local;

import dev.mlops.ExecutionStatus;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A second process for the multi-process tests. Modes:
 * <ul>
 * <li>{@code approve-version NAME N}: opens the project (home from {@code -Dmlops.home}) and approves version N;</li>
 * <li>{@code approve-gate NAME}: opens the project and approves the pending gate;</li>
 * <li>{@code lead HOME NAME build|gate}: creates the project with a 1 s lease, so that it leads, prints every
 * event as {@code EVENT <type> <message>}; with {@code gate} it also approves version 1 and prints
 * {@code AT-GATE <staging url>} once the deploy waits at ApproveDeployment. Then it runs until killed.</li>
 * </ul>
 */
public final class ChildProcessMain {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private ChildProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "approve-version" -> {
                try (Project p = MlopsProjects.open(args[1])) {
                    ModelVersion v = p.models().version(Integer.parseInt(args[2])).approve("approved from another process");
                    System.out.println("APPROVED " + v.version() + " " + v.status());
                }
            }
            case "approve-gate" -> {
                try (Project p = MlopsProjects.open(args[1])) {
                    System.out.println("GATE-APPROVED " + p.gates().awaitPending(TIMEOUT).approve("approved from another process").status());
                }
            }
            case "lead" -> {
                LocalBackend backend = LocalBackend.builder().home(Path.of(args[1])).lease(Duration.ofSeconds(1)).build();
                Project p = MlopsProjects.builder().name(args[2]).backend(backend)
                        .listener(e -> System.out.println("EVENT " + e.type() + " " + e.message())).create();
                if (args[3].equals("gate")) {
                    if (p.pipelines().build().awaitLatest(TIMEOUT).status() != ExecutionStatus.Succeeded) {
                        throw new IllegalStateException("build failed");
                    }
                    ModelVersion v1 = p.models().version(1).approve("child");
                    p.environments().staging().awaitDeployed(v1, TIMEOUT);
                    p.gates().awaitPending(TIMEOUT);
                    System.out.println("AT-GATE " + p.environments().staging().endpoint().url());
                }
                Thread.currentThread().join();
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
