package dev.mlops.aws.build;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A main's options: {@code --name value} pairs (an option may repeat), each falling back to the CodeBuild
 * environment variable the build project defines for it. Unknown options and missing values are usage errors.
 */
final class BuildArgs {
    private final Map<String, List<String>> options;
    private final Map<String, String> env;

    private BuildArgs(Map<String, List<String>> options, Map<String, String> env) {
        this.options = options;
        this.env = env;
    }

    /**
     * Parses arguments.
     *
     * @param args the command line
     * @param known the options the main takes, without {@code --}
     * @param env the environment
     * @return the options
     * @throws UsageException naming an unknown option or one without a value
     */
    static BuildArgs parse(String[] args, Set<String> known, Map<String, String> env) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || !known.contains(a.substring(2))) {
                throw new UsageException("argument " + (i + 1), a, "one of the options " + known.stream().sorted()
                        .map(k -> "--" + k).toList());
            }
            if (i + 1 >= args.length) {
                throw new UsageException(a, null, "followed by a value");
            }
            out.computeIfAbsent(a.substring(2), k -> new ArrayList<>()).add(args[++i]);
        }
        return new BuildArgs(out, Map.copyOf(env));
    }

    /**
     * An option's value.
     *
     * @return the option's last non-blank value, else the variable's non-blank value (a build spec passes
     *     {@code --x "$X"}, which is blank when the variable is unset)
     */
    Optional<String> optional(String option, String variable) {
        List<String> v = options.get(option);
        if (v != null && !v.get(v.size() - 1).isBlank()) {
            return Optional.of(v.get(v.size() - 1));
        }
        String e = variable == null ? null : env.get(variable);
        return e == null || e.isBlank() ? Optional.empty() : Optional.of(e);
    }

    /** @throws UsageException naming the option and its variable when neither is set */
    String required(String option, String variable) {
        return optional(option, variable).orElseThrow(() -> new UsageException("--" + option, null,
                "given" + (variable != null ? ", or the environment variable " + variable + " set" : "")));
    }

    /** @return every value of a repeatable option */
    List<String> all(String option) {
        return options.getOrDefault(option, List.of());
    }

    /** @return the environment the main runs in */
    Map<String, String> env() {
        return env;
    }
}
