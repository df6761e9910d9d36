package dev.mlops.local;

import static dev.mlops.local.Flows.ROW;
import static dev.mlops.local.Flows.TIMEOUT;
import static dev.mlops.local.Flows.await;
import static dev.mlops.local.Flows.awaitRunOf;
import static dev.mlops.local.Flows.describe;
import static dev.mlops.local.Flows.eventually;
import static dev.mlops.local.Flows.stage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.Gate;
import dev.mlops.GateStatus;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.template.ApprovalGate;
import dev.mlops.template.SeedCode;
import dev.mlops.template.Stage;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Repository code runs in a child JVM, not in the leader: a step that exits, loops or is stopped takes down
 * only its own JVM, and an endpoint test cannot reach the state store to approve its own gate. The reproductions
 * of issue 7, item 2.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserCodeInChildJvmTest {
    private static final String PREPROCESS = "pipelines/abalone/Preprocess.java";
    private static final String PIPELINE = "pipelines/abalone/AbalonePipeline.java";
    private static final String RUN_BODY = "List<String[]> features = new ArrayList<>();";
    /** The gate between staging and prod, which only ml-leads may decide; the leader runs as ml-leads. */
    private static final Template GATED = Templates.modelBuildTrainDeploy()
            .withApprovalGate(ApprovalGate.manual("ApproveDeployment").approvers("ml-leads").build());

    @TempDir
    static Path dir;
    private LocalBackend backend;
    private Project project;

    @BeforeAll
    void projectServingV1InStaging() {
        backend = LocalBackend.builder().home(dir.resolve("home")).user("ml-leads").build();
        project = MlopsProjects.builder().name("isolated").template(GATED).backend(backend).create();
        Execution build = project.pipelines().build().awaitLatest(TIMEOUT);
        assertThat(build.status()).as(describe(build)).isEqualTo(ExecutionStatus.Succeeded);
        ModelVersion v1 = project.models().version(1).approve("for staging");
        project.environments().staging().awaitDeployed(v1, TIMEOUT);
    }

    @AfterAll
    void close() {
        project.close();
        backend.close();
    }

    private static String seed(String path) {
        return new String(Templates.modelBuildSeed().files().get(path), StandardCharsets.UTF_8);
    }

    /** The seed's preprocessing script with code put at the start of its run method. */
    private static String preprocessDoingFirst(String code) {
        String seed = seed(PREPROCESS);
        String changed = seed.replace(RUN_BODY, code + "\n        " + RUN_BODY);
        assertThat(changed).isNotEqualTo(seed);
        return changed;
    }

    /** Writes this JVM's pid to a file, then loops forever, ignoring interrupts. */
    private static String pidThenLoop(Path pidFile) {
        return "java.nio.file.Files.writeString(java.nio.file.Path.of(\"" + pidFile + "\"),"
                + " Long.toString(ProcessHandle.current().pid()));\n"
                + "        long spins = 0;\n        while (spins >= 0) { spins++; }";
    }

    private String commitBuild(String message, Map<String, String> changes) {
        Map<String, String> files = new LinkedHashMap<>();
        Templates.modelBuildSeed().files().forEach((path, bytes) -> files.put(path, new String(bytes, StandardCharsets.UTF_8)));
        files.putAll(changes);
        return project.repositories().named(Templates.MODEL_BUILD).commit(message, files);
    }

    private static long pidIn(String log) {
        Matcher m = Pattern.compile("JVM \\(pid (\\d+)\\)").matcher(log);
        assertThat(m.find()).as("a pid in the log:\n" + log).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static long awaitPidFile(Path file) {
        return eventually("the step to write its pid to " + file, () -> {
            try {
                String text = Files.isRegularFile(file) ? Files.readString(file).strip() : "";
                return text.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(text));
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    @Test
    void systemExitInAProcessingStep_failsTheBuildWithExitCodeAndStderrTail_andTheLeaderKeepsServing() {
        String staging = project.environments().staging().endpoint().invoke(ROW);
        String commit = commitBuild("Give up early", Map.of(PREPROCESS, preprocessDoingFirst(
                "System.err.println(\"preprocess: the feature store is gone, giving up\");\n        System.exit(7);")));

        Execution build = awaitRunOf(project.pipelines().build(), commit);
        assertThat(build.status()).as(describe(build)).isEqualTo(ExecutionStatus.Failed);
        assertThat(stage(build, "Build").summary())
                .contains("PreprocessAbaloneData").contains("exit code 7")
                .contains("preprocess: the feature store is gone, giving up");
        assertThat(build.log("Build")).contains("preprocess: the feature store is gone, giving up");
        assertThat(project.models().versions()).noneMatch(v -> commit.equals(v.lineage().get("sourceCommit")));
        // This process, and the endpoint it served before, are still up.
        assertThat(project.environments().staging().endpoint().invoke(ROW)).isEqualTo(staging);
    }

    @Test
    void slf4jLoggingInAProcessingStep_isInTheStepsLog_withNoWordFromSlf4jItself() {
        String commit = commitBuild("Log through SLF4J", Map.of(PREPROCESS, preprocessDoingFirst(
                "org.slf4j.LoggerFactory.getLogger(\"abalone.preprocess\").info(\"preprocess: reading {}\", \"abalone.csv\");")));

        Execution build = awaitRunOf(project.pipelines().build(), commit);
        assertThat(build.status()).as(describe(build)).isEqualTo(ExecutionStatus.Succeeded);
        String log = build.log("Build");
        assertThat(log).contains("INFO abalone.preprocess - preprocess: reading abalone.csv");
        // before the child bound slf4j-simple: the line was dropped, or SLF4J's "No SLF4J providers were found" instead
        assertThat(log.lines()).noneMatch(l -> l.contains("SLF4J"));
    }

    @Test
    void pipelineFactoryThatExits_failsTheBuildNamingTheFactoryAndTheExitCode() {
        String pipeline = seed(PIPELINE);
        String exiting = pipeline.replace("Parameter processingInstanceCount", "if (settings != null) {\n"
                + "            System.err.println(\"factory: no pipeline today\");\n            System.exit(3);\n        }\n"
                + "        Parameter processingInstanceCount");
        assertThat(exiting).isNotEqualTo(pipeline);
        String commit = commitBuild("Exit in the factory", Map.of(PIPELINE, exiting));

        Execution build = awaitRunOf(project.pipelines().build(), commit);
        assertThat(build.status()).as(describe(build)).isEqualTo(ExecutionStatus.Failed);
        assertThat(stage(build, "Build").summary()).contains("pipeline factory pipelines.abalone.AbalonePipeline")
                .contains("exit code 3").contains("factory: no pipeline today");
        assertThat(project.environments().staging().endpoint().invoke(ROW)).isNotBlank();
    }

    @Test
    void endlessLoopInAStepWithATwoSecondTimeout_failsTheRunAsTimedOut_andItsJvmIsGone() {
        Path pidFile = dir.resolve("timeout.pid");
        String pipeline = seed(PIPELINE);
        String withTimeout = pipeline.replace(".outputs(\"train\", \"validation\", \"test\", \"model\")",
                ".outputs(\"train\", \"validation\", \"test\", \"model\")\n                .timeout(java.time.Duration.ofSeconds(2))");
        assertThat(withTimeout).isNotEqualTo(pipeline);
        String commit = commitBuild("Loop with a timeout", Map.of(PIPELINE, withTimeout, PREPROCESS, preprocessDoingFirst(pidThenLoop(pidFile))));

        Execution build = awaitRunOf(project.pipelines().build(), commit);
        assertThat(build.status()).as(describe(build)).isEqualTo(ExecutionStatus.Failed);
        assertThat(stage(build, "Build").summary()).contains("PreprocessAbaloneData").contains("timed out after PT2S");
        long pid = awaitPidFile(pidFile);
        assertThat(pidIn(build.log("Build"))).isEqualTo(pid);
        assertThat(pid).isNotEqualTo(ProcessHandle.current().pid());
        await("the step's JVM to be gone", () -> !alive(pid));
    }

    @Test
    void endpointTestThatTriesToApproveItsOwnGate_cannotReachTheProject_andTheGateStaysPending() throws Exception {
        Path home = dir.resolve("home").toAbsolutePath();
        String selfApproving = """
                package test;

                import dev.mlops.Gate;
                import dev.mlops.MlopsProjects;
                import dev.mlops.Project;
                import dev.mlops.pipeline.EndpointTest;
                import dev.mlops.pipeline.EndpointTestContext;
                import java.nio.file.Path;

                /** Passes, and leaves a thread behind that approves the prod gate as soon as it opens. */
                public final class SelfApprovingTest implements EndpointTest {
                    private static final Path HOME = Path.of("%s");

                    @Override
                    public void run(EndpointTestContext context) {
                        String where = System.getProperty("user.dir") + " " + System.getProperty("user.home") + " "
                                + System.getProperty("java.class.path") + " " + System.getProperty("mlops.home") + " "
                                + System.getenv("MLOPS_HOME") + " " + System.getenv("HOME");
                        context.log().println("sees the home: " + where.contains(HOME.toString()));
                        System.setProperty("mlops.user", "ml-leads");
                        try (Project p = MlopsProjects.open("isolated", HOME)) {
                            context.log().println("opened the project; pending gates: " + p.gates().pending().size());
                        } catch (Throwable e) {
                            context.log().println("cannot open the project: " + e);
                        }
                        Thread approver = new Thread(() -> {
                            for (int i = 0; i < 1200; i++) {
                                try (Project p = MlopsProjects.open("isolated", HOME)) {
                                    for (Gate g : p.gates().pending()) {
                                        g.approve("approved by the endpoint test itself");
                                        return;
                                    }
                                } catch (Throwable e) {
                                    // try again
                                }
                                try {
                                    Thread.sleep(25);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        }, "self-approver");
                        approver.start();
                    }
                }
                """.formatted(home.toString().replace("\\", "\\\\"));
        String commit = project.repositories().named(Templates.MODEL_DEPLOY)
                .commit("Add a test that approves its own gate", Map.of("test/SelfApprovingTest.java", selfApproving));

        Execution deploy = eventually("the deploy run of the commit", () -> project.pipelines().deploy().executions().stream()
                .filter(e -> e.sourceCommit().filter(commit::equals).isPresent()).findFirst());
        Gate gate = eventually("the deploy run to reach its gate", () -> project.gates().all().stream()
                .filter(g -> g.executionId().equals(deploy.id())).findFirst());
        Thread.sleep(3000); // the approver polls every 25 ms
        Gate after = gate.refresh();
        assertThat(after.decision()).isEmpty();
        assertThat(after.status()).isEqualTo(GateStatus.Pending);
        assertThat(project.environments().prod().deployedVersion()).isEmpty();

        String log = deploy.refresh().log("TestStaging");
        assertThat(log).contains("2 endpoint test(s) passed").contains("cannot open the project").contains("sees the home: false");
        // The stage's JVM ended with the stage: nothing it left running sees the gate.
        assertThat(alive(pidIn(log))).isFalse();
        gate.reject("the test tried to approve itself");
    }

    @Test
    void commandStagePastItsTimeout_failsTheRunAsTimedOut() {
        Template slow = Templates.modelBuildTrain().withStageBefore("Build",
                Stage.command("Wait", "sleep", "30").timeout(Duration.ofSeconds(1)).build());
        try (LocalBackend own = LocalBackend.builder().home(dir.resolve("command-home")).build();
             Project p = MlopsProjects.builder().name("slow").template(slow).backend(own).create()) {
            long started = System.nanoTime();
            Execution build = p.pipelines().build().awaitLatest(TIMEOUT);
            assertThat(build.status()).as(describe(build)).isEqualTo(ExecutionStatus.Failed);
            assertThat(stage(build, "Wait").summary()).contains("sleep 30").contains("timed out after PT1S");
            assertThat(stage(build, "Build").status()).isEqualTo(ExecutionStatus.Skipped);
            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(20_000);
        }
    }

    @Test
    void stopDuringACommandStage_endsTheCommandAtOnce() {
        Template sleepy = Templates.modelBuildTrain().withStageBefore("Build", Stage.command("Nap", "sleep", "37").build());
        try (LocalBackend own = LocalBackend.builder().home(dir.resolve("nap-home")).build();
             Project p = MlopsProjects.builder().name("nap").template(sleepy).backend(own).create()) {
            ProcessHandle nap = eventually("the command to run", () -> ProcessHandle.current().descendants()
                    .filter(h -> h.info().commandLine().orElse("").endsWith("sleep 37")).findFirst());
            Execution run = p.pipelines().build().latestExecution().orElseThrow();
            run.stop("no time for a nap");
            await("the command to be gone", () -> !nap.isAlive());
            Execution ended = run.await(TIMEOUT);
            assertThat(ended.status()).isEqualTo(ExecutionStatus.Stopped);
            await("the stage's log to say it stopped", () -> ended.log("Nap").contains("stopped: the run was stopped"));
        }
    }

    @Test
    void stop_endsTheStepsJvmAtOnce_andClosingDoesNotWaitForAStuckStep() throws Exception {
        Path pid1 = dir.resolve("stop-1.pid");
        Path pid2 = dir.resolve("stop-2.pid");
        Map<String, byte[]> files = new LinkedHashMap<>(Templates.modelBuildSeed().files());
        files.put(PREPROCESS, preprocessDoingFirst(pidThenLoop(pid1)).getBytes(StandardCharsets.UTF_8));
        Template looping = Templates.modelBuildTrain().withSeedCode(Templates.MODEL_BUILD, SeedCode.ofFiles(files));
        LocalBackend own = LocalBackend.builder().home(dir.resolve("stop-home")).build();
        Project stuck = MlopsProjects.builder().name("stuck").template(looping).backend(own).create();
        long closeMillis;
        long second;
        try {
            long first = awaitPidFile(pid1);
            assertThat(first).isNotEqualTo(ProcessHandle.current().pid());
            Execution run = stuck.pipelines().build().latestExecution().orElseThrow();
            long stopped = System.nanoTime();
            run.stop("it loops");
            await("the stopped step's JVM to be gone", () -> !alive(first));
            long stopMillis = (System.nanoTime() - stopped) / 1_000_000;
            System.out.println("stop() to the step's JVM gone took " + stopMillis + " ms");
            assertThat(stopMillis).as("ms from stop() to the JVM gone").isLessThan(5_000);
            Execution ended = run.await(TIMEOUT);
            assertThat(ended.status()).isEqualTo(ExecutionStatus.Stopped);
            assertThat(stage(ended, "Build").status()).isEqualTo(ExecutionStatus.Stopped);

            // A second stuck run, and the process closes instead of stopping it.
            String again = preprocessDoingFirst(pidThenLoop(pid2));
            Map<String, String> text = new LinkedHashMap<>();
            files.forEach((k, v) -> text.put(k, new String(v, StandardCharsets.UTF_8)));
            text.put(PREPROCESS, again);
            stuck.repositories().named(Templates.MODEL_BUILD).commit("Loop again", text);
            second = awaitPidFile(pid2);
        } finally {
            long closing = System.nanoTime();
            stuck.close();
            own.close();
            closeMillis = (System.nanoTime() - closing) / 1_000_000;
        }
        System.out.println("close with a stuck step took " + closeMillis + " ms");
        assertThat(closeMillis).as("ms to close with a step stuck in a loop").isLessThan(5_000);
        await("the stuck step's JVM to be gone after close", () -> !alive(second));
    }
}
