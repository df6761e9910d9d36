package dev.mlops.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.mlops.event.ProjectEvent;
import dev.mlops.event.ProjectEventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Events from several backend threads while the command's thread changes phases and then closes. */
class ConcurrentEventsTest {
    private static final int THREADS = 6;
    private static final int STAGES = 300;

    @Test
    void plainLinesStayWholeAndNoneIsLost() throws Exception {
        Replay r = new Replay();
        ProgressDisplay d = r.display(ProgressDisplay.Mode.ALWAYS, Replay.file());
        feed(d);
        String text = r.text();
        List<String> lines = text.lines().toList();
        assertThat(lines).allMatch(l -> l.matches("\\[\\d+:\\d\\d:\\d\\d] (  )?[✔✘▶⏸⚠•] [^\\[]*( \\[\\d+(/\\d+)?])?"),
                "whole lines only");
        assertThat(lines.stream().filter(l -> l.contains("✔ modelbuild › Stage"))).hasSize(THREADS * STAGES);
        assertThat(lines.stream().filter(l -> l.contains("▶ stage Stage"))).hasSize(THREADS * STAGES);
        // Each thread's execution is counted on its own, whatever the others do.
        assertThat(lines.stream().filter(l -> l.matches(".*✔ modelbuild › Stage" + (STAGES - 1) + " \\d+\\.\\ds · ok \\[" + STAGES + "/" + STAGES + "]")))
                .hasSize(THREADS);
    }

    @Test
    void aTerminalNeitherDeadlocksNorSplitsALine() throws Exception {
        Replay r = new Replay();
        ProgressDisplay d = r.display(ProgressDisplay.Mode.ALWAYS, Replay.terminal(100));
        feed(d);
        String text = r.text();
        // Between two line ends there is either a kept line or redraws of the live line, never half of one.
        for (String line : text.split("\n")) {
            String kept = line.substring(line.lastIndexOf('\r') + 1);
            assertThat(kept.strip()).matches("|[✔✘▶⏸⚠•] .*|.* \\|.*\\| \\d+/\\d+ \\(\\d:\\d\\d:\\d\\d\\).*");
            Arrays.stream(line.split("\r")).filter(s -> s.contains(" |")).forEach(s ->
                    assertThat(s).matches("(work|more work) +\\d+% \\|.*\\| +\\d+/\\d+ \\(\\d:\\d\\d:\\d\\d\\).*"));
        }
        assertThat(text.lines().filter(l -> l.contains("✔ modelbuild › Stage"))).hasSize(THREADS * STAGES);
        assertThat(text).endsWith(System.lineSeparator());
    }

    private static void feed(ProgressDisplay d) throws Exception {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            d.phase("work", STAGES);
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                threads.add(new Thread(() -> {
                    await(go);
                    String exec = "exec-" + thread;
                    for (int s = 0; s < STAGES; s++) {
                        d.onEvent(event(exec + "-" + s + "-start", ProjectEventType.StageStarted, exec, "Stage" + s));
                        d.onEvent(event(exec + "-" + s + "-end", ProjectEventType.StageSucceeded, exec, "Stage" + s));
                    }
                }, "backend-events-" + t));
            }
            threads.forEach(Thread::start);
            go.countDown();
            Thread.sleep(50);
            d.phase("more work", STAGES); // while events arrive
            for (Thread t : threads) {
                t.join();
            }
            d.close();
        });
    }

    private static ProjectEvent event(String id, ProjectEventType type, String exec, String stage) {
        return new ProjectEvent(id, Instant.now(), "p", type, "modelbuild/" + stage,
                type + " " + stage, Map.of("execution", exec, "stage", stage, "pipeline", "modelbuild", "summary", "ok"));
    }

    private static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
