package dev.mlops.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.aws.fixtures.AwsTestClients;
import dev.mlops.aws.fixtures.ServiceModel;
import dev.mlops.aws.sim.AwsSimulation;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --backend aws} from the packaged layout: a child {@code java} runs {@code target/mlops-cli.jar} (its
 * manifest's class path, in its order) with a tiny command over {@link BackendOptions}, against the AWS simulation
 * (moto and the fakes), doing plan → create → status → delete. The child's settings come from a profile and the
 * command line; its credentials from the environment, as a user's would. Every request the child sends is validated
 * against botocore's model ({@link SimulationHooks}).
 */
class PackagedAwsIT {
    private static final String NAME = "clipack";

    @TempDir
    Path tmp;

    private static AwsSimulation aws;

    @BeforeAll
    static void start() throws IOException {
        aws = AwsSimulation.start(0, 1);
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    record Run(int exit, String out, String err, String report) {
        /** Asserts a clean run whose requests all met their models. */
        Run ok() {
            assertThat(exit).as("exit code; stdout %s; stderr %s", out, err).isZero();
            assertThat(report).as("the child's requests, validated against botocore's models (stderr %s)", err)
                    .contains("violations=[]").doesNotContain("calls={}");
            return this;
        }
    }

    private Run mlops(String... args) throws Exception {
        Path hooks = tmp.resolve("hooks");
        Path list = hooks.resolve("software/amazon/awssdk/global/handlers/execution.interceptors");
        Files.createDirectories(list.getParent());
        Files.writeString(list, SimulationHooks.class.getName() + "\n");
        Path s3 = hooks.resolve("software/amazon/awssdk/services/s3/execution.interceptors");
        Files.createDirectories(s3.getParent());
        Files.writeString(s3, SimulationHooks.S3.class.getName() + "\n");
        String cp = String.join(File.pathSeparator, PackagedLayoutIT.JAR.toAbsolutePath().toString(), hooks.toString(),
                codeSource(PackagedCommand.class), codeSource(AwsSimulation.class));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Duser.home=" + tmp.resolve("home"),
                "-Djava.io.tmpdir=" + Files.createDirectories(tmp.resolve("tmp")),
                "-D" + ServiceModel.DATA_PROPERTY + "=" + ServiceModel.dataDir(),
                "-Dmlops.test.moto=" + aws.moto().endpoint(), "-Dmlops.test.report=" + tmp.resolve("report.txt"),
                "-cp", cp, PackagedCommand.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(tmp.resolve("out.txt").toFile())
                .redirectError(tmp.resolve("err.txt").toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("MLOPS_"));
        env.put("AWS_ACCESS_KEY_ID", AwsTestClients.ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", AwsTestClients.SECRET_ACCESS_KEY);
        env.put("AWS_CONFIG_FILE", tmp.resolve("none").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", tmp.resolve("none").toString());
        Process p = pb.start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("mlops " + String.join(" ", args) + " did not end in 3 minutes: "
                    + Files.readString(tmp.resolve("err.txt")));
        }
        Path report = tmp.resolve("report.txt");
        Run run = new Run(p.exitValue(), Files.readString(tmp.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(tmp.resolve("err.txt"), StandardCharsets.UTF_8),
                Files.exists(report) ? Files.readString(report) : "");
        Files.deleteIfExists(report);
        return run;
    }

    private static String codeSource(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    @Test
    void planCreateStatusDelete_onAws_fromThePackagedJar() throws Exception {
        Path profiles = Files.createDirectories(Profile.directory(tmp.resolve("home")));
        Files.writeString(profiles.resolve("sim.properties"), "backend=aws\nregion=eu-west-1\naws-endpoint="
                + aws.front().endpoint() + "\nsdk-image=" + AwsSimulation.SDK_IMAGE + "\npoll=250ms\n");
        String[] composition = {"--profile", "sim", "--region", "us-east-1"};

        Run plan = mlops(concat(new String[] {"plan", NAME}, composition)).ok();
        assertThat(plan.out()).contains("plan " + NAME + " exists=false", "on aws (region us-east-1, endpoint "
                + aws.front().endpoint() + "), repositories codecommit, orchestrator codepipeline");

        Run create = mlops(concat(new String[] {"create", NAME}, composition)).ok();
        assertThat(create.out()).contains("created " + NAME, "backend=aws");
        assertThat(create.err()).as("a provider is bound: no SLF4J warning").doesNotContain("No SLF4J providers");
        String id = create.out().replaceAll("(?s).*created " + NAME + " (\\S+) .*", "$1").trim();
        assertThat(aws.cloudFormation().describeStacks().stacks()).anyMatch(s -> s.stackName().contains(id));

        Run status = mlops(concat(new String[] {"status", NAME}, composition)).ok();
        assertThat(status.out()).contains("status " + NAME + " backend=aws", "modelbuild");

        mlops(concat(new String[] {"delete", NAME}, composition)).ok();
        assertThat(aws.cloudFormation().describeStacks().stacks()).noneMatch(s -> s.stackName().contains(id)
                && !s.stackStatusAsString().equals("DELETE_COMPLETE"));
        assertThat(aws.s3().listBuckets().buckets()).noneMatch(b -> b.name().equals("sagemaker-project-" + id));
    }

    @Test
    void aBadCombinationFailsInTheChildBeforeAnythingIsTouched() throws Exception {
        Run run = mlops("create", NAME, "--orchestrator", "codepipeline");
        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("--orchestrator", "add --backend aws");
        assertThat(run.report()).as("no AWS client was made").isEmpty();
        assertThat(tmp.resolve("home/.mlops")).doesNotExist();
    }

    private static String[] concat(String[] a, String... b) {
        return BackendOptionsTest.concat(a, b);
    }
}
