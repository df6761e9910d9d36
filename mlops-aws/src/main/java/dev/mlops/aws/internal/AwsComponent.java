package dev.mlops.aws.internal;

import dev.mlops.spi.Component;
import dev.mlops.spi.WaitPolicy;

/**
 * What every AWS component shares: the backend's name, its calls and its wait policy.
 */
public abstract class AwsComponent implements Component {
    /** The backend's name in messages and compositions. */
    public static final String BACKEND = "aws";

    /** The backend's calls. */
    protected final AwsCalls calls;
    private final WaitPolicy waits;

    /**
     * Creates a component.
     *
     * @param calls the backend's calls
     * @param waits how this component's awaits pace their polls
     */
    protected AwsComponent(AwsCalls calls, WaitPolicy waits) {
        this.calls = calls;
        this.waits = waits;
    }

    @Override
    public final String backend() {
        return BACKEND;
    }

    @Override
    public final WaitPolicy waitPolicy() {
        return waits;
    }

    /** @return the SDK clients */
    protected final AwsClients clients() {
        return calls.clients();
    }
}
