package dev.mlops.cli.commands;

import dev.mlops.cli.ExitCodes;
import picocli.AutoComplete;
import picocli.CommandLine.Command;

/** {@code mlops completion}: prints the shell completion script. */
@Command(name = "completion", header = "Print a bash/zsh completion script for mlops.",
        description = {"Prints a completion script for bash, which zsh also reads (through bashcompinit). It completes"
                + " commands, options and the values of --template, --status and the pipeline argument.",
            "Load it in the current shell with 'source <(mlops completion)', or for good with"
                    + " 'mlops completion > ~/.local/share/bash-completion/completions/mlops' (bash) or by adding"
                    + " 'source <(mlops completion)' to ~/.zshrc (zsh)."},
        footerHeading = "%nExamples:%n", footer = {"  source <(mlops completion)",
            "  mlops completion > ~/.local/share/bash-completion/completions/mlops"})
public final class CompletionCommand extends CommandBase {
    /** Creates the command (picocli does). */
    public CompletionCommand() {
    }

    @Override
    protected int run() {
        String script = AutoComplete.bash("mlops", spec.root().commandLine());
        context().out().print(script);
        context().out().flush();
        return ExitCodes.OK;
    }
}
