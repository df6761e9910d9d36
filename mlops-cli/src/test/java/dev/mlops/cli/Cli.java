package dev.mlops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Runs {@code mlops} in this JVM against one home, capturing what it prints. */
final class Cli {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path home;

    Cli(Path home) {
        this.home = home;
    }

    /** What one run printed and returned. */
    record Run(int code, String out, String err) {
        /** Standard output parsed as one JSON document (fails if it holds anything else). */
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (Exception e) {
                throw new AssertionError("stdout is not one JSON document: " + e.getMessage() + "\n--- stdout:\n" + out
                        + "\n--- stderr:\n" + err, e);
            }
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout:\n" + out + "\n--- stderr:\n" + err;
        }
    }

    /** Runs with --home added after the command words (project commands take it). */
    Run run(String... args) {
        return runWith(new byte[0], false, withHome(args));
    }

    /** Runs with the given standard input. */
    Run runWithInput(String stdin, boolean interactive, String... args) {
        return runWith(stdin.getBytes(StandardCharsets.UTF_8), interactive, withHome(args));
    }

    /** Runs exactly these arguments. */
    static Run raw(String... args) {
        return runWith(new byte[0], false, args);
    }

    private String[] withHome(String... args) {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        a.add("--home");
        a.add(home.toString());
        return a.toArray(String[]::new);
    }

    private static Run runWith(byte[] stdin, boolean interactive, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            int code = Mlops.execute(CliContext.of(new ByteArrayInputStream(stdin), o, e, interactive), args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }
}
