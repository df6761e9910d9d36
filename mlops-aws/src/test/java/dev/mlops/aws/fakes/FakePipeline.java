package dev.mlops.aws.fakes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A pipeline the {@link FakeCodePipeline} knows, as a project's stack would have made it: stages of actions, and the
 * variables it declares. It runs in the V1 {@code SUPERSEDED} mode.
 */
public final class FakePipeline {
    private final String name;
    private final Map<String, List<FakeAction>> stages = new LinkedHashMap<>();
    private final Set<String> variables = new TreeSet<>();

    private FakePipeline(String name) {
        this.name = name;
    }

    /**
     * Starts a declaration.
     *
     * @param name the pipeline's name
     * @return the declaration, to add stages to
     */
    public static FakePipeline named(String name) {
        return new FakePipeline(name);
    }

    /**
     * Adds a stage.
     *
     * @param stage its name
     * @param actions its actions
     * @return this
     */
    public FakePipeline stage(String stage, FakeAction... actions) {
        stages.put(stage, List.of(actions));
        return this;
    }

    /**
     * Declares pipeline variables.
     *
     * @param names the variables' names
     * @return this
     */
    public FakePipeline variables(String... names) {
        variables.addAll(List.of(names));
        return this;
    }

    /** @return the name */
    public String name() {
        return name;
    }

    /** @return the stages' names in order */
    public List<String> stageNames() {
        return new ArrayList<>(stages.keySet());
    }

    /**
     * The actions of a stage.
     *
     * @param stage the stage's name
     * @return its actions
     */
    public List<FakeAction> actions(String stage) {
        return stages.getOrDefault(stage, List.of());
    }

    /** @return the declared variables */
    public Set<String> variables() {
        return Set.copyOf(variables);
    }

    /**
     * The stage of an action.
     *
     * @param action the action's name
     * @return its stage, or null
     */
    public String stageOf(String action) {
        for (Map.Entry<String, List<FakeAction>> e : stages.entrySet()) {
            if (e.getValue().stream().anyMatch(a -> a.name().equals(action))) {
                return e.getKey();
            }
        }
        return null;
    }
}
