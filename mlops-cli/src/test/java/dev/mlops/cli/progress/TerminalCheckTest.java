package dev.mlops.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.spi.SystemStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Terminal detection, in this JVM (whose standard error is a pipe to Maven) and in child JVMs run under a real
 * pseudo-terminal by util-linux's {@code script}, as a person's shell would run {@code mlops}.
 */
class TerminalCheckTest {
    @TempDir
    Path dir;

    @Test
    void aStreamThatIsNotSystemErrOrOutIsNoTerminal() {
        TerminalCheck.Facts f = TerminalCheck.check(new PrintStream(new ByteArrayOutputStream()));
        assertThat(f.terminal()).isFalse();
        assertThat(f.live()).isFalse();
        assertThat(f.width().getAsInt()).isEqualTo(80);
    }

    @Test
    void standardErrorHereIsAPipeAndSaidToBe() {
        // Surefire's forked JVM writes to a pipe: whatever System.console() says, nothing may be drawn.
        assertThat(TerminalCheck.check(System.err).terminal()).isFalse();
        assertThat(TerminalCheck.check(System.out).terminal()).isFalse();
    }

    @Test
    void dumbTermNoColorAndPicocliAnsiAreHonoured() {
        TerminalCheck.Facts dumb = TerminalCheck.check(SystemStream.Error, Map.of("TERM", "dumb"), null, StandardCharsets.UTF_8);
        assertThat(dumb.dumb()).isTrue();
        assertThat(dumb.color()).isFalse();
        assertThat(TerminalCheck.check(SystemStream.Error, Map.of(), null, StandardCharsets.UTF_8).dumb()).isTrue();
        TerminalCheck.Facts noColor = TerminalCheck.check(SystemStream.Error, Map.of("TERM", "xterm", "NO_COLOR", "1"), null,
                StandardCharsets.UTF_8);
        assertThat(noColor.dumb()).isFalse();
        assertThat(noColor.color()).isFalse();
        assertThat(TerminalCheck.check(SystemStream.Error, Map.of("TERM", "xterm"), "false", StandardCharsets.UTF_8).color())
                .isFalse();
        assertThat(TerminalCheck.check(SystemStream.Error, Map.of("TERM", "xterm"), null, StandardCharsets.US_ASCII).unicode())
                .isFalse();
        // Not a terminal here, so the width comes from COLUMNS, else 80.
        assertThat(TerminalCheck.check(SystemStream.Error, Map.of("COLUMNS", "132"), null, StandardCharsets.UTF_8).width()
                .getAsInt()).isEqualTo(132);
    }

    @Test
    void underAPseudoTerminalTheDemoRedrawsInPlace() throws Exception {
        String out = underScript("stty cols 100 rows 30; " + demo("--mode auto --speed 200 quickstart-events.jsonl"), Map.of());
        assertThat(out).contains("ProgressDisplay[LiveScreen");
        // Redraws: the bar's line is drawn again and again after a carriage return, not on new lines.
        assertThat(out).containsPattern("\r(build pipeline|deploy to \\w+) +\\d+% \\S*│[█▏▎▍▌▋▊▉ ]*│\\S* +\\d/\\d \\(0:00:0\\d\\)");
        // Kept lines, with picocli's green on the mark (TERM=xterm, NO_COLOR unset).
        assertThat(out).containsPattern("\u001b\\[32m✔\\S* modelbuild › Source \\d+\\.\\ds · commit \\w+ of \\S+modelbuild \\[1/2]");
        assertThat(out).containsPattern("\u001b\\[31m✘\\S* modeldeploy › Build \\d+\\.\\ds · No approved model version");
        assertThat(out).contains("done");
    }

    @Test
    void underAPseudoTerminalWithStandardErrorInAFileNothingIsDrawn() throws Exception {
        Path err = dir.resolve("err.log");
        String out = underScript(demo("--mode auto --speed 200 quickstart-events.jsonl") + " 2>" + err, Map.of());
        // System.console() is non-null here (standard input and output are the terminal); standard error is not.
        assertThat(out).contains("ProgressDisplay[off");
        assertThat(Files.readString(err)).isEmpty();
    }

    @Test
    void underAPseudoTerminalWithTermDumbThePlainLinesCome() throws Exception {
        String out = underScript(demo("--mode auto --speed 200 quickstart-events.jsonl"), Map.of("TERM", "dumb"));
        assertThat(out).contains("ProgressDisplay[PlainScreen").contains("] ▶ build pipeline (2 steps)");
        assertThat(out.replace("\r\n", "\n")).doesNotContain("\r").doesNotContain("\u001b");
    }

    @Test
    void withoutATerminalAutoDrawsNothing() throws Exception {
        Path err = dir.resolve("err.log");
        Process p = new ProcessBuilder("sh", "-c", demo("--mode auto --speed 200 quickstart-events.jsonl") + " 2>" + err)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("ProgressDisplay[off").contains("done");
        assertThat(Files.readString(err)).isEmpty();
    }

    private static String demo(String args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        return "'" + java + "' -cp '" + System.getProperty("java.class.path") + "' " + ProgressDemo.class.getName() + " " + args;
    }

    /** Runs a shell command under a pseudo-terminal and returns what the terminal got, byte for byte. */
    private static String underScript(String command, Map<String, String> env) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script is not installed");
        ProcessBuilder b = new ProcessBuilder(List.of("/usr/bin/script", "-qec", command, "/dev/null"));
        b.environment().put("TERM", "xterm");
        b.environment().remove("NO_COLOR");
        b.environment().putAll(env);
        b.redirectInput(ProcessBuilder.Redirect.PIPE).redirectErrorStream(true);
        Process p = b.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
