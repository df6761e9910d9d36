package dev.mlops.cli.progress;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Feeds a recording into a display at once, with a clock that follows the recorded times. */
final class Replay {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    static TerminalCheck.Facts file() {
        return new TerminalCheck.Facts(false, false, false, true, () -> 80);
    }

    static TerminalCheck.Facts terminal(int width) {
        return new TerminalCheck.Facts(true, false, false, true, () -> width);
    }

    ProgressDisplay display(ProgressDisplay.Mode mode, TerminalCheck.Facts facts) {
        return ProgressDisplay.create(out, mode, facts, nanos::get);
    }

    void play(ProgressDisplay display, List<EmbeddedRun.Item> items) {
        Instant last = null;
        for (EmbeddedRun.Item item : items) {
            if (item.event() == null) {
                display.phase(item.phase(), item.total());
                continue;
            }
            if (last != null) {
                nanos.addAndGet(Math.max(0, Duration.between(last, item.event().time()).toNanos()));
            }
            last = item.event().time();
            display.onEvent(item.event());
        }
    }

    String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
