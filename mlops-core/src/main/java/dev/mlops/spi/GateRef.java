package dev.mlops.spi;

import dev.mlops.exception.ValidationException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which manual approval to decide, in the terms of the orchestrator that holds it: opaque to users, made and read
 * by the orchestrator. It carries what the orchestrator's API needs, e.g. CodePipeline's {@code PutApprovalResult}
 * (pipeline, stage, action, token) or a Jenkins {@code input} step (job, build, input id). Its
 * {@link #encode() encoded form} passes it between processes.
 */
public final class GateRef {
    /** Field names whose values are never shown by {@link #toString()}. */
    private static final Set<String> HIDDEN = Set.of("token");

    private final String kind;
    private final Map<String, String> fields;

    private GateRef(String kind, Map<String, String> fields) {
        this.kind = kind;
        this.fields = Collections.unmodifiableMap(new TreeMap<>(fields));
    }

    /**
     * A reference of a given kind.
     *
     * @param kind the orchestrator's kind of gate, e.g. {@code local}, {@code codepipeline}, {@code jenkins}
     * @param fields what the orchestrator needs to decide it
     * @return the reference
     * @throws ValidationException if the kind is not a lowercase word or a field is empty
     */
    public static GateRef of(String kind, Map<String, String> fields) {
        if (kind == null || !kind.matches("[a-z][a-z0-9-]{0,31}")) {
            throw new ValidationException("GateRef.kind", kind, "a lowercase word of at most 32 characters");
        }
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (e.getKey() == null || !e.getKey().matches("[A-Za-z][A-Za-z0-9]{0,31}")) {
                throw new ValidationException("GateRef.fields", e.getKey(), "names of letters and digits");
            }
            if (e.getValue() == null || e.getValue().isEmpty()) {
                throw new ValidationException("GateRef.fields." + e.getKey(), e.getValue(), "a non-empty value");
            }
        }
        return new GateRef(kind, fields);
    }

    /**
     * A CodePipeline manual approval action.
     *
     * @param pipeline the pipeline's name
     * @param stage the stage's name
     * @param action the approval action's name
     * @param token the token {@code GetPipelineState} reports for it
     * @return the reference
     */
    public static GateRef codePipeline(String pipeline, String stage, String action, String token) {
        return of("codepipeline", Map.of("pipeline", pipeline, "stage", stage, "action", action, "token", token));
    }

    /**
     * A pending Jenkins {@code input} step.
     *
     * @param job the job's full name
     * @param build the build number
     * @param inputId the input step's id
     * @return the reference
     */
    public static GateRef jenkins(String job, int build, String inputId) {
        return of("jenkins", Map.of("job", job, "build", Integer.toString(build), "inputId", inputId));
    }

    /**
     * Reads an {@link #encode() encoded} reference.
     *
     * @param encoded the text
     * @return the reference
     * @throws ValidationException if the text is not an encoded reference
     */
    public static GateRef decode(String encoded) {
        if (encoded == null || !encoded.contains(":")) {
            throw new ValidationException("GateRef", encoded == null ? null : "(" + encoded.length() + " characters)",
                    "the text of GateRef.encode(): kind:field=value&…");
        }
        String kind = encoded.substring(0, encoded.indexOf(':'));
        Map<String, String> fields = new TreeMap<>();
        String rest = encoded.substring(kind.length() + 1);
        if (!rest.isEmpty()) {
            for (String pair : rest.split("&")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new ValidationException("GateRef", "(" + encoded.length() + " characters)",
                            "the text of GateRef.encode(): kind:field=value&…");
                }
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return of(kind, fields);
    }

    /**
     * The orchestrator's kind of gate.
     *
     * @return e.g. {@code codepipeline}
     */
    public String kind() {
        return kind;
    }

    /**
     * A field the orchestrator put in.
     *
     * @param name e.g. {@code token}
     * @return its value
     * @throws ValidationException if the reference has no such field (it was made by another orchestrator)
     */
    public String field(String name) {
        String v = fields.get(name);
        if (v == null) {
            throw new ValidationException("GateRef." + name, null, "present in a " + kind + " gate reference; it has "
                    + fields.keySet());
        }
        return v;
    }

    /**
     * The text form, to store or pass to another process.
     *
     * @return {@code kind:field=value&…}, URL-encoded
     */
    public String encode() {
        StringBuilder sb = new StringBuilder(kind).append(':');
        fields.forEach((k, v) -> {
            if (sb.charAt(sb.length() - 1) != ':') {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GateRef && ((GateRef) o).kind.equals(kind) && ((GateRef) o).fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + fields.hashCode();
    }

    /**
     * The kind and the fields, tokens hidden.
     *
     * @return e.g. {@code GateRef{codepipeline, action=Approve, pipeline=…, token=***}}
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("GateRef{").append(kind);
        fields.forEach((k, v) -> sb.append(", ").append(k).append('=').append(HIDDEN.contains(k) ? "***" : v));
        return sb.append('}').toString();
    }
}
