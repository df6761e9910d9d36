package dev.mlops.cli.progress;

import dev.mlops.event.ProjectEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * What a person waits for, read from a project's events: the phase, how many of its units (stages, or stack
 * resources) ended out of how many, the stage and ML step now running, and the lines to print. The events of
 * every backend are read here: the embedded one names stages in {@code detail.stage} and gates in
 * {@code detail.gate}, AWS and Jenkins send a gate's end as {@code GateApproved} without a {@code StageSucceeded},
 * CloudFormation resources come as {@code ProvisioningProgress} with {@code detail.status}.
 */
final class Tracker {
    private static final int SEEN_LIMIT = 10_000;

    /**
     * What the live line shows.
     *
     * @param phase the phase's label
     * @param total its units, or -1 when unknown
     * @param done units ended
     * @param failed units failed
     * @param activity the stage, step and note now, e.g. {@code build › Train › step TrainAbaloneModel}
     */
    record Status(String phase, int total, int done, int failed, String activity) {
    }

    private final LongSupplier nanos;
    private String phase = "";
    private int total = -1;
    private long phaseStart;
    /** The units of each execution (key: execution id; "" for stack resources), and whose the bar shows. */
    private final Map<String, Run> runs = new HashMap<>();
    private Run current;
    private String stage = "";
    private String step = "";
    private String note = "";
    private int stepsEnded;
    private final Map<String, Instant> starts = new HashMap<>();
    private final Map<String, String> runningStage = new HashMap<>();
    private final Set<String> ended = new HashSet<>();
    private final Set<String> seen = new LinkedHashSet<>();

    Tracker(LongSupplier nanos) {
        this.nanos = nanos;
        this.phaseStart = nanos.getAsLong();
    }

    /** Starts a phase: counts start again. */
    synchronized void phase(String label, int totalSteps) {
        phase = clean(label);
        total = totalSteps > 0 ? totalSteps : -1;
        phaseStart = nanos.getAsLong();
        // A run that goes on across phases (a deploy run through staging, gate and prod) keeps its count.
        current = current != null && !current.ended ? current : null;
        stage = "";
        step = "";
        note = "";
        stepsEnded = 0;
    }

    synchronized Status status() {
        StringBuilder a = new StringBuilder(stage);
        if (!step.isEmpty()) {
            a.append(a.length() == 0 ? "" : " › ").append(step);
        }
        if (!note.isEmpty()) {
            a.append(a.length() == 0 ? "" : " · ").append(note);
        }
        Run r = current;
        return new Status(phase, r == null ? total : r.total(), r == null ? 0 : r.done, r == null ? 0 : r.failed,
                a.toString());
    }

    /** The total the phase was started with, or -1. */
    synchronized int phaseTotal() {
        return total;
    }

    synchronized Duration elapsed() {
        return Duration.ofNanos(Math.max(0, nanos.getAsLong() - phaseStart));
    }

    /** The line that closes the phase: how far it got, in how long. */
    synchronized Line summary() {
        Run r = current;
        int total = r == null ? this.total : r.total();
        int done = r == null ? 0 : r.done;
        int failed = r == null ? 0 : r.failed;
        Mark mark = failed > 0 ? Mark.FAILED : total > 0 && done >= total ? Mark.DONE : Mark.INFO;
        String took = Durations.format(elapsed());
        if (total <= 0 && done == 0) {
            return new Line(mark, phase + ": " + took, 0, true); // nothing to count: how long it took is all there is
        }
        String count = total > 0 ? done + "/" + total : Integer.toString(done);
        return new Line(mark, phase + ": " + count + " done" + (failed > 0 ? ", " + failed + " failed" : "") + " in "
                + took, 0, true);
    }

