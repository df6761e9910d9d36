package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/** Every command's help is complete: a description, and a description for every option and positional. */
class HelpTest {
    private static List<CommandSpec> all(CommandSpec spec) {
        List<CommandSpec> out = new ArrayList<>();
        out.add(spec);
        for (CommandLine sub : spec.subcommands().values()) {
            if (!out.contains(sub.getCommandSpec())) {
                all(sub.getCommandSpec()).stream().filter(s -> !out.contains(s)).forEach(out::add);
            }
        }
        return out;
    }

    private static boolean described(String[] lines) {
        return lines.length > 0 && String.join("", lines).strip().length() > 10;
    }

    @Test
    void everyCommand_optionAndPositional_isDescribed() {
        CommandSpec top = Mlops.commandLine(CliContext.of(java.io.InputStream.nullInputStream(), System.out, System.err, false))
                .getCommandSpec();
        List<CommandSpec> commands = all(top);
        assertThat(commands).extracting(CommandSpec::qualifiedName).contains("mlops", "mlops quickstart", "mlops create",
                "mlops plan", "mlops status", "mlops delete", "mlops list", "mlops pipelines start", "mlops pipelines await",
                "mlops pipelines logs", "mlops models list", "mlops models approve", "mlops models reject",
                "mlops gates list", "mlops gates approve", "mlops gates reject", "mlops endpoints invoke",
                "mlops endpoints serve", "mlops monitors baseline", "mlops monitors check", "mlops monitors reports",
                "mlops render", "mlops completion");
        List<String> missing = new ArrayList<>();
        for (CommandSpec c : commands) {
            if (!described(c.usageMessage().description()) && !described(c.usageMessage().header())) {
                missing.add(c.qualifiedName() + ": no description");
            }
            if (c.findOption("--help") == null) {
                missing.add(c.qualifiedName() + ": no --help");
            }
            List<ArgSpec> args = new ArrayList<>(c.options());
            args.addAll(c.positionalParameters());
            for (ArgSpec a : args) {
                if (!described(a.description())) {
                    missing.add(c.qualifiedName() + " " + a.paramLabel() + (a.isOption() ? " " + ((CommandLine.Model.OptionSpec) a).longestName() : "")
                            + ": no description");
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void helpOfEveryCommand_printsItsUsage_andExitsZero() {
        CommandSpec top = Mlops.commandLine(CliContext.of(java.io.InputStream.nullInputStream(), System.out, System.err, false))
                .getCommandSpec();
        for (CommandSpec c : all(top)) {
            List<String> args = new ArrayList<>(List.of(c.qualifiedName().split(" ")).subList(1, c.qualifiedName().split(" ").length));
            args.add("--help");
            Cli.Run r = Cli.raw(args.toArray(String[]::new));
            assertThat(r.code()).as(c.qualifiedName() + "\n" + r).isZero();
            assertThat(r.out()).as(c.qualifiedName()).contains("Usage: " + c.qualifiedName());
            assertThat(r.err()).as(c.qualifiedName()).isEmpty();
        }
    }
}
