package dev.mlops.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's {@code install.sh} (into a temporary prefix, from the layout this build packaged: {@code --no-build},
 * so CI does not build twice), the installed launcher and the repository's {@code ./mlops} wrapper.
 */
class InstallScriptIT {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    record Run(int exit, String out) {
    }

    static Run run(Map<String, String> env, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(ROOT.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not end in 2 minutes");
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    static boolean hasMainCommand() throws IOException {
        try (JarFile jar = new JarFile(PackagedLayoutIT.JAR.toFile())) {
            return jar.getEntry("dev/mlops/cli/Mlops.class") != null;
        }
    }

    @Test
    void installsIntoAPrefix_andTheLauncherRunsTheHelp() throws Exception {
        Path prefix = tmp.resolve("prefix with space");
        Run install = run(Map.of("PATH", System.getenv("PATH")), ROOT.resolve("install.sh").toString(), "--prefix",
                prefix.toString(), "--no-build");
        assertThat(install.exit()).as(install.out()).isZero();
        assertThat(prefix.resolve("lib/mlops/mlops-cli.jar")).isRegularFile();
        assertThat(prefix.resolve("lib/mlops/lib")).isDirectoryContaining(p -> p.getFileName().toString()
                .startsWith("mlops-aws-"));
        assertThat(Files.isExecutable(prefix.resolve("bin/mlops"))).isTrue();
        assertThat(install.out()).contains(prefix + "/bin is not on your PATH");

        Run onPath = run(Map.of("PATH", prefix.resolve("bin") + ":" + System.getenv("PATH")),
                ROOT.resolve("install.sh").toString(), "--prefix", prefix.toString(), "--no-build");
        assertThat(onPath.out()).contains(prefix + "/bin is on your PATH");

        Path completion = prefix.resolve("share/bash-completion/completions/mlops");
        if (!hasMainCommand()) {
            assertThat(install.out()).contains("Bash completion not installed: this build has no runnable"
                    + " dev.mlops.cli.Mlops");
            Assumptions.abort("dev.mlops.cli.Mlops (the \"cli\" branch) is not in this build: --help and completion"
                    + " are checked once it is");
        }
        assertThat(install.out()).contains("Installed bash completion in " + completion);
        String script = Files.readString(completion);
        assertThat(script).contains("complete -F", "mlops");
        Run syntax = run(Map.of(), "bash", "-n", completion.toString());
        assertThat(syntax.exit()).as(syntax.out()).isZero();

        Run help = run(Map.of(), prefix.resolve("bin/mlops").toString(), "--help");
        assertThat(help.exit()).as(help.out()).isZero();
        assertThat(help.out()).contains("Usage: mlops").doesNotContain("SLF4J");
    }

    @Test
    void theLauncherSaysWhichJavaItNeeds() throws Exception {
        Path prefix = tmp.resolve("p");
        assertThat(run(Map.of(), ROOT.resolve("install.sh").toString(), "--prefix", prefix.toString(), "--no-build")
                .exit()).isZero();
        Path oldJdk = Files.createDirectories(tmp.resolve("jdk-11/bin"));
        Files.writeString(oldJdk.resolve("java"), "#!/bin/sh\nexit 0\n");
        oldJdk.resolve("java").toFile().setExecutable(true);
        Files.writeString(tmp.resolve("jdk-11/release"), "JAVA_VERSION=\"11.0.22\"\n");
        Run old = run(Map.of("JAVA_HOME", tmp.resolve("jdk-11").toString()), prefix.resolve("bin/mlops").toString(),
                "--help");
        assertThat(old.exit()).isEqualTo(127);
        assertThat(old.out()).contains("mlops needs Java 17 or newer", "is Java 11", "JAVA_HOME");

        Path tools = Files.createDirectories(tmp.resolve("no-java-bin"));
        for (String tool : new String[] {"readlink", "dirname", "sed"}) {
            Files.createSymbolicLink(tools.resolve(tool), Path.of("/usr/bin", tool).toRealPath());
        }
        Run none = run(Map.of("JAVA_HOME", "", "PATH", tools.toString()), "/bin/bash",
                prefix.resolve("bin/mlops").toString(), "--help");
        assertThat(none.exit()).isEqualTo(127);
        assertThat(none.out()).contains("mlops needs Java 17 or newer and found none");
    }

    @Test
    void badArgumentsAreRefused() throws Exception {
        Run bad = run(Map.of(), ROOT.resolve("install.sh").toString(), "--prefx", "/tmp/x");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.out()).contains("unknown option --prefx", "usage: ./install.sh [--prefix DIR]");
        assertThat(run(Map.of(), ROOT.resolve("install.sh").toString(), "--prefix").out())
                .contains("--prefix needs a directory");
    }

    @Test
    void theRepositoryWrapperRunsTheBuiltJarWithoutRebuilding() throws Exception {
        Assumptions.assumeTrue(hasMainCommand(), "dev.mlops.cli.Mlops is not in this build yet");
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("mlops").toString(), "--help"));
        Run help = run(Map.of(), cmd.toArray(String[]::new));
        assertThat(help.exit()).as(help.out()).isZero();
        assertThat(help.out()).contains("Usage: mlops").doesNotContain("Building mlops-cli");
    }
}
