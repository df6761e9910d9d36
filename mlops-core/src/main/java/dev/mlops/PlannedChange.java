package dev.mlops;

/**
 * One change a plan would make.
 *
 * @param action create, update or delete
 * @param resource the kind of resource, e.g. {@code repository}, {@code pipeline}, {@code model package group}
 * @param name its name; {@code <id>} stands for the id the store assigns on apply
 * @param detail what changes, in words
 */
public record PlannedChange(Action action, String resource, String name, String detail) {

    /** What a change does. */
    public enum Action {
        /** Makes a resource. */
        CREATE,
        /** Changes a resource. */
        UPDATE,
        /** Removes a resource. */
        DELETE
    }

    @Override
    public String toString() {
        return switch (action) {
            case CREATE -> "+ ";
            case UPDATE -> "~ ";
            case DELETE -> "- ";
        } + resource + " " + name + (detail.isEmpty() ? "" : ": " + detail);
    }
}
