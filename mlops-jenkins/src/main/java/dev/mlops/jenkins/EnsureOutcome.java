package dev.mlops.jenkins;

/** What an ensure call did to a Jenkins item. */
public enum EnsureOutcome {
    /** The item did not exist and was created. */
    CREATED,
    /** The item existed and its configuration was replaced. */
    UPDATED,
    /** The item existed with the right kind and was kept as it is. */
    ADOPTED
}
