package dev.mlops.git.github.internal;

/**
 * One entry of a recursive git tree.
 *
 * @param path the path from the root, {@code /}-separated
 * @param mode the git mode, such as {@code 100644}, {@code 100755}, {@code 120000} (a symbolic link) or
 *     {@code 160000} (a submodule)
 * @param type {@code blob}, {@code tree} or {@code commit}
 * @param sha the object's id
 */
public record GitTreeEntry(String path, String mode, String type, String sha) {
}
