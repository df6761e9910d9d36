package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An interrupted wait (Ctrl-C interrupts the main thread) ends with 130 and a message, and closes the project. */
class InterruptTest {
    @TempDir
    Path home;

    @Test
    void anInterruptedAwait_exits130() throws Exception {
        assertThat(new Cli(home).run("create", "-p", "abalone").code()).isZero();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicInteger code = new AtomicInteger(-1);
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        Thread waiting = new Thread(() -> code.set(Mlops.execute(CliContext.of(java.io.InputStream.nullInputStream(), o, e,
                false), "--json", "pipelines", "await", "build", "-p", "abalone", "--home", home.toString())));
        waiting.start();
        Thread.sleep(1500);
        waiting.interrupt();
        waiting.join(60_000);
        assertThat(waiting.isAlive()).isFalse();
        String stderr = err.toString(StandardCharsets.UTF_8);
        if (code.get() == 0) {
            return; // the build ended before the interrupt: nothing to check on this machine
        }
        assertThat(code.get()).as(stderr).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(stderr).contains("mlops: ");
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8))
                .path("error").path("type").asText()).isEqualTo("interrupted");
        // the project was closed: another command opens and leads it, and the interrupted run ends (it failed when its
        // leader let go mid-stage, or it had finished) instead of hanging
        Cli.Run after = new Cli(home).run("--json", "pipelines", "await", "build", "-p", "abalone", "--timeout", "5m");
        assertThat(after.code()).as(after.toString()).isIn(ExitCodes.OK, ExitCodes.EXECUTION_FAILED);
        assertThat(after.json().path("status").asText()).isIn("Succeeded", "Failed", "Stopped");
    }
}
