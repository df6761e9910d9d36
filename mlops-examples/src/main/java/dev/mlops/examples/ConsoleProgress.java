package dev.mlops.examples;

import dev.mlops.event.ProjectEvent;
import dev.mlops.event.ProjectEventType;
import dev.mlops.event.ProjectListener;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/**
 * A console progress display fed by project events: one line per stage transition, gate, registration and
 * deployment, with the time since the display started.
 */
public final class ConsoleProgress implements ProjectListener {
    private final PrintStream out;
    private final Instant start = Instant.now();
    private final boolean steps;

    /**
     * Creates a display.
     *
     * @param out where to print
     * @param steps whether to show ML pipeline steps too
     */
    public ConsoleProgress(PrintStream out, boolean steps) {
        this.out = out;
        this.steps = steps;
    }

    @Override
    public void onEvent(ProjectEvent e) {
        String mark;
        switch (e.type()) {
            case StageStarted: mark = "▶"; break;
            case StageSucceeded: mark = "✔"; break;
            case StageFailed: mark = "✘"; break;
            case GatePending: mark = "⏸"; break;
            case GateApproved: case ModelApprovalChanged: mark = "☑"; break;
            case GateRejected: mark = "☒"; break;
            case ModelRegistered: mark = "★"; break;
            case EndpointInService: mark = "●"; break;
            case StepProgress: mark = "·"; break;
            case MonitorViolations: mark = "⚠"; break;
            default: mark = "•"; break;
        }
        if (e.type() == ProjectEventType.StepProgress && !steps) {
            return;
        }
        long ms = Duration.between(start, e.time()).toMillis();
        String indent = e.type() == ProjectEventType.StepProgress ? "      " : "  ";
        out.printf("%7.2fs%s%s %s%n", Math.max(0, ms) / 1000.0, indent, mark, e.message());
    }
}
