package dev.mlops.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command line's parsing, help and usage errors. The default home is pointed at a directory that does not
 * exist, through {@code mlops.home}, so that a test can tell that nothing ran: no command may create it.
 */
class MainTest {
    @TempDir
    Path dir;

    private Path home;
    private String previousHome;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void pointTheDefaultHomeAtANewDirectory() {
        home = dir.resolve("home");
        previousHome = System.getProperty("mlops.home");
        System.setProperty("mlops.home", home.toString());
    }

    @AfterEach
    void restoreTheDefaultHome() {
        if (previousHome == null) {
            System.clearProperty("mlops.home");
        } else {
            System.setProperty("mlops.home", previousHome);
        }
    }

    private int run(String... args) throws Exception {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void noArguments_printsTheUsageToStderr_exitsWith2_andCreatesNoHome() throws Exception {
        assertThat(run()).isEqualTo(2);

        assertThat(out()).isEmpty();
        assertThat(err()).contains("usage: java -jar mlops-examples.jar COMMAND")
                .contains("quickstart", "serve", "delete", "monitor", "help")
                .contains("--home DIR", "--project NAME", "--port PORT", "--environment NAME", "--help")
                .contains("build, train, approve and deploy a model through staging to prod")
                .contains("serve a project's endpoint on 127.0.0.1:PORT until Ctrl-C")
                .contains("delete a project and everything it made")
                .contains("run the Model Monitor example end to end");
        assertThat(home).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h", "help"})
    void help_printsTheUsageToStdout_andExitsWith0(String help) throws Exception {
        assertThat(run(help)).isEqualTo(0);

        assertThat(out()).startsWith("usage: java -jar mlops-examples.jar COMMAND")
                .contains("quickstart", "serve", "delete", "monitor", "--home DIR", "--project NAME", "--port PORT");
        assertThat(out()).doesNotContain("unknown");
        assertThat(err()).isEmpty();
        assertThat(home).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"quickstart", "serve", "delete", "monitor"})
    void commandHelp_printsThatCommandsUsageToStdout_andRunsNothing(String command) throws Exception {
        assertThat(run(command, "--help")).isEqualTo(0);

        assertThat(out()).startsWith("usage: java -jar mlops-examples.jar " + command).contains("--home DIR").contains("-h, --help");
        assertThat(err()).isEmpty();
        assertThat(home).doesNotExist();
    }

    @Test
    void commandHelp_winsOverOtherOptions_andHelpCommandTakesACommand() throws Exception {
        assertThat(run("serve", "--project", "abalone", "-h")).isEqualTo(0);
        assertThat(out()).startsWith("usage: java -jar mlops-examples.jar serve [--project NAME] --port PORT")
                .contains("--environment NAME").doesNotContain("quickstart");
        out.reset();

        assertThat(run("help", "delete")).isEqualTo(0);
        assertThat(out()).startsWith("usage: java -jar mlops-examples.jar delete [--project NAME] [--home DIR]");
        assertThat(err()).isEmpty();
        assertThat(home).doesNotExist();
    }

    @Test
    void unknownCommand_isNamed_withTheUsage_exitCode2() throws Exception {
        assertThat(run("frobnicate", "--home", dir.resolve("other").toString())).isEqualTo(2);

        assertThat(err()).startsWith("error: unknown command 'frobnicate'").contains("usage: java -jar mlops-examples.jar COMMAND");
        assertThat(out()).isEmpty();
        assertThat(dir.resolve("other")).doesNotExist();
    }

    @Test
    void unknownOption_isNamed_withTheCommandsUsage_exitCode2_andNothingRuns() throws Exception {
        assertThat(run("quickstart", "--colour", "red")).isEqualTo(2);

        assertThat(err()).startsWith("error: unknown option '--colour' for quickstart")
                .contains("usage: java -jar mlops-examples.jar quickstart [--project NAME] [--home DIR]");
        assertThat(out()).isEmpty();
        assertThat(home).doesNotExist();
    }

    @Test
    void optionOfAnotherCommand_orInEqualsForm_orSingleDash_isAnUnknownOption() throws Exception {
        assertThat(run("monitor", "--project", "abalone")).isEqualTo(2);
        assertThat(err()).startsWith("error: unknown option '--project' for monitor");
        err.reset();

        assertThat(run("delete", "--colour=red")).isEqualTo(2);
        assertThat(err()).startsWith("error: unknown option '--colour' for delete");
        err.reset();

        assertThat(run("delete", "-x")).isEqualTo(2);
        assertThat(err()).startsWith("error: unknown option '-x' for delete");
        assertThat(home).doesNotExist();
    }

    @Test
    void optionBeforeTheCommand_isAUsageError() throws Exception {
        assertThat(run("--home", home.toString(), "quickstart")).isEqualTo(2);
        assertThat(err()).startsWith("error: the command comes first, before '--home'").contains("usage:");
        err.reset();

        assertThat(run("--verbose")).isEqualTo(2);
        assertThat(err()).startsWith("error: unknown option '--verbose'").contains("usage:");
        assertThat(home).doesNotExist();
    }

    @Test
    void missingOrBadValues_areUsageErrors() throws Exception {
        assertThat(run("quickstart", "--home")).isEqualTo(2);
        assertThat(err()).startsWith("error: option --home needs a value (DIR)");
        err.reset();

        assertThat(run("serve", "--project", "abalone")).isEqualTo(2);
        assertThat(err()).startsWith("error: serve needs --port PORT");
        err.reset();

        assertThat(run("serve", "--port", "eighty")).isEqualTo(2);
        assertThat(err()).startsWith("error: --port needs a number from 1 to 65535, not 'eighty'");
        err.reset();

        assertThat(run("delete", "abalone")).isEqualTo(2);
        assertThat(err()).startsWith("error: unexpected argument 'abalone'");
        assertThat(out()).isEmpty();
        assertThat(home).doesNotExist();
    }
}
