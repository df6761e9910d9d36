package dev.mlops.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.event.ProjectEvent;
import dev.mlops.event.ProjectEventType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressDisplayTest {
    private static final List<EmbeddedRun.Item> QUICKSTART = EmbeddedRun.recording("quickstart-events.jsonl");
    private static final List<EmbeddedRun.Item> AWS_CREATE = EmbeddedRun.recording("aws-create-events.jsonl");

    @Test
    void alwaysIntoAFilePrintsPlainLinesWithPhasesStagesStepsCountsAndElapsedTime() {
        Replay r = new Replay();
        try (ProgressDisplay d = r.display(ProgressDisplay.Mode.ALWAYS, Replay.file())) {
            assertThat(d.enabled()).isTrue();
            r.play(d, QUICKSTART);
        }
        String text = r.text();
        List<String> lines = text.lines().toList();
        assertThat(lines).allMatch(l -> l.matches("\\[\\d+:\\d\\d:\\d\\d] .+"), "every line starts with the elapsed time");
        assertThat(lines).contains("[0:00:00] ▶ build pipeline (2 steps)");
        // The build run's two stages counted against the phase's total; the deploy run's against its own six.
        assertThat(text).containsPattern("✔ modelbuild › Source \\d+\\.\\ds · commit \\w+ of sagemaker-abalone-\\S+-modelbuild \\[1/2]");
        assertThat(text).containsPattern("✔ modelbuild › Build \\d+\\.\\ds · registered model version 1 .* \\[2/2]");
        assertThat(text).containsPattern("✔ build pipeline: 2/2 done in \\d+\\.\\ds");
        assertThat(text).containsPattern("✘ modeldeploy › Build \\d+\\.\\ds · No approved model version found .* \\[2/6]");
        assertThat(text).containsPattern("✔ modeldeploy › DeployProd \\d+\\.\\ds · .* \\[6/6]");
        assertThat(text).contains("  ✔ step TrainAbaloneModel ", "  ▶ step PreprocessAbaloneData started",
                "⏸ gate ApproveDeployment of modeldeploy is waiting for approval",
                "✔ modeldeploy › ApproveDeployment", "gate ApproveDeployment approved by", "✔ Endpoint abalone-prod serves model version 1");
        assertThat(text).containsPattern("✔ pipeline modeldeploy run exec-\\w+ Succeeded in \\d+\\.\\ds");
        // The gate's approval and its stage's end are one line, and the approval token is never printed.
        assertThat(lines.stream().filter(l -> l.contains("✔ modeldeploy › ApproveDeployment"))).hasSize(1);
        assertThat(text).doesNotContain("approval-");
        // The elapsed time follows the clock: the build took seconds.
        assertThat(lines.stream().filter(l -> l.contains("✔ modelbuild › Build") && l.contains("registered")).findFirst().orElseThrow())
                .doesNotStartWith("[0:00:00]");
        assertNoControlCharacters(text);
    }

    @Test
    void alwaysIntoAFileCountsStackResourcesAgainstThePhaseTotal() {
        Replay r = new Replay();
        try (ProgressDisplay d = r.display(ProgressDisplay.Mode.ALWAYS, Replay.file())) {
            r.play(d, AWS_CREATE);
        }
        String text = r.text();
        assertThat(text).contains("▶ create stack (9 steps)", "⚠ Preflight warning: role AmazonSageMakerServiceCatalogProductsUseRole",
                "✔ ModelBuildCodeCommitRepository (AWS::CodeCommit::Repository) CREATE_COMPLETE 3.0s [1/9]",
                "✔ ModelDeploySageMakerEventRule (AWS::Events::Rule) CREATE_COMPLETE 1m02s [9/9]",
                "✔ stack SC-123456789012-pp-4ffr2k7mwdtzq CREATE_COMPLETE 1m33s");
        assertThat(text).containsPattern("\\[0:01:34] ✔ create stack: 9/9 done in 1m34s");
        assertNoControlCharacters(text);
    }

    @Test
    void codePipelineShapedEventsCountAGateOnceAndTakeTheStageCountFromTheStart() {
        // As ExecutionFeed (AWS) and BuildFeed (Jenkins) emit them: a gate ends with GateApproved alone, stage
        // events name the execution and stage but not the pipeline, the pipeline is the subject's first part.
        Replay r = new Replay();
        try (ProgressDisplay d = r.display(ProgressDisplay.Mode.ALWAYS, Replay.file())) {
            d.phase("deploy", -1);
            String x = "5f0c-41";
            d.onEvent(event("a", ProjectEventType.ExecutionStarted, "modeldeploy/" + x,
                    Map.of("status", "InProgress", "pipeline", "modeldeploy", "execution", x, "stages", "3")));
            d.onEvent(event("b", ProjectEventType.StageStarted, "modeldeploy/DeployStaging",
                    Map.of("execution", x, "stage", "DeployStaging", "status", "InProgress")));
            d.onEvent(event("c", ProjectEventType.StageSucceeded, "modeldeploy/DeployStaging",
                    Map.of("execution", x, "stage", "DeployStaging", "status", "Succeeded")));
            d.onEvent(event("d", ProjectEventType.GatePending, "modeldeploy/ApproveDeployment",
                    Map.of("execution", x, "stage", "ApproveDeployment", "status", "WaitingForApproval")));
            d.onEvent(event("e", ProjectEventType.GateApproved, "modeldeploy/ApproveDeployment",
                    Map.of("execution", x, "stage", "ApproveDeployment", "status", "Succeeded")));
            d.onEvent(event("f", ProjectEventType.StageFailed, "modeldeploy/DeployProd",
                    Map.of("execution", x, "stage", "DeployProd", "status", "Failed")));
            d.onEvent(event("g", ProjectEventType.ExecutionEnded, "modeldeploy/" + x, Map.of("status", "Failed")));
        }
        assertThat(r.text()).contains("▶ pipeline modeldeploy run 5f0c-41 started", "✔ modeldeploy › DeployStaging 0.0s [1/3]",
                "⏸ gate ApproveDeployment of modeldeploy is waiting for approval",
                "✔ modeldeploy › ApproveDeployment · gate ApproveDeployment approved [2/3]", "✘ modeldeploy › DeployProd [3/3]",
                "✘ pipeline modeldeploy run 5f0c-41 Failed", "✘ deploy: 3/3 done, 1 failed in");
    }

    @Test
    void neverPrintsNothing() {
        Replay r = new Replay();
        try (ProgressDisplay d = r.display(ProgressDisplay.Mode.NEVER, Replay.terminal(100))) {
            assertThat(d.enabled()).isFalse();
            r.play(d, QUICKSTART);
        }
        assertThat(r.bytes.size()).isZero();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ProgressDisplay d = ProgressDisplay.create(new PrintStream(b), ProgressDisplay.Mode.NEVER)) {
            assertThat(d.enabled()).isFalse();
            d.phase("x", 3);
            QUICKSTART.stream().filter(i -> i.event() != null).forEach(i -> d.onEvent(i.event()));
        }
        assertThat(b.size()).isZero();
    }

    @Test
    void autoDrawsNothingIntoAStreamThatIsNoTerminal() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ProgressDisplay d = ProgressDisplay.create(new PrintStream(b), ProgressDisplay.Mode.AUTO)) {
            assertThat(d.enabled()).isFalse();
            d.phase("build pipeline", 2);
            QUICKSTART.stream().filter(i -> i.event() != null).forEach(i -> d.onEvent(i.event()));
        }
        assertThat(b.size()).isZero();
        Replay r = new Replay();
        try (ProgressDisplay d = r.display(ProgressDisplay.Mode.AUTO, Replay.file())) {
            assertThat(d.enabled()).isFalse();
            r.play(d, QUICKSTART);
        }
        assertThat(r.bytes.size()).isZero();
    }

    @Test
    void alwaysIntoAFileFromThePublicFactoryPrintsPlainLines() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ProgressDisplay d = ProgressDisplay.create(new PrintStream(b, true, StandardCharsets.UTF_8),
                ProgressDisplay.Mode.ALWAYS)) {
            assertThat(d.enabled()).isTrue();
            assertThat(d.toString()).contains("PlainScreen");
            d.phase("build pipeline", 2);
            QUICKSTART.stream().filter(i -> i.event() != null).forEach(i -> d.onEvent(i.event()));
        }
        String text = b.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("build pipeline (2 steps)", "step TrainAbaloneModel");
        assertNoControlCharacters(text);
    }

    @Test
    void aDumbTerminalGetsPlainLinesInAuto() {
        Replay r = new Replay();
        try (ProgressDisplay d = r.display(ProgressDisplay.Mode.AUTO, new TerminalCheck.Facts(true, true, false, true, () -> 80))) {
            assertThat(d.enabled()).isTrue();
            r.play(d, QUICKSTART);
        }
        assertThat(r.text()).contains("▶ build pipeline (2 steps)");
        assertNoControlCharacters(r.text());
    }

    @Test
    void aTerminalRedrawsTheLiveLineAndKeepsFinishedStagesAsOneLineEach() {
        Replay r = new Replay();
        try (ProgressDisplay d = r.display(ProgressDisplay.Mode.AUTO, Replay.terminal(120))) {
            assertThat(d.toString()).contains("LiveScreen");
            r.play(d, QUICKSTART);
        }
        String text = r.text();
        assertThat(text).contains("\r").doesNotContain("\u001b"); // no colour asked: the bar's plain unicode style
        // Lasting lines: what a terminal keeps once every redraw is done (each \r returns to the line's start).
        List<String> kept = Arrays.stream(text.split("\n")).map(l -> l.substring(l.lastIndexOf('\r') + 1).strip())
                .filter(l -> !l.isEmpty()).toList();
        assertThat(kept).anyMatch(l -> l.matches("✔ modelbuild › Source \\d+\\.\\ds · commit .*modelbuild \\[1/2]"));
        assertThat(kept).anyMatch(l -> l.matches("✔ step TrainAbaloneModel \\d+\\.\\ds"));
        assertThat(kept).anyMatch(l -> l.startsWith("⏸ gate ApproveDeployment"));
        assertThat(kept).noneMatch(l -> l.contains("started")
                && !l.contains("pipeline")); // stage and step starts live only in the redrawn line
        // The live line: progressbar's bar with the phase, done/total, elapsed time and the stage and step now.
        List<String> live = Arrays.stream(text.split("[\r\n]")).filter(l -> l.contains(" |")).toList();
        assertThat(live).anyMatch(l -> l.matches("build pipeline +\\d+% \\|[█▏▎▍▌▋▊▉ ]*\\| [0-2]/2 \\(0:00:\\d\\d\\) .*"));
        assertThat(live).anyMatch(l -> l.contains("· modelbuild › Build › step 2 TrainAbaloneModel"));
        assertThat(live).anyMatch(l -> l.contains("deploy to staging") && l.contains("/6 ("));
        assertThat(live).allMatch(l -> l.length() <= 119, "fits the terminal");
        // close() left the line clean: the summary, a newline, nothing after.
        assertThat(text).endsWith(System.lineSeparator());
        String last = text.substring(text.lastIndexOf('\r') + 1);
        assertThat(last.strip()).matches("• deploy to prod: 6/6 done in .*|✔ deploy to prod: 6/6 done in .*");
    }

    @Test
    void closeIsIdempotentAndLaterEventsAreIgnored() {
        Replay r = new Replay();
        ProgressDisplay d = r.display(ProgressDisplay.Mode.ALWAYS, Replay.file());
        d.phase("build pipeline", 2);
        d.close();
        int after = r.bytes.size();
        d.close();
        d.onEvent(event("late", ProjectEventType.StageStarted, "modelbuild/Build", Map.of("stage", "Build")));
        d.phase("another", 1);
        assertThat(r.bytes.size()).isEqualTo(after);
        ProgressDisplay live = r.display(ProgressDisplay.Mode.ALWAYS, Replay.terminal(80));
        live.phase("x", 1);
        live.close();
        live.close();
    }

    @Test
    void anEventDeliveredTwiceIsShownOnce() {
        Replay r = new Replay();
        try (ProgressDisplay d = r.display(ProgressDisplay.Mode.ALWAYS, Replay.file())) {
            d.phase("build pipeline", 2);
            ProjectEvent e = event("7", ProjectEventType.StageSucceeded, "modelbuild/Source",
                    Map.of("stage", "Source", "execution", "exec-1", "summary", "ok"));
            d.onEvent(e);
            d.onEvent(e);
        }
        assertThat(r.text().lines().filter(l -> l.contains("✔ modelbuild › Source"))).hasSize(1);
        assertThat(r.text()).contains("✔ modelbuild › Source · ok [1/2]");
    }

    @Test
    void controlCharactersInEventTextNeverReachTheOutput() {
        Replay r = new Replay();
        try (ProgressDisplay d = r.display(ProgressDisplay.Mode.ALWAYS, Replay.file())) {
            d.phase("build\u001b[2J pipeline", 1);
            d.onEvent(event("1", ProjectEventType.StageFailed, "modelbuild/Build",
                    Map.of("stage", "Build", "execution", "e", "reason", "exit 1\n\u001b[31mred\u001b[0m\rline")));
        }
        assertThat(r.text()).contains("✘ modelbuild › Build · exit 1  [31mred [0m line [1/1]");
        assertNoControlCharacters(r.text());
    }

    static ProjectEvent event(String id, ProjectEventType type, String subject, Map<String, String> detail) {
        return new ProjectEvent(id, Instant.parse("2026-12-01T10:00:00Z"), "abalone", type, subject, type + " " + subject, detail);
    }

    static void assertNoControlCharacters(String text) {
        assertThat(text.replace(System.lineSeparator(), "").chars().filter(Character::isISOControl).count())
                .as("control characters in plain output").isZero();
    }
}
