package dev.mlops.aws.build;

import dev.mlops.exception.ValidationException;

/** A command line or environment the build mains cannot run with: a missing or malformed option. */
final class UsageException extends ValidationException {
    private static final long serialVersionUID = 1L;

    UsageException(String field, Object value, String rule) {
        super(field, value, rule);
    }
}
