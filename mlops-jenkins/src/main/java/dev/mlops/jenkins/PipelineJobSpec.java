package dev.mlops.jenkins;

import dev.mlops.exception.ValidationException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A pipeline job defined by an inline script (Jenkins' {@code CpsFlowDefinition}) or by a Jenkinsfile in a Git
 * repository ({@link ScmJenkinsfile}, Jenkins' {@code CpsScmFlowDefinition}), with string parameters.
 * Immutable; built with {@link #builder()} and validated when built.
 *
 * <pre>{@code
 * PipelineJobSpec spec = PipelineJobSpec.builder()
 *     .description("build and train")
 *     .script("pipeline { agent any; stages { stage('Train') { steps { echo 'x' } } } }")
 *     .parameter("MODEL_VERSION", "1")
 *     .build();
 * }</pre>
 */
public final class PipelineJobSpec {
    private static final Pattern PARAM = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    private final String description;
    private final String script;
    private final Map<String, String> parameters;
    private final boolean sandbox;
    private final ScmJenkinsfile scm;

    private PipelineJobSpec(Builder b) {
        this.scm = b.scm;
        this.description = b.description;
        this.script = b.script;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(b.parameters));
        this.sandbox = b.sandbox;
    }

    /**
     * Starts a spec.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The job's description.
     *
     * @return the description, possibly empty
     */
    public String description() {
        return description;
    }

    /**
     * The pipeline script (declarative or scripted Groovy).
     *
     * @return the script
     */
    public String script() {
        return script;
    }

    /**
     * The string parameters and their defaults, in declaration order.
     *
     * @return an unmodifiable map
     */
    public Map<String, String> parameters() {
        return parameters;
    }

    /**
     * Whether the script runs in the Groovy sandbox (it does unless turned off; user code must not run with the
     * controller's powers).
     *
     * @return {@code true} when sandboxed
     */
    public boolean sandbox() {
        return sandbox;
    }

    /**
     * Where the Jenkinsfile comes from when it is not inline.
     *
     * @return the repository, or {@code null} for an inline {@link #script()}
     */
    public ScmJenkinsfile scm() {
        return scm;
    }

    /** Builds a {@link PipelineJobSpec}. */
    public static final class Builder {
        private String description = "";
        private String script;
        private final Map<String, String> parameters = new LinkedHashMap<>();
        private boolean sandbox = true;
        private ScmJenkinsfile scm;

        private Builder() {
        }

        /**
         * Reads the Jenkinsfile from a repository instead of an inline script.
         *
         * @param scm the repository, branch, credentials and path
         * @return this builder
         */
        public Builder scm(ScmJenkinsfile scm) {
            this.scm = scm;
            return this;
        }

        /**
         * Sets the description.
         *
         * @param description the text shown on the job's page
         * @return this builder
         */
        public Builder description(String description) {
            this.description = description == null ? "" : description;
            return this;
        }

        /**
         * Sets the pipeline script.
         *
         * @param script the Groovy script, not blank
         * @return this builder
         */
        public Builder script(String script) {
            this.script = script;
            return this;
        }

        /**
         * Adds a string parameter.
         *
         * @param name its name, a Groovy identifier
         * @param defaultValue its default, not null
         * @return this builder
         */
        public Builder parameter(String name, String defaultValue) {
            if (name == null || !PARAM.matcher(name).matches()) {
                throw new ValidationException("PipelineJobSpec.parameter", name,
                        "an identifier matching " + PARAM.pattern());
            }
            if (defaultValue == null) {
                throw new ValidationException("PipelineJobSpec.parameter." + name, null, "a default value, not null");
            }
            parameters.put(name, defaultValue);
            return this;
        }

        /**
         * Turns the Groovy sandbox on or off; off needs an administrator's script approval in Jenkins.
         *
         * @param sandbox whether to sandbox
         * @return this builder
         */
        public Builder sandbox(boolean sandbox) {
            this.sandbox = sandbox;
            return this;
        }

        /**
         * Builds the spec.
         *
         * @return the spec
         * @throws ValidationException if neither or both of the script and the repository are set
         */
        public PipelineJobSpec build() {
            if (scm != null && script != null) {
                throw new ValidationException("PipelineJobSpec.script", "(set)",
                        "either an inline script or a Jenkinsfile from the repository (scm), not both");
            }
            if (scm == null && (script == null || script.isBlank())) {
                throw new ValidationException("PipelineJobSpec.script", script == null ? null : "(blank)",
                        "a non-blank pipeline script");
            }
            return new PipelineJobSpec(this);
        }
    }
}
