package dev.mlops.cli;

import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.NotFoundException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;

/**
 * The exit codes of {@code mlops}, in one place: scripts can rely on them, and the top-level help lists them.
 *
 * <pre>{@code
 * mlops pipelines await build --timeout 10m
 * case $? in 0) echo built ;; 6) echo "still running" ;; 7) echo "the run failed" ;; esac
 * }</pre>
 */
public final class ExitCodes {
    /** The command did what it was asked. */
    public static final int OK = 0;
    /** An unexpected failure (a bug or an unforeseen condition); {@code --debug} prints the stack trace. */
    public static final int INTERNAL = 1;
    /** A usage error: unknown command or option, a missing or malformed value (picocli's code). */
    public static final int USAGE = 2;
    /** The request was refused as the caller's error: bad input, a conflict, a state that forbids it. */
    public static final int CLIENT = 3;
    /** Something named does not exist: a project, pipeline, model version, gate, schedule or file. */
    public static final int NOT_FOUND = 4;
    /** The backend failed (a service error, an unreachable host); such errors may be retryable. */
    public static final int BACKEND = 5;
    /** A wait ran out of time before what it waited for happened. */
    public static final int TIMEOUT = 6;
    /** An awaited pipeline execution ended, but did not succeed (Failed, Stopped, Superseded). */
    public static final int EXECUTION_FAILED = 7;
    /** A monitoring run found violations and {@code --fail-on-violations} was given. */
    public static final int VIOLATIONS = 8;
    /** Interrupted (Ctrl-C, SIGINT): 128 + 2, as shells report it. */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }

    /**
     * The exit code an exception ends a command with.
     *
     * @param error the exception a command threw
     * @return one of this class's codes
     */
    public static int of(Throwable error) {
        if (interrupted(error)) {
            return INTERRUPTED;
        }
        if (timedOut(error)) {
            return TIMEOUT;
        }
        if (error instanceof NotFoundException) {
            return NOT_FOUND;
        }
        if (error instanceof MlopsClientException) {
            return CLIENT;
        }
        if (error instanceof MlopsBackendException) {
            return BACKEND;
        }
        return INTERNAL;
    }

    /**
     * A stable name of an exit code for machine output: {@code usage}, {@code client}, {@code not_found},
     * {@code backend}, {@code timeout}, {@code execution_failed}, {@code violations}, {@code interrupted} or
     * {@code internal}.
     *
     * @param code an exit code of this class
     * @return its name; {@code ok} for 0
     */
    public static String name(int code) {
        return switch (code) {
            case OK -> "ok";
            case USAGE -> "usage";
            case CLIENT -> "client";
            case NOT_FOUND -> "not_found";
            case BACKEND -> "backend";
            case TIMEOUT -> "timeout";
            case EXECUTION_FAILED -> "execution_failed";
            case VIOLATIONS -> "violations";
            case INTERRUPTED -> "interrupted";
            default -> "internal";
        };
    }

    /**
     * The exit-code section of the top-level help, one line per code.
     *
     * @return the lines, as picocli's {@code exitCodeList} takes them ({@code code:description})
     */
    public static String[] helpList() {
        return new String[] {
            OK + ":the command did what it was asked",
            INTERNAL + ":an unexpected failure (rerun with --debug for the stack trace)",
            USAGE + ":a usage error: unknown command or option, missing or malformed value, no --yes without a terminal",
            CLIENT + ":refused as the caller's error: invalid input, a conflict, a state that forbids it",
            NOT_FOUND + ":something named does not exist (project, pipeline, version, gate, schedule, file)",
            BACKEND + ":the backend failed (service error, unreachable host); 'retryable' says if a retry may help",
            TIMEOUT + ":a wait ran out of time (--timeout)",
            EXECUTION_FAILED + ":an awaited pipeline execution ended without succeeding",
            VIOLATIONS + ":'monitors check --fail-on-violations' found violations",
            INTERRUPTED + ":interrupted (Ctrl-C)",
        };
    }

    /** Whether the error, or a cause of it, is an interruption. */
    private static boolean interrupted(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof ClosedByInterruptException
                    || t instanceof InterruptedIOException && !(t instanceof java.net.SocketTimeoutException)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Whether the error is an await that ran out of time (the SDK's awaits say so in their context). */
    private static boolean timedOut(Throwable error) {
        return error instanceof MlopsBackendException b
                && (b.context().containsKey("timeout") || String.valueOf(b.getMessage()).startsWith("Timed out"));
    }
}
