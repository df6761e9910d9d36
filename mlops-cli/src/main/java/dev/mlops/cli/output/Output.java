package dev.mlops.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.cli.ExitCodes;
import dev.mlops.exception.MlopsException;
import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * A command's output. For people, results go to standard output as text and notes to standard error; with
 * {@code --json}, standard output receives exactly one JSON document (the result, or {@code {"error": …}}) and
 * nothing else, so a tool can parse it whole. {@code --quiet} drops the notes.
 */
public final class Output {
    private final PrintStream out;
    private final PrintStream err;
    private final boolean json;
    private final boolean quiet;
    private final boolean debug;

    /**
     * Creates the output of one command.
     *
     * @param out standard output
     * @param err standard error
     * @param json whether results are JSON
     * @param quiet whether notes are dropped
     * @param debug whether an error's stack trace is printed
     */
    public Output(PrintStream out, PrintStream err, boolean json, boolean quiet, boolean debug) {
        this.out = out;
        this.err = err;
        this.json = json;
        this.quiet = quiet;
        this.debug = debug;
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
     * Whether notes are dropped.
     *
     * @return true with {@code --quiet}
     */
    public boolean quiet() {
        return quiet;
    }

    /**
     * Standard output, for text a command streams (a log being followed) when it is not in JSON mode.
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
     * Prints a command's result: the JSON document with {@code --json}, otherwise the text.
     *
     * @param document the result as JSON
     * @param text prints the result for people
     */
    public void result(JsonNode document, Consumer<PrintStream> text) {
        if (json) {
            out.println(Json.write(document));
        } else {
            text.accept(out);
        }
        out.flush();
    }

    /**
     * Prints a note for people on standard error (a hint, what happens next), unless {@code --quiet}.
     *
     * @param format the note, a {@link String#format} pattern
     * @param args its arguments
     */
    public void note(String format, Object... args) {
        if (!quiet) {
            err.println(String.format(format, args));
            err.flush();
        }
    }

    /**
     * Reports an error: a line on standard error, and with {@code --json} also {@code {"error": …}} on standard
     * output. The stack trace is printed only with {@code --debug}.
     *
     * @param code the exit code the command ends with
     * @param error the error
     */
    public void error(int code, Throwable error) {
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        err.println("mlops: " + message);
        if (debug) {
            error.printStackTrace(err);
        } else if (code == ExitCodes.INTERNAL) {
            err.println("mlops: an unexpected " + error.getClass().getName() + "; rerun with --debug for its stack trace");
        }
        err.flush();
        if (json) {
            ObjectNode e = Json.object();
            e.put("type", ExitCodes.name(code));
            e.put("exception", error.getClass().getSimpleName());
            e.put("message", message);
            e.put("retryable", error instanceof MlopsException m && m.retryable());
            e.put("exitCode", code);
            if (error instanceof MlopsException m) {
                e.set("context", Json.strings(m.context()));
            }
            ObjectNode doc = Json.object();
            doc.set("error", e);
            out.println(Json.write(doc));
            out.flush();
        }
    }

    /**
     * Reports a usage error the same way as {@link #error(int, Throwable)}, with exit code {@link ExitCodes#USAGE}.
     *
     * @param message what is wrong
     */
    public void usageError(String message) {
        if (json) {
            ObjectNode e = Json.object();
            e.put("type", ExitCodes.name(ExitCodes.USAGE));
            e.put("exception", "ParameterException");
            e.put("message", message);
            e.put("retryable", false);
            e.put("exitCode", ExitCodes.USAGE);
            ObjectNode doc = Json.object();
            doc.set("error", e);
            out.println(Json.write(doc));
            out.flush();
        }
    }

    @Override
    public String toString() {
        return "Output[" + (json ? "json" : "text") + (quiet ? ", quiet" : "") + "]";
    }
}
