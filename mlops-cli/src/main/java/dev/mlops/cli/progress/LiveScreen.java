package dev.mlops.cli.progress;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DefaultProgressBarRenderer;
import me.tongfei.progressbar.ProgressState;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Help.Ansi;

/**
 * A terminal that redraws: finished stages, steps and resources scroll up as one line each, and the bottom line is
 * a {@code me.tongfei:progressbar} bar (phase, percentage, done/total, elapsed time, the stage and step now) that
 * redraws in place five times a second. Colours come from picocli's ANSI markup and the bar's style; nothing here
 * writes an escape sequence itself.
 */
final class LiveScreen implements Screen {
    private static final int REDRAW_MILLIS = 200;
    private static final long WIDTH_CHECK_NANOS = 2_000_000_000L;

    private final PrintStream out;
    private final Object lock;
    private final boolean color;
    private final boolean unicode;
    private final IntSupplier widthSource;
    private final AtomicBoolean widthChecking = new AtomicBoolean();
    private volatile int width;
    private volatile long widthCheckedAt = System.nanoTime();
    /** What the live line says after the bar, and a count of its changes, to drop a frame drawn from older state. */
    private volatile String activity = "";
    private volatile long generation;
    private long drawnGeneration = -1;
    private final ThreadLocal<Long> renderedGeneration = ThreadLocal.withInitial(() -> -1L);
    private ProgressBar bar;
    private LineConsumer consumer;
    /** The live line as last drawn, and its length, to clear it before a lasting line and draw it again after. */
    private String live = "";

    LiveScreen(PrintStream out, Object lock, TerminalCheck.Facts facts) {
        this.out = out;
        this.lock = lock;
        this.color = facts.color();
        this.unicode = facts.unicode();
        this.widthSource = facts.width();
        this.width = facts.width().getAsInt();
    }

    @Override
    public void begin(Tracker tracker) {
        Tracker.Status s = tracker.status();
        consumer = new LineConsumer();
        bar = new ProgressBarBuilder()
                .setTaskName(s.phase())
                .setInitialMax(s.total())
                .setUpdateIntervalMillis(REDRAW_MILLIS)
                .continuousUpdate() // the clock runs on while nothing ends
                .setRenderer(new Renderer(style()))
                .setConsumer(consumer)
                .build();
        update(s);
    }

    @Override
    public void show(List<Line> lines, Tracker tracker) {
        update(tracker.status());
        boolean lasting = lines.stream().anyMatch(Line::lasting);
        if (lasting) {
            clearLive();
            for (Line l : lines) {
                if (l.lasting()) {
                    out.print("  ".repeat(l.indent()) + sign(l.mark()) + " " + l.text() + System.lineSeparator());
                }
            }
        }
        if (bar != null) {
            bar.refresh(); // draws on this thread, under the lock (re-entered by the consumer)
        } else if (lasting) {
            out.flush();
        }
    }

    private ProgressBarStyle style() {
        return color ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK : unicode ? ProgressBarStyle.UNICODE_BLOCK : ProgressBarStyle.ASCII;
    }

    private void update(Tracker.Status s) {
        if (bar == null) {
            return;
        }
        activity = s.activity().isEmpty() ? "" : "· " + s.activity();
        bar.maxHint(s.total());
        bar.stepTo(s.done());
        generation++;
    }

    private String sign(Mark m) {
        String sign = m.sign(unicode);
        return color ? Ansi.ON.string("@|bold," + m.color() + " " + sign + "|@") : sign;
    }

    private void clearLive() {
        if (!live.isEmpty()) {
            // Spaces over the live line, back to its start: what progressbar's own clear() does.
            out.print("\r" + " ".repeat(Math.max(0, width - 1)) + "\r");
            live = "";
        }
    }

    @Override
    public AutoCloseable detach() {
        ProgressBar b = bar;
        if (consumer != null) {
            consumer.muted = true;
        }
        bar = null;
        consumer = null;
        clearLive();
        out.flush();
        return b;
    }

    @Override
    public void finish() {
        clearLive();
        out.flush();
    }

    private int width() {
        // Asking the terminal runs a process (JLine's exec provider): off the drawing threads, now and then.
        if (System.nanoTime() - widthCheckedAt > WIDTH_CHECK_NANOS && widthChecking.compareAndSet(false, true)) {
            CompletableFuture.runAsync(() -> {
                try {
                    width = widthSource.getAsInt();
                } finally {
                    widthCheckedAt = System.nanoTime();
                    widthChecking.set(false);
                }
            });
        }
        return width;
    }

    /**
     * progressbar's own renderer for the phase, percentage, bar, done/total and elapsed time, in a steady width so
     * that the bar does not jump as the activity after it changes length.
     */
    private final class Renderer extends DefaultProgressBarRenderer {
        Renderer(ProgressBarStyle style) {
            // No ETA: a linear one over a few stages of very unequal length misleads.
            super(style, "", 1, false, null, ChronoUnit.SECONDS, false, p -> Optional.empty());
        }

        @Override
        public String render(ProgressState progress, int maxLength) {
            renderedGeneration.set(generation);
            String what = activity;
            int barWidth = Math.min(maxLength, Math.max(50, Math.min(90, maxLength * 3 / 5)));
            String base = super.render(progress, barWidth); // ends with a space
            int room = maxLength - barWidth;
            return room <= 1 || what.isEmpty() ? base
                    : base + (what.length() > room ? what.substring(0, room - 1) + (unicode ? "…" : ".") : what);
        }
    }

    /** progressbar's console consumer, with the display's lock, muted once its phase is over. */
    private final class LineConsumer extends ConsoleProgressBarConsumer {
        volatile boolean muted;

        LineConsumer() {
            super(out);
        }

        @Override
        public int getMaxRenderedLength() {
            return width() - 1;
        }

        @Override
        public void accept(String rendered) {
            synchronized (lock) {
                long drawn = renderedGeneration.get();
                if (muted || drawn < drawnGeneration) {
                    return; // a frame of older state, rendered on progressbar's thread while an event was shown
                }
                drawnGeneration = drawn;
                super.accept(rendered);
                live = rendered;
                out.flush();
            }
        }

        @Override
        public void close() {
            // The display prints the phase's summary and leaves the line clean; progressbar would add a newline.
        }
    }
}
