package dev.mlops.cli.internal;

import dev.mlops.exception.ValidationException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A named set of backend options in {@code ~/.mlops/profiles/NAME.properties}, so a person does not repeat flags.
 * Its keys are the long option names without their dashes ({@code backend=aws}, {@code github-owner=acme}); a secret
 * never goes in a profile, only the file that holds it ({@code github-token-file=…}).
 */
public final class Profile {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Path file;
    private final Map<String, String> values;

    private Profile(Path file, Map<String, String> values) {
        this.file = file;
        this.values = values;
    }

    /**
     * No profile: every lookup is empty.
     *
     * @return the empty profile
     */
    public static Profile none() {
        return new Profile(null, Map.of());
    }

    /**
     * The folder profiles live in.
     *
     * @param userHome the user's home directory
     * @return {@code userHome/.mlops/profiles}
     */
    public static Path directory(Path userHome) {
        return userHome.resolve(".mlops").resolve("profiles");
    }

    /**
     * Reads a profile and checks its keys.
     *
     * @param directory the profiles' folder ({@link #directory})
     * @param name the profile's name: letters, digits, '.', '_' and '-', a letter or digit first
     * @param keys the keys a profile may have
     * @return the profile
     * @throws ValidationException for a bad name, a missing or unreadable file, or an unknown key or a secret in it
     */
    public static Profile load(Path directory, String name, Set<String> keys) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ValidationException("--profile", name,
                    "a profile name of letters, digits, '.', '_' and '-' (a letter or digit first, at most 64)");
        }
        Path file = directory.resolve(name + ".properties");
        if (!Files.isRegularFile(file)) {
            throw new ValidationException("--profile", name, "the name of a profile file " + file
                    + " (there is none; write one with lines such as backend=aws, or drop --profile and $MLOPS_PROFILE)");
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new ValidationException("profile " + file, name, "a readable properties file (" + e.getMessage() + ")");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : new TreeSet<>(p.stringPropertyNames())) {
            if (key.endsWith("-token") || key.endsWith("password") || key.endsWith("-secret")) {
                // The value is a secret: it must not be echoed back, and it must not live in a profile.
                throw new ValidationException("profile " + file + " key " + key, "(redacted)",
                        "absent: a secret never goes in a profile; name the file that holds it with " + key
                                + "-file, or set it in the environment");
            }
            if (!keys.contains(key)) {
                throw new ValidationException("profile " + file + " key " + key, p.getProperty(key),
                        "a known key: one of " + String.join(", ", new TreeSet<>(keys)));
            }
            out.put(key, p.getProperty(key).strip());
        }
        return new Profile(file, Collections.unmodifiableMap(out));
    }

    /**
     * A key's value.
     *
     * @param key the key (an option's name without dashes)
     * @return the value, or empty when the profile does not set it (or sets it blank)
     */
    public Optional<String> get(String key) {
        String v = values.get(key);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    /**
     * The file read.
     *
     * @return the file, or empty for {@link #none()}
     */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    @Override
    public String toString() {
        return file == null ? "Profile[none]" : "Profile[" + file + ", keys " + values.keySet() + "]";
    }
}
