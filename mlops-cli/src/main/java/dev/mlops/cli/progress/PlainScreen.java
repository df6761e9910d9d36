package dev.mlops.cli.progress;

import java.io.PrintStream;
import java.util.List;

/**
 * Lines that are never redrawn, for a file, a CI log or a dumb terminal: each starts with the time since its phase
 * began, and none holds a control character.
 */
final class PlainScreen implements Screen {
    private final PrintStream out;
    private final boolean unicode;

    PlainScreen(PrintStream out, boolean unicode) {
        this.out = out;
        this.unicode = unicode;
    }

    @Override
    public void begin(Tracker tracker) {
        Tracker.Status s = tracker.status();
        int total = tracker.phaseTotal();
        print(tracker, new Line(Mark.STARTED, s.phase() + (total > 0 ? " (" + total + " steps)" : ""), 0, true));
    }

    @Override
    public void show(List<Line> lines, Tracker tracker) {
        lines.forEach(l -> print(tracker, l));
    }

    private void print(Tracker tracker, Line l) {
        out.print("[" + Durations.clock(tracker.elapsed()) + "] " + "  ".repeat(l.indent()) + l.mark().sign(unicode) + " "
                + l.text() + System.lineSeparator());
        out.flush();
    }

    @Override
    public AutoCloseable detach() {
        return null;
    }

    @Override
    public void finish() {
        out.flush();
    }
}
