package dev.mlops.cli.progress;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.Map;
import java.util.function.IntSupplier;
import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a stream a display writes to is a terminal a person watches, and what it can show.
 *
 * <p>{@code System.console()} answers another question on Java 17 (are standard input <em>and</em> output
 * terminals?): it is null under {@code mlops … --json | jq} although standard error, where progress goes, is a
 * terminal, and non-null under {@code mlops … 2>log}. So this asks about the very file descriptor behind the
 * stream, the way JLine does ({@code test -t FD} through its exec provider), and only for {@code System.err} or
 * {@code System.out}: any other stream (a file, a buffer) is not a terminal.
 */
final class TerminalCheck {
    private static final Logger LOG = LoggerFactory.getLogger(TerminalCheck.class);
    private static final int FALLBACK_WIDTH = 80;

    /**
     * What a check found.
     *
     * @param terminal the stream is a terminal
     * @param dumb the terminal cannot be trusted to redraw a line ({@code TERM} unset or {@code dumb})
     * @param color colours may be used ({@code NO_COLOR} unset, {@code picocli.ansi} not {@code false})
     * @param unicode the output charset has the marks and bar blocks
     * @param width the terminal's columns, asked again when called
     */
    record Facts(boolean terminal, boolean dumb, boolean color, boolean unicode, IntSupplier width) {
        /** A terminal that redraws in place. */
        boolean live() {
            return terminal && !dumb;
        }
    }

    private TerminalCheck() {
    }

    /** Checks a stream against this process's environment. */
    static Facts check(PrintStream out) {
        SystemStream stream = out == System.err ? SystemStream.Error : out == System.out ? SystemStream.Output : null;
        return check(stream, System.getenv(), System.getProperty("picocli.ansi"), Charset.defaultCharset());
    }

    static Facts check(SystemStream stream, Map<String, String> env, String picocliAnsi, Charset charset) {
        boolean unicode = charset.newEncoder().canEncode("✔✘█▏");
        if (stream == null) {
            return new Facts(false, false, false, unicode, () -> FALLBACK_WIDTH);
        }
        TerminalProvider provider = provider();
        boolean tty = provider != null && provider.isSystemStream(stream);
        String term = env.get("TERM");
        boolean dumb = term == null || term.isBlank() || term.equals("dumb");
        boolean color = tty && !dumb && env.get("NO_COLOR") == null && !"false".equalsIgnoreCase(picocliAnsi);
        String columns = env.get("COLUMNS");
        IntSupplier width = () -> {
            int w = provider == null ? -1 : provider.systemStreamWidth(stream);
            if (w < 10 && columns != null && columns.matches("\\d{2,4}")) {
                w = Integer.parseInt(columns);
            }
            return w < 10 ? FALLBACK_WIDTH : w;
        };
        return new Facts(tty, dumb, color, unicode, width);
    }

    private static TerminalProvider provider() {
        try {
            return TerminalProvider.load("exec");
        } catch (IOException | RuntimeException e) {
            // Without JLine's exec provider nothing can tell: draw nothing rather than garble a file.
            LOG.debug("JLine's exec terminal provider is not available; treating the output as no terminal", e);
            return null;
        }
    }
}
