package dev.mlops.aws.internal.projects;

/**
 * Where the store keeps a project's objects in the template bucket, all under {@code mlops-projects/<name>/}:
 * <ul>
 *   <li>{@code templates/<sha256>.json}: templates as {@link dev.mlops.spi.TemplateCodec} JSON, by digest;</li>
 *   <li>{@code stacks/<sha256>.json}: the rendered project stacks SageMaker provisions, by digest;</li>
 *   <li>{@code <id>/state.json}: the project's current template and stack digests and its tags;</li>
 *   <li>{@code events/<13-digit millis>-<suffix>.json}: the project's journal, in key order.</li>
 * </ul>
 */
final class ProjectKeys {
    /** The prefix of everything the store keeps. */
    static final String ROOT = "mlops-projects/";

    private ProjectKeys() {
    }

    static String project(String name) {
        return ROOT + name + "/";
    }

    static String template(String name, String digest) {
        return project(name) + "templates/" + digest + ".json";
    }

    static String stack(String name, String digest) {
        return project(name) + "stacks/" + digest + ".json";
    }

    static String state(String name, String id) {
        return project(name) + id + "/state.json";
    }

    static String events(String name) {
        return project(name) + "events/";
    }
}
