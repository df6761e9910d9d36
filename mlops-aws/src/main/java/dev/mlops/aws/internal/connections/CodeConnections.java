package dev.mlops.aws.internal.connections;

import dev.mlops.aws.AwsService;
import dev.mlops.aws.internal.AwsCalls;
import dev.mlops.aws.internal.AwsErrors;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.codeconnections.model.GetConnectionResponse;
import software.amazon.awssdk.services.codeconnections.model.ResourceNotFoundException;
import software.amazon.awssdk.services.codeconnections.model.Tag;

/**
 * Reads connections with the CodeConnections API ({@code GetConnection}, {@code ListTagsForResource}), which answers for
 * CodeConnections ARNs ({@code arn:aws:codeconnections:…}) and the older CodeStar Connections ARNs
 * ({@code arn:aws:codestar-connections:…}) alike. Throttling, faults and refusals surface as the backend's
 * {@link dev.mlops.exception.MlopsException}s.
 */
public final class CodeConnections {
    private final AwsCalls calls;

    /**
     * @param calls the backend's calls
     */
    public CodeConnections(AwsCalls calls) {
        this.calls = calls;
    }

    /**
     * Reads a connection and its tags.
     *
     * @param arn the connection's ARN
     * @return the connection, or empty when the account and region have none of that ARN
     * @throws dev.mlops.exception.MlopsException when CodeConnections cannot be asked (refused, throttled, down)
     */
    public Optional<Connection> describe(String arn) {
        Map<String, String> ctx = Map.of("connection", arn);
        GetConnectionResponse got = calls.call(AwsService.CODECONNECTIONS, "read connection " + arn, ctx, () -> {
            try {
                return calls.clients().codeConnections().getConnection(r -> r.connectionArn(arn));
            } catch (ResourceNotFoundException e) {
                return null;
            } catch (SdkException e) {
                if (AwsErrors.isNotFound(e)) {
                    return null;
                }
                throw e;
            }
        });
        if (got == null || got.connection() == null) {
            return Optional.empty();
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (Tag t : calls.call(AwsService.CODECONNECTIONS, "read the tags of connection " + arn, ctx,
                () -> calls.clients().codeConnections().listTagsForResource(r -> r.resourceArn(arn)).tags())) {
            tags.put(t.key(), t.value());
        }
        var c = got.connection();
        return Optional.of(new Connection(arn, c.connectionName(), c.providerTypeAsString(),
                c.connectionStatusAsString(), tags));
    }
}
