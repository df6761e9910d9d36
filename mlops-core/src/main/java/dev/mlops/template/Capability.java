package dev.mlops.template;

import dev.mlops.exception.ValidationException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Something a template needs from the components that run it, or one component needs from another. The set is
 * open: a backend module defines its own with {@link #of(String)}; the constants here are the ones the core's
 * templates and components name. A component declares what it offers; creating a project whose template (or
 * whose components) need more fails before anything is made, with an error that names the missing capability.
 *
 * <p>Identifiers are lowercase words separated by dots and hyphens, the first word naming the component kind
 * that offers it: {@code repositories.hosted}, {@code orchestrator.ml-pipelines}.
 */
public final class Capability implements Comparable<Capability> {
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)+");

    /** Git repositories hosted by the component and seeded from the template. */
    public static final Capability HOSTED_REPOSITORIES = of("repositories.hosted");
    /** Repositories on GitHub, Bitbucket or another third-party Git host. */
    public static final Capability THIRD_PARTY_REPOSITORIES = of("repositories.third-party");
    /** A component that can report heads and export commits through the SPI. */
    public static final Capability READABLE_REPOSITORIES = of("repositories.readable");
    /** Running ML pipelines (processing, training, evaluation, condition, register). */
    public static final Capability ML_PIPELINES = of("orchestrator.ml-pipelines");
    /** Orchestrating pipelines on a Jenkins server. */
    public static final Capability JENKINS = of("orchestrator.jenkins");
    /** Hosting real-time inference endpoints. */
    public static final Capability ENDPOINTS = of("endpoints.realtime");
    /** Scheduling model monitors on endpoints. */
    public static final Capability MODEL_MONITOR = of("monitors.schedules");
    /** Building container images. */
    public static final Capability IMAGE_BUILDING = of("images.build");
    /**
     * A registry that reports approval changes as events a reader can follow with a cursor: the route by which an
     * orchestrator learns that a model version was approved or rejected and starts the deploy pipeline.
     */
    public static final Capability MODEL_APPROVAL_EVENTS = of("registry.approval-events");

    // The names the first release stored (an enum); homes written by it still hold them.
    private static final Map<String, Capability> LEGACY = Map.of("HOSTED_REPOSITORIES", HOSTED_REPOSITORIES,
            "THIRD_PARTY_REPOSITORIES", THIRD_PARTY_REPOSITORIES, "ML_PIPELINES", ML_PIPELINES, "ENDPOINTS", ENDPOINTS,
            "MODEL_MONITOR", MODEL_MONITOR, "IMAGE_BUILDING", IMAGE_BUILDING, "JENKINS", JENKINS);

    private final String id;

    private Capability(String id) {
        this.id = id;
    }

    /**
     * A capability by its identifier.
     *
     * @param id e.g. {@code orchestrator.ml-pipelines}
     * @return the capability; equal to every other of the same identifier
     * @throws ValidationException if the identifier breaks the rule
     */
    public static Capability of(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new ValidationException("Capability.id", id,
                    "lowercase words separated by dots (at least two) and hyphens, e.g. orchestrator.ml-pipelines");
        }
        return new Capability(id);
    }

    /**
     * Reads a stored identifier, accepting the first release's enum names too.
     *
     * @param text an identifier or a legacy name such as {@code ML_PIPELINES}
     * @return the capability
     */
    public static Capability parse(String text) {
        Capability legacy = text == null ? null : LEGACY.get(text.toUpperCase(Locale.ROOT));
        return legacy != null ? legacy : of(text);
    }

    /**
     * The identifier.
     *
     * @return e.g. {@code endpoints.realtime}
     */
    public String id() {
        return id;
    }

    /**
     * The kind of component that offers it: the identifier's first word.
     *
     * @return e.g. {@code registry}
     */
    public String componentKind() {
        return id.substring(0, id.indexOf('.'));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Capability && ((Capability) o).id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public int compareTo(Capability o) {
        return id.compareTo(o.id);
    }

    @Override
    public String toString() {
        return id;
    }
}
