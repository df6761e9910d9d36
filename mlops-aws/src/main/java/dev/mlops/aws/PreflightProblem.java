package dev.mlops.aws;

import java.util.Objects;

/**
 * One thing a project's preflight found in the account before anything was made: what is wrong, with which resource,
 * and how to fix it.
 *
 * @param severity whether it stops the creation
 * @param check the check that found it: {@code role}, {@code name}, {@code region}, {@code codecommit},
 *     {@code service-catalog}
 * @param resource what it is about (a role name, the project name, a service)
 * @param problem what is wrong, as a sentence
 * @param fix what to do about it (a CLI command, a console path, another choice)
 */
public record PreflightProblem(Severity severity, String check, String resource, String problem, String fix) {
    /**
     * Checks that every field is given; a null one is a {@code NullPointerException} naming it.
     *
     * @param severity whether it stops the creation
     * @param check the check that found it: {@code role}, {@code name}, {@code region}, {@code codecommit},
     *     {@code service-catalog}
     * @param resource what it is about (a role name, the project name, a service)
     * @param problem what is wrong, as a sentence
     * @param fix what to do about it (a CLI command, a console path, another choice)
     */
    public PreflightProblem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(fix, "fix");
    }

    /** How much a problem matters. */
    public enum Severity {
        /** The project cannot be made as asked: creation is refused. */
        ERROR,
        /** The project may fail later; the preflight could not tell for sure. Creation goes on. */
        WARNING
    }

    @Override
    public String toString() {
        return severity + " [" + check + "] " + resource + ": " + problem + " Fix: " + fix;
    }
}
