package dev.mlops.cli.internal;

import dev.mlops.Secret;
import dev.mlops.exception.ValidationException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The backend options as they resolve: the command line first, then the profile, then the environment. Every value
 * knows where it came from, so an error names the flag, the profile's file and key, or the variable that set it.
 */
final class Settings {
    /** Where a value came from, for messages. */
    record Value(String value, String source) {
    }

    private final Map<String, String> commandLine;
    private final Profile profile;
    private final Map<String, String> env;

    Settings(Map<String, String> commandLine, Profile profile, Map<String, String> env) {
        this.commandLine = commandLine;
        this.profile = profile;
        this.env = env;
    }

    /**
     * An option's value: the flag, else the profile's key of the same name, else the variable (if one is named).
     *
     * @param option the long option without dashes, e.g. {@code backend}
     * @param envVar the environment variable that sets it, or {@code null}
     */
    Optional<Value> get(String option, String envVar) {
        String v = commandLine.get(option);
        if (v != null) {
            return Optional.of(new Value(v, "--" + option));
        }
        Optional<String> p = profile.get(option);
        if (p.isPresent()) {
            return Optional.of(new Value(p.get(), "profile " + profile.file().orElseThrow() + " key " + option));
        }
        if (envVar != null) {
            String e = env.get(envVar);
            if (e != null && !e.isBlank()) {
                return Optional.of(new Value(e.strip(), "$" + envVar));
            }
        }
        return Optional.empty();
    }

    Optional<Value> get(String option) {
        return get(option, null);
    }

    /** One of a few names, or the default. */
    String choice(String option, String envVar, List<String> allowed, String dflt) {
        Optional<Value> v = get(option, envVar);
        if (v.isEmpty()) {
            return dflt;
        }
        if (!allowed.contains(v.get().value())) {
            throw new ValidationException(v.get().source(), v.get().value(), "one of " + String.join(", ", allowed));
        }
        return v.get().value();
    }

    /** A value the composition cannot do without. */
    Value require(String option, String envVar, String why) {
        return get(option, envVar).orElseThrow(() -> new ValidationException("--" + option, null,
                "given " + why + (envVar != null ? " (or set $" + envVar + ")" : "")));
    }

    /** An http(s) URL with a host. */
    static URI url(Value v) {
        try {
            URI u = new URI(v.value());
            if (u.getHost() == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) {
                throw new ValidationException(v.source(), v.value(), "an http or https URL with a host");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new ValidationException(v.source(), v.value(), "an http or https URL with a host (" + e.getReason() + ")");
        }
    }

    /**
     * A secret: the file the option (or profile key) names, else the variable. Never a command-line value, so it
     * does not land in shell history or {@code ps}; never echoed in a message.
     *
     * @param fileOption the option naming a file, e.g. {@code github-token-file}
     * @param envVar the variable holding the secret itself, e.g. {@code GITHUB_TOKEN}
     */
    Optional<Secret> secret(String fileOption, String envVar) {
        Optional<Value> file = get(fileOption);
        if (file.isPresent()) {
            Path p = Path.of(file.get().value());
            String text;
            try {
                text = Files.readString(p, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new ValidationException(file.get().source(), file.get().value(),
                        "a readable file holding the secret (" + e.getClass().getSimpleName() + ")");
            }
            if (text.isEmpty()) {
                throw new ValidationException(file.get().source(), file.get().value(), "a file holding the secret (it is empty)");
            }
            return Optional.of(Secret.of(text));
        }
        String e = env.get(envVar);
        return e == null || e.isBlank() ? Optional.empty() : Optional.of(Secret.of(e.strip()));
    }

    /** A secret that must be there. */
    Secret requireSecret(String fileOption, String envVar, String why) {
        return secret(fileOption, envVar).orElseThrow(() -> new ValidationException("$" + envVar, null,
                "set " + why + " (or name a file holding it with --" + fileOption + "; never on the command line)"));
    }

    /** Whether any of the options is set (on the command line or in the profile). */
    Optional<Value> anyOf(List<String> options) {
        for (String o : options) {
            Optional<Value> v = get(o);
            if (v.isPresent()) {
                return v;
            }
        }
        return Optional.empty();
    }
}
