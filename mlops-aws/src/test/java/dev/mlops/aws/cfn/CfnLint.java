package dev.mlops.aws.cfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code cfn-lint} offline as a subprocess, {@code cfn-lint --format json -- FILE…}, and returns its findings.
 * No check is ignored. Tests skip (through {@link #version()} returning {@code null}) only when the program is not
 * installed.
 */
public final class CfnLint {
    /** The program, from the PATH. */
    static final String PROGRAM = "cfn-lint";

    private CfnLint() {
    }

    /** One finding: its level ({@code Error}, {@code Warning}, {@code Informational}), rule, file and message. */
    public record Finding(String level, String rule, String file, int line, String message) {
        @Override
        public String toString() {
            return level + " " + rule + " " + file + ":" + line + " " + message;
        }
    }

    /**
     * The installed version, or {@code null} if {@code cfn-lint} cannot be started.
     *
     * @return e.g. {@code cfn-lint 1.51.0}
     */
    public static String version() {
        try {
            Process p = new ProcessBuilder(PROGRAM, "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Lints files.
     *
     * @param files the templates
     * @return every finding
     * @throws Exception if cfn-lint cannot run or its output is not its JSON
     */
    public static List<Finding> lint(List<Path> files) throws Exception {
        List<String> command = new ArrayList<>(List.of(PROGRAM, "--format", "json", "--"));
        files.forEach(f -> command.add(f.toString()));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("cfn-lint did not finish within 5 minutes: " + command);
        }
        // cfn-lint exits 0 when clean and with a bit mask of the levels found otherwise (2 error, 4 warning,
        // 8 informational); 1 is a failure of cfn-lint itself.
        if (p.exitValue() == 1 || (p.exitValue() & ~(2 | 4 | 8)) != 0) {
            throw new IllegalStateException("cfn-lint failed with exit code " + p.exitValue() + ": " + out);
        }
        List<Finding> findings = new ArrayList<>();
        JsonNode root = new ObjectMapper().readTree(out.isBlank() ? "[]" : out);
        for (JsonNode f : root) {
            findings.add(new Finding(f.path("Level").asText(), f.path("Rule").path("Id").asText(),
                    f.path("Filename").asText(), f.path("Location").path("Start").path("LineNumber").asInt(),
                    f.path("Message").asText()));
        }
        return findings;
    }
}