    /**
     * Takes in one event.
     *
     * @return the lines it makes, none if it was seen before (delivery is at least once)
     */
    synchronized List<Line> apply(ProjectEvent e) {
        if (!seen.add(e.id())) {
            return List.of();
        }
        if (seen.size() > SEEN_LIMIT) {
            Iterator<String> oldest = seen.iterator();
            oldest.next();
            oldest.remove();
        }
        Map<String, String> d = e.detail();
        List<Line> out = new ArrayList<>(1);
        switch (e.type()) {
            case ProvisioningProgress -> provisioning(e, out);
            case ExecutionStarted -> {
                String exec = execution(e);
                starts.put("exec:" + exec, e.time());
                run(exec).stages = d.containsKey("stages") ? parse(d.get("stages")) : -1;
                String trigger = d.get("trigger");
                out.add(new Line(Mark.STARTED, "pipeline " + pipeline(e) + " run " + exec + " started"
                        + (trigger == null ? "" : ": " + clean(trigger)), 0, true));
            }
            case StageStarted -> {
                String name = stageName(e);
                runningStage.put(d.getOrDefault("execution", ""), name);
                current = run(d.getOrDefault("execution", ""));
                starts.put(unit(e, name), e.time());
                stage = pipeline(e) + " › " + name;
                step = "";
                note = "";
                out.add(new Line(Mark.STARTED, "stage " + name + " of " + pipeline(e) + " started", 0, false));
            }
            case StageSucceeded -> endStage(e, stageName(e), true, d.getOrDefault("summary", ""), out);
            case StageFailed -> endStage(e, stageName(e), false, d.getOrDefault("reason", ""), out);
            case GatePending -> {
                String gate = d.getOrDefault("gate", stageName(e));
                note = "waiting for approval at gate " + gate;
                out.add(new Line(Mark.WAITING, "gate " + gate + " of " + pipeline(e) + " is waiting for approval", 0, true));
            }
            case GateApproved, GateRejected -> {
                boolean ok = e.type() == dev.mlops.event.ProjectEventType.GateApproved;
                String gate = d.getOrDefault("gate", stageName(e));
                String who = d.containsKey("user") ? " by " + d.get("user") : "";
                String stageOfGate = d.containsKey("stage") ? d.get("stage")
                        : runningStage.getOrDefault(d.getOrDefault("execution", ""), gate);
                endStage(e, stageOfGate, ok, "gate " + gate + (ok ? " approved" : " rejected") + who, out);
            }
            case StepProgress -> steps(e, out);
            case ExecutionEnded -> {
                String exec = execution(e);
                String status = d.getOrDefault("status", "ended");
                Instant began = starts.remove("exec:" + exec);
                run(exec).ended = true;
                Mark mark = status.equals("Succeeded") ? Mark.DONE
                        : status.equals("Failed") || status.equals("Stopped") ? Mark.FAILED : Mark.INFO;
                stage = "";
                step = "";
                note = "";
                out.add(new Line(mark, "pipeline " + pipeline(e) + " run " + exec + " " + status
                        + (d.containsKey("stage") && mark == Mark.FAILED ? " at " + d.get("stage") : "")
                        + (began == null ? "" : " in " + Durations.format(Duration.between(began, e.time()))), 0, true));
            }
            case EndpointInService -> {
                note = "";
                out.add(new Line(Mark.DONE, clean(e.message()), 0, true));
            }
            case MonitorViolations -> out.add(new Line(Mark.WARNING, clean(e.message()), 0, true));
            default -> out.add(new Line(Mark.INFO, clean(e.message()), 0, true));
        }
        return out;
    }

    private void endStage(ProjectEvent e, String name, boolean ok, String why, List<Line> out) {
        String key = unit(e, name);
        if (!ended.add(key)) {
            return; // the gate's own event ended it already
        }
        Run r = run(e.detail().getOrDefault("execution", ""));
        current = r;
        r.done++;
        if (!ok) {
            r.failed++;
        }
        Instant began = starts.remove(key);
        String took = e.detail().containsKey("durationMillis")
                ? Durations.format(Duration.ofMillis(parse(e.detail().get("durationMillis"))))
                : began == null ? "" : Durations.format(Duration.between(began, e.time()));
        if (stage.endsWith(" › " + name)) {
            stage = "";
            step = "";
        }
        note = "";
        out.add(new Line(ok ? Mark.DONE : Mark.FAILED, pipeline(e) + " › " + name + (took.isEmpty() ? "" : " " + took)
                + (why.isEmpty() ? "" : " · " + clean(why)) + " " + r.count(), 0, true));
    }

    private void steps(ProjectEvent e, List<Line> out) {
        Map<String, String> d = e.detail();
        String name = d.getOrDefault("step", after(e.subject()));
        String status = d.getOrDefault("status", "");
        String key = "step:" + d.getOrDefault("execution", "") + "/" + name;
        String why = e.message().contains(": ") ? clean(e.message().substring(e.message().indexOf(": ") + 2)) : "";
        switch (status) {
            case "Executing", "Starting" -> {
                starts.put(key, e.time());
                step = "step " + (stepsEnded + 1) + " " + name;
                out.add(new Line(Mark.STARTED, "step " + name + " started", 1, false));
            }
            case "Succeeded", "Failed", "Stopped" -> {
                stepsEnded++;
                Instant began = starts.remove(key);
                String took = began == null ? "" : " " + Durations.format(Duration.between(began, e.time()));
                boolean ok = status.equals("Succeeded");
                if (step.endsWith(" " + name)) {
                    step = "";
                }
                out.add(new Line(ok ? Mark.DONE : Mark.FAILED, "step " + name + took
                        + (ok || why.isEmpty() ? "" : " · " + status.toLowerCase(java.util.Locale.ROOT) + ": " + why), 1, true));
            }
            case "Skipped" -> {
                stepsEnded++;
                out.add(new Line(Mark.INFO, "step " + name + " skipped" + (why.isEmpty() ? "" : " · " + why), 1, true));
            }
            default -> out.add(new Line(Mark.INFO, "step " + name + " " + clean(status), 1, true));
        }
    }

