package dev.mlops.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.examples.Main;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples are an application: they bind slf4j-simple (at WARN, {@code simplelogger.properties}), and so do the
 * child JVMs that run repository code for them. A whole quickstart in a JVM of its own prints no SLF4J line, neither
 * SLF4J's "No SLF4J providers were found" nor a log line of the SDK's internals.
 */
class ExamplesLoggingTest {

    @Test
    void theQuickstart_inItsOwnJvm_printsNoSlf4jLine(@TempDir Path dir) throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "quickstart", "--home", dir.resolve("home").toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> !k.equals("PATH") && !k.equals("LANG"));
        pb.environment().put("HOME", dir.toString());
        pb.redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        Process p = pb.start();
        boolean ended = p.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            p.destroyForcibly();
        }
        String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
        String err = Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8);
        assertThat(ended).as("the quickstart ended within 5 minutes; stdout:%n%s", out).isTrue();
        assertThat(p.exitValue()).as("exit code; stderr:%n%s", err).isZero();
        assertThat(out).contains("Prod endpoint abalone-prod");
        assertThat((out + err).lines()).as("stderr:%n%s", err).noneMatch(l -> l.contains("SLF4J"));
    }
}
