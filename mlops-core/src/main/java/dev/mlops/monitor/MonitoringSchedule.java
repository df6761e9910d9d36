package dev.mlops.monitor;

import dev.mlops.exception.ValidationException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A monitoring schedule: which endpoint, what kind of monitor, when it runs, and the settings of its job
 * (for model quality: {@code ProblemType}, {@code InferenceAttribute}, {@code GroundTruthInput}, …).
 *
 * <pre>{@code
 * MonitoringSchedule s = MonitoringSchedule.builder("abalone-staging-data-quality", "abalone-staging")
 *         .type(MonitoringType.DataQuality).expression(ScheduleExpression.hourly()).build();
 * }</pre>
 */
public final class MonitoringSchedule {
    private static final String NAME = "[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}";

    private final String name;
    private final String endpoint;
    private final MonitoringType type;
    private final ScheduleExpression expression;
    private final Map<String, String> settings;

    private MonitoringSchedule(Builder b) {
        this.name = b.name;
        this.endpoint = b.endpoint;
        this.type = b.type;
        this.expression = b.expression;
        this.settings = Map.copyOf(b.settings);
    }

    /**
     * Starts a schedule.
     *
     * @param name the schedule name, 1 to 63 characters matching {@code ^[a-zA-Z0-9](-*[a-zA-Z0-9])*}
     * @param endpoint the endpoint it monitors
     * @return a builder (type DataQuality, hourly, by default)
     */
    public static Builder builder(String name, String endpoint) {
        return new Builder(name, endpoint);
    }

    /**
     * The schedule name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The monitored endpoint.
     *
     * @return the endpoint name
     */
    public String endpoint() {
        return endpoint;
    }

    /**
     * The monitor type.
     *
     * @return the type
     */
    public MonitoringType type() {
        return type;
    }

    /**
     * When it runs.
     *
     * @return the expression
     */
    public ScheduleExpression expression() {
        return expression;
    }

    /**
     * The job settings, e.g. {@code ProblemType}.
     *
     * @return an unmodifiable map
     */
    public Map<String, String> settings() {
        return settings;
    }

    /**
     * A builder holding this schedule's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder(name, endpoint).type(type).expression(expression).settings(settings);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MonitoringSchedule s && s.name.equals(name) && s.endpoint.equals(endpoint) && s.type == type
                && s.expression.equals(expression) && s.settings.equals(settings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, endpoint, type, expression, settings);
    }

    @Override
    public String toString() {
        return "MonitoringSchedule{" + name + ", " + type + " on " + endpoint + ", " + expression + "}";
    }

    /** Builds a {@link MonitoringSchedule}. */
    public static final class Builder {
        private final String name;
        private final String endpoint;
        private MonitoringType type = MonitoringType.DataQuality;
        private ScheduleExpression expression = ScheduleExpression.hourly();
        private final Map<String, String> settings = new LinkedHashMap<>();

        private Builder(String name, String endpoint) {
            if (name == null || !name.matches(NAME)) {
                throw new ValidationException("MonitoringScheduleName", name, "1 to 63 characters matching ^" + NAME);
            }
            if (endpoint == null || !endpoint.matches(NAME)) {
                throw new ValidationException("EndpointName", endpoint, "1 to 63 characters matching ^" + NAME);
            }
            this.name = name;
            this.endpoint = endpoint;
        }

        /**
         * Sets the monitor type.
         *
         * @param type the type
         * @return this builder
         */
        public Builder type(MonitoringType type) {
            if (type == null) {
                throw new ValidationException("MonitoringType", null, "one of " + java.util.Arrays.toString(MonitoringType.values()));
            }
            this.type = type;
            return this;
        }

        /**
         * Sets when it runs.
         *
         * @param expression the expression
         * @return this builder
         */
        public Builder expression(ScheduleExpression expression) {
            if (expression == null) {
                throw new ValidationException("ScheduleExpression", null, "an expression such as cron(0 * ? * * *)");
            }
            this.expression = expression;
            return this;
        }

        /**
         * Adds a job setting.
         *
         * @param key e.g. {@code ProblemType}
         * @param value its value
         * @return this builder
         */
        public Builder setting(String key, String value) {
            if (key == null || key.isBlank() || value == null) {
                throw new ValidationException("MonitoringSchedule.setting", key + "=" + value, "a key and a value");
            }
            settings.put(key, value);
            return this;
        }

        /**
         * Adds job settings.
         *
         * @param values keys and values
         * @return this builder
         */
        public Builder settings(Map<String, String> values) {
            values.forEach(this::setting);
            return this;
        }

        /**
         * Builds the schedule.
         *
         * @return the schedule
         */
        public MonitoringSchedule build() {
            return new MonitoringSchedule(this);
        }
    }
}