    private void provisioning(ProjectEvent e, List<Line> out) {
        Map<String, String> d = e.detail();
        String status = d.get("status");
        if (d.containsKey("check")) {
            out.add(new Line(Mark.WARNING, clean(e.message()), 0, true));
            return;
        }
        if (status == null) {
            out.add(new Line(Mark.INFO, clean(e.message()), 0, true));
            return;
        }
        String resource = clean(e.subject());
        String type = d.getOrDefault("resourceType", "");
        boolean stack = type.equals("AWS::CloudFormation::Stack");
        String key = "resource:" + d.getOrDefault("stack", "") + "/" + resource;
        String reason = d.containsKey("reason") ? " · " + clean(d.get("reason")) : "";
        Run r = run("");
        current = r;
        if (status.endsWith("_IN_PROGRESS")) {
            starts.putIfAbsent(key, e.time());
            note = resource + " " + status;
            out.add(new Line(status.contains("ROLLBACK") ? Mark.FAILED : Mark.STARTED, resource
                    + (type.isEmpty() ? "" : " (" + type + ")") + " " + status + reason, 0, status.contains("ROLLBACK")));
        } else if (stack && (status.endsWith("_COMPLETE") || status.endsWith("_FAILED"))) {
            r.ended = true; // the stack's own end: its resources are all counted
            note = "";
            Instant began = starts.remove(key);
            boolean ok = status.endsWith("_COMPLETE") && !status.contains("ROLLBACK");
            out.add(new Line(ok ? Mark.DONE : Mark.FAILED, "stack " + resource + " " + status
                    + (began == null ? "" : " " + Durations.format(Duration.between(began, e.time()))) + reason, 0, true));
        } else if (status.endsWith("_FAILED")) {
            if (!stack && ended.add(key)) {
                r.done++;
                r.failed++;
            }
            out.add(new Line(Mark.FAILED, resource + (type.isEmpty() ? "" : " (" + type + ")") + " " + status + reason
                    + (stack ? "" : " " + r.count()), 0, true));
        } else if (status.endsWith("_COMPLETE")) {
            boolean rollback = status.contains("ROLLBACK");
            Instant began = starts.remove(key);
            String took = began == null ? "" : " " + Durations.format(Duration.between(began, e.time()));
            if (!stack && !rollback && ended.add(key)) {
                r.done++;
            }
            note = "";
            out.add(new Line(rollback ? Mark.FAILED : Mark.DONE, resource + (type.isEmpty() ? "" : " (" + type + ")") + " "
                    + status + took + reason + (stack || rollback ? "" : " " + r.count()), 0, true));
        } else {
            out.add(new Line(Mark.INFO, clean(e.message()), 0, true));
        }
    }

    private Run run(String execution) {
        return runs.computeIfAbsent(execution, k -> new Run());
    }

    /** The units of one execution (or of the stack): its stage count when its start said it, else the phase's. */
    private final class Run {
        int stages = -1;
        int done;
        int failed;
        boolean ended;

        int total() {
            return stages > 0 ? stages : Tracker.this.total;
        }

        String count() {
            int t = total();
            return "[" + done + (t > 0 ? "/" + t : "") + "]";
        }
    }

    private static String unit(ProjectEvent e, String stageName) {
        return "stage:" + e.detail().getOrDefault("execution", "") + "/" + stageName;
    }

    private static String stageName(ProjectEvent e) {
        return clean(e.detail().getOrDefault("stage", after(e.subject())));
    }

    private static String pipeline(ProjectEvent e) {
        String p = e.detail().get("pipeline");
        if (p == null) {
            int slash = e.subject().indexOf('/');
            p = slash < 0 ? e.subject() : e.subject().substring(0, slash);
        }
        return clean(p);
    }

    private static String execution(ProjectEvent e) {
        return clean(e.detail().getOrDefault("execution", after(e.subject())));
    }

    private static String after(String subject) {
        int slash = subject.lastIndexOf('/');
        return slash < 0 ? subject : subject.substring(slash + 1);
    }

    private static int parse(String n) {
        try {
            return Integer.parseInt(n.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Text from events and labels without control characters: a reason may carry a log's escape codes. */
    static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return b.toString().strip();
    }
}
