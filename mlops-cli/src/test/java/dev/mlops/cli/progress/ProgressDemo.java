package dev.mlops.cli.progress;

import dev.mlops.event.ProjectEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Replays recorded events into a {@link ProgressDisplay} on standard error, at their recorded pace, so that a person
 * can watch it: a stack created on AWS ({@code aws-create-events.jsonl}, built from the CloudFormation events'
 * shape) and the embedded quickstart ({@code quickstart-events.jsonl}, recorded by {@link EmbeddedRun#main}). Run
 * it with {@code bench/progress-demo.sh}.
 */
public final class ProgressDemo {
    private ProgressDemo() {
    }

    /**
     * Replays.
     *
     * @param args {@code [--mode auto|always|never] [--speed N] [recording.jsonl ...]}: the speed divides the recorded
     *     gaps (each at most 3 s after dividing); the default plays both recordings
     * @throws InterruptedException if interrupted while pausing
     */
    public static void main(String[] args) throws InterruptedException {
        ProgressDisplay.Mode mode = ProgressDisplay.Mode.AUTO;
        double speed = 1;
        List<String> recordings = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--mode" -> mode = ProgressDisplay.Mode.valueOf(args[++i].toUpperCase(Locale.ROOT));
                case "--speed" -> speed = Double.parseDouble(args[++i]);
                default -> recordings.add(args[i]);
            }
        }
        if (recordings.isEmpty()) {
            recordings = List.of("aws-create-events.jsonl", "quickstart-events.jsonl");
        }
        try (ProgressDisplay display = ProgressDisplay.create(System.err, mode)) {
            System.out.println("progress display: " + display + " (mode " + mode + ")");
            for (String r : recordings) {
                Instant last = null;
                for (EmbeddedRun.Item item : EmbeddedRun.recording(r)) {
                    if (item.event() == null) {
                        display.phase(item.phase(), item.total());
                        continue;
                    }
                    ProjectEvent e = item.event();
                    if (last != null) {
                        long gap = (long) (Duration.between(last, e.time()).toMillis() / speed);
                        Thread.sleep(Math.max(0, Math.min(gap, 3000)));
                    }
                    last = e.time();
                    display.onEvent(e);
                }
            }
        }
        System.out.println("done");
    }
}
