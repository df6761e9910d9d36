package dev.mlops.jenkins;

import dev.mlops.exception.MlopsBackendException;
import java.util.Map;

/** A finished build's result as Jenkins core reports it ({@code result} in {@code /job/X/N/api/json}). */
public enum BuildResult {
    /** Every step passed. */
    SUCCESS,
    /** Passed with test failures or warnings. */
    UNSTABLE,
    /** A step failed. */
    FAILURE,
    /** Stopped by a user, a timeout or a rejected input step. */
    ABORTED,
    /** Not built, e.g. skipped by a multi-stage build. */
    NOT_BUILT;

    /**
     * Parses Jenkins' name.
     *
     * @param value e.g. {@code "SUCCESS"}
     * @return the result
     * @throws MlopsBackendException if Jenkins sent a value this client does not know
     */
    public static BuildResult parse(String value) {
        try {
            return valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new MlopsBackendException("Jenkins reported an unknown build result '" + value
                    + "'; expected one of SUCCESS, UNSTABLE, FAILURE, ABORTED, NOT_BUILT", e,
                    Map.of("backend", "jenkins", "result", String.valueOf(value)), false);
        }
    }
}
