package dev.mlops.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real embedded project's events, as they happen on the SDK's event thread, into a display. */
class EmbeddedRunDisplayTest {
    @TempDir
    Path home;

    @Test
    void theQuickstartFlowShowsEveryStageStepGateAndEndpoint() {
        Replay r = new Replay();
        try (ProgressDisplay d = ProgressDisplay.create(r.out, ProgressDisplay.Mode.ALWAYS, Replay.file(), System::nanoTime)) {
            EmbeddedRun.run(home, d, d::phase);
        }
        String text = r.text();
        List<String> lines = text.lines().toList();
        assertThat(lines).allMatch(l -> l.matches("\\[\\d+:\\d\\d:\\d\\d] .+"));
        assertThat(lines).contains("[0:00:00] ▶ build pipeline (2 steps)");
        assertThat(text).containsPattern("✔ modelbuild › Build \\d+\\.\\ds · registered model version 1 .* \\[2/2]")
                .containsPattern("  ✔ step TrainAbaloneModel \\d+\\.\\ds")
                .containsPattern("✔ modeldeploy › DeployStaging \\d+\\.\\ds · .* \\[3/6]")
                .containsPattern("✔ modeldeploy › ApproveDeployment \\d+\\.\\ds · gate ApproveDeployment approved by \\S+ \\[5/6]")
                .containsPattern("✔ modeldeploy › DeployProd \\d+\\.\\ds · .* \\[6/6]")
                .contains("⏸ gate ApproveDeployment of modeldeploy is waiting for approval",
                        "✔ Endpoint abalone-prod serves model version 1");
        ProgressDisplayTest.assertNoControlCharacters(text);
    }
}
