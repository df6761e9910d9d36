package dev.mlops.aws.fakes;

/**
 * What an action of a {@link FakeCodePipeline} does when its time is up: e.g. a build action registers a model
 * package in moto, a deploy action creates an endpoint, a source action reads the head of a repository, or the
 * action fails with a message. It runs inside the fake, on a request's thread: it must not call the fake.
 */
@FunctionalInterface
public interface ActionHandler {
    /**
     * Runs the action.
     *
     * @param context the action
     * @return how it ended; an exception fails the action with its message
     */
    ActionOutcome run(ActionContext context);
}
