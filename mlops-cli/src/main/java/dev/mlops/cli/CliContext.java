package dev.mlops.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Objects;

/**
 * Where a run of {@code mlops} reads and writes: standard input, output and error, and whether a person is at a
 * terminal (a confirmation can then be asked for). {@link Mlops#execute(CliContext, String...)} takes one, so tests
 * run the command line in-process with their own streams.
 */
public final class CliContext {
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean interactive;

    private CliContext(InputStream in, PrintStream out, PrintStream err, boolean interactive) {
        this.in = Objects.requireNonNull(in, "in");
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.interactive = interactive;
    }

    /**
     * A context on given streams.
     *
     * @param in standard input (request bodies, confirmations)
     * @param out standard output (results; with {@code --json} one JSON document)
     * @param err standard error (progress, notes, human error messages)
     * @param interactive whether a person answers on {@code in} (confirmations are asked only then)
     * @return the context
     */
    public static CliContext of(InputStream in, PrintStream out, PrintStream err, boolean interactive) {
        return new CliContext(in, out, err, interactive);
    }

    /**
     * The process's own streams; interactive when the JVM has a console.
     *
     * @return the context
     */
    public static CliContext system() {
        return new CliContext(System.in, System.out, System.err, System.console() != null);
    }

    /**
     * Standard input.
     *
     * @return the stream
     */
    public InputStream in() {
        return in;
    }

    /**
     * Standard output.
     *
     * @return the stream
     */
    public PrintStream out() {
        return out;
    }

    /**
     * Standard error.
     *
     * @return the stream
     */
    public PrintStream err() {
        return err;
    }

    /**
     * Whether a person answers on standard input.
     *
     * @return true at a terminal
     */
    public boolean interactive() {
        return interactive;
    }

    @Override
    public String toString() {
        return "CliContext[" + (interactive ? "interactive" : "non-interactive") + "]";
    }
}
