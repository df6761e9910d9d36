package dev.mlops.spi;

import dev.mlops.template.Capability;

/**
 * A capability one component needs from another component of its composition.
 *
 * @param kind the kind of component that must offer it
 * @param capability what it must offer
 * @param why what it is needed for, in words that complete "needs … for": e.g. {@code a route for model approval
 *     events, to start the deploy pipeline when a version is approved}
 */
public record Requirement(ComponentKind kind, Capability capability, String why) {
}
