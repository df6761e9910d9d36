package dev.mlops;

import dev.mlops.exception.ValidationException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A secret value (a token, a password, an app key): {@link #toString()} never shows it, so it cannot reach a log,
 * an exception message or a debugger's summary by accident. Only {@link #reveal()} gives it, at the point of use.
 *
 * <pre>{@code
 * Secret token = Secret.of(System.getenv("JENKINS_TOKEN"));
 * }</pre>
 */
public final class Secret {
    private final char[] value;

    private Secret(char[] value) {
        this.value = value;
    }

    /**
     * Wraps a secret.
     *
     * @param value the secret, not empty
     * @return the secret
     * @throws ValidationException if the value is null or empty (the message never includes the value)
     */
    public static Secret of(String value) {
        if (value == null || value.isEmpty()) {
            throw new ValidationException("Secret.value", value == null ? null : "(empty)", "a non-empty secret");
        }
        return new Secret(value.toCharArray());
    }

    /**
     * The secret itself; call it where it is sent, never to log or print.
     *
     * @return the value
     */
    public String reveal() {
        return new String(value);
    }

    /**
     * Compares in constant time.
     *
     * @param o another object
     * @return whether it is a secret of the same value
     */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Secret)) {
            return false;
        }
        return MessageDigest.isEqual(new String(value).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                new String(((Secret) o).value).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        // Equal secrets must hash alike; a constant keeps the hash from leaking anything about the value.
        return Secret.class.hashCode();
    }

    /**
     * Redacted.
     *
     * @return {@code Secret[redacted]}
     */
    @Override
    public String toString() {
        return "Secret[redacted]";
    }

    /** Overwrites the value in memory; the secret is unusable afterwards. */
    public void destroy() {
        Arrays.fill(value, '\0');
    }
}
