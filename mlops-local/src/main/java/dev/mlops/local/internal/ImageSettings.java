package dev.mlops.local.internal;

import java.time.Duration;

/**
 * How the embedded backend builds images.
 *
 * @param javaBase the base of a Java image whose {@code image.properties} names none: {@code scratch},
 *     {@code tar:<file>} or a registry reference
 * @param docker the Docker CLI: a name looked up on {@code PATH}, or a path
 * @param dockerTimeout how long one {@code docker build} may run
 */
public record ImageSettings(String javaBase, String docker, Duration dockerTimeout) {
    /** The defaults: a scratch base, {@code docker} from {@code PATH}, CodeBuild's default hour. */
    public static final ImageSettings DEFAULTS = new ImageSettings("scratch", "docker", Duration.ofMinutes(60));
}
