package dev.mlops.jenkins.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The decisions this orchestrator made on a build's {@code input} steps, kept in the build's description (Jenkins
 * keeps no record of who proceeded an input with which comment in its remote API): one line per decision,
 * {@code mlops-gate <input id> approved|rejected by <user>: <comment>}.
 */
public final class GateNotes {
    private static final Pattern LINE = Pattern.compile("^mlops-gate (\\S+) (approved|rejected) by (\\S+): (.*)$",
            Pattern.MULTILINE);

    private GateNotes() {
    }

    /**
     * A decision.
     *
     * @param approved approved or rejected
     * @param by who decided
     * @param comment why
     */
    public record Note(boolean approved, String by, String comment) {
    }

    /**
     * Reads the decisions from a description.
     *
     * @param description the build's description
     * @return decisions by input id
     */
    public static Map<String, Note> read(Optional<String> description) {
        Map<String, Note> out = new LinkedHashMap<>();
        if (description.isEmpty()) {
            return out;
        }
        Matcher m = LINE.matcher(description.get());
        while (m.find()) {
            out.put(m.group(1), new Note(m.group(2).equals("approved"), m.group(3), m.group(4)));
        }
        return out;
    }

    /**
     * Adds a decision to a description.
     *
     * @param description the description so far
     * @param inputId the input's id
     * @param note the decision
     * @return the new description
     */
    public static String add(Optional<String> description, String inputId, Note note) {
        String line = "mlops-gate " + inputId + " " + (note.approved() ? "approved" : "rejected") + " by "
                + note.by().replaceAll("\\s", "_") + ": " + note.comment().replaceAll("[\\r\\n]+", " ");
        return description.map(d -> d.endsWith("\n") ? d + line : d + "\n" + line).orElse(line);
    }
}
