package dev.mlops.cli.commands;

import dev.mlops.cli.progress.ProgressDisplay;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The options every command takes, before or after its name: output format, verbosity, progress, debugging. They
 * are inherited by every subcommand; the values land in the one instance the top command holds.
 */
public final class GlobalOptions {
    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "Print the result as one JSON document on standard output (errors too, as {\"error\": …});"
                    + " progress and notes go to standard error only.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
            description = "Print only results: no progress and no notes on standard error.")
    boolean quiet;

    @Option(names = "--progress", scope = ScopeType.INHERIT, paramLabel = "WHEN", defaultValue = "auto",
            converter = ProgressModeConverter.class,
            description = "When to draw live progress of long waits on standard error: auto (on a terminal), always,"
                    + " never. Default: ${DEFAULT-VALUE}.")
    ProgressDisplay.Mode progress = ProgressDisplay.Mode.AUTO;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Print stack traces of errors, and the SDK's debug log on standard error.")
    boolean debug;

    /** Creates the options with their defaults (picocli fills them). */
    public GlobalOptions() {
    }

    /**
     * Whether results are JSON.
     *
     * @return true with {@code --json}
     */
    public boolean json() {
        return json;
    }

    /**
     * Whether notes and progress are dropped.
     *
     * @return true with {@code --quiet}
     */
    public boolean quiet() {
        return quiet;
    }

    /**
     * When progress is drawn; never with {@code --quiet}.
     *
     * @return the mode
     */
    public ProgressDisplay.Mode progress() {
        return quiet ? ProgressDisplay.Mode.NEVER : progress;
    }

    /**
     * Whether stack traces are printed.
     *
     * @return true with {@code --debug}
     */
    public boolean debug() {
        return debug;
    }

    @Override
    public String toString() {
        return "GlobalOptions[json=" + json + ", quiet=" + quiet + ", progress=" + progress + ", debug=" + debug + "]";
    }

    /** Reads {@code auto}, {@code always} and {@code never} in any case. */
    static final class ProgressModeConverter implements picocli.CommandLine.ITypeConverter<ProgressDisplay.Mode> {
        @Override
        public ProgressDisplay.Mode convert(String value) {
            for (ProgressDisplay.Mode m : ProgressDisplay.Mode.values()) {
                if (m.name().equalsIgnoreCase(value)) {
                    return m;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not one of auto, always, never");
        }
    }
}
