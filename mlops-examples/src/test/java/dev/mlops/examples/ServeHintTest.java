package dev.mlops.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The serve command the quickstart prints at its end, for copying. */
class ServeHintTest {
    private static final String SERVE = "java -jar mlops-examples/target/mlops-examples.jar serve --project abalone --port 8080";

    @TempDir
    Path dir;

    @Test
    void anotherHome_isPassedOn() {
        Path home = dir.resolve("home");

        assertThat(Quickstart.serveCommand("abalone", home)).isEqualTo(SERVE + " --home " + home.toAbsolutePath());
    }

    @Test
    void aRelativeHome_isPassedOnAbsolute_soTheCommandWorksFromAnyDirectory() {
        assertThat(Quickstart.serveCommand("abalone", Path.of("target", "qs-home")))
                .isEqualTo(SERVE + " --home " + Path.of("target", "qs-home").toAbsolutePath());
    }

    @Test
    void aHomeWithSpaces_isQuoted() {
        Path home = dir.resolve("my mlops home");

        assertThat(Quickstart.serveCommand("abalone", home)).isEqualTo(SERVE + " --home '" + home.toAbsolutePath() + "'");
    }

    @Test
    void theBuiltInHome_withNoOverride_needsNoHomeOption() {
        assumeTrue(System.getProperty("mlops.home") == null && System.getenv("MLOPS_HOME") == null, "no home override set");

        assertThat(Quickstart.serveCommand("abalone", Path.of(System.getProperty("user.home"), ".mlops"))).isEqualTo(SERVE);
    }

    @Test
    void theBuiltInHome_isPassedOn_whenAnOverrideWouldSendServeElsewhere() {
        String previous = System.getProperty("mlops.home");
        System.setProperty("mlops.home", dir.resolve("elsewhere").toString());
        try {
            Path builtIn = Path.of(System.getProperty("user.home"), ".mlops");
            assertThat(Quickstart.serveCommand("abalone", builtIn)).endsWith(" --home " + Quickstart.shellQuote(builtIn.toAbsolutePath().toString()));
        } finally {
            if (previous == null) {
                System.clearProperty("mlops.home");
            } else {
                System.setProperty("mlops.home", previous);
            }
        }
    }

    @Test
    void shellQuote_leavesPlainWords_andQuotesTheRest() {
        assertThat(Quickstart.shellQuote("/tmp/mlops-home_1")).isEqualTo("/tmp/mlops-home_1");
        assertThat(Quickstart.shellQuote("/tmp/my home")).isEqualTo("'/tmp/my home'");
        assertThat(Quickstart.shellQuote("/tmp/it's")).isEqualTo("'/tmp/it'\\''s'");
        assertThat(Quickstart.shellQuote("")).isEqualTo("''");
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void shellQuote_readsBackAsTheSameWord_inAPosixShell() throws Exception {
        for (String word : List.of("/tmp/my home", "/tmp/it's here", "/tmp/$HOME `x` \"q\" \\ ; & * ?", "/tmp/tab\there")) {
            Process sh = new ProcessBuilder("/bin/sh", "-c", "printf '%s' " + Quickstart.shellQuote(word)).redirectErrorStream(true).start();
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            sh.getInputStream().transferTo(read);
            assertThat(sh.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(read.toString(StandardCharsets.UTF_8)).isEqualTo(word);
        }
    }
}
