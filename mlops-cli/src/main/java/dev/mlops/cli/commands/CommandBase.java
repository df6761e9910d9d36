package dev.mlops.cli.commands;

import dev.mlops.cli.CliContext;
import dev.mlops.cli.output.Output;
import dev.mlops.cli.progress.ProgressDisplay;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What every runnable command shares: the run's streams and global options, its {@link Output}, a progress display
 * made on first use, and the things it opened, closed in reverse order when it ends, whatever the outcome.
 */
public abstract class CommandBase implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    private Output output;
    private ProgressDisplay progress;

    /** Creates the command (picocli does). */
    protected CommandBase() {
    }

    /**
     * Runs the command.
     *
     * @return the exit code, usually {@link dev.mlops.cli.ExitCodes#OK}
     * @throws Exception whatever the command throws; the top's handler maps it to an exit code
     */
    protected abstract int run() throws Exception;

    @Override
    public final Integer call() throws Exception {
        try {
            return run();
        } finally {
            closeAll();
        }
    }

    /**
     * The top command, which holds the run's context and global options.
     *
     * @return the top command
     */
    protected final MlopsCommand top() {
        return (MlopsCommand) spec.root().userObject();
    }

    /**
     * The streams of this run.
     *
     * @return the context
     */
    protected final CliContext context() {
        return top().context();
    }

    /**
     * This command's output.
     *
     * @return the output
     */
    protected final Output output() {
        if (output == null) {
            GlobalOptions g = top().global();
            output = new Output(context().out(), context().err(), g.json(), g.quiet(), g.debug());
        }
        return output;
    }

    /**
     * The progress display of this command's waits, on standard error; closed when the command ends.
     *
     * @return the display
     */
    protected final ProgressDisplay progress() {
        if (progress == null) {
            progress = ProgressDisplay.create(context().err(), top().global().progress());
            opened.push(progress);
        }
        return progress;
    }

    /**
     * Keeps something to close when the command ends (after what was opened later).
     *
     * @param resource what to close
     * @param <T> its type
     * @return the resource
     */
    protected final <T extends AutoCloseable> T closeLater(T resource) {
        opened.push(resource);
        return resource;
    }

    /**
     * A usage error of this command (exit code 2).
     *
     * @param message what is wrong and how to put it right
     * @return the exception to throw
     */
    protected final ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private void closeAll() throws Exception {
        Exception first = null;
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
