package dev.mlops.local.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** A stage's log: what its actions print, kept in memory and stored with the execution when the stage ends. */
final class StageLog {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

    PrintStream stream() {
        return out;
    }

    void line(String text) {
        out.println(LocalTime.now().format(TIME) + " " + text);
    }

    String text() {
        out.flush();
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
