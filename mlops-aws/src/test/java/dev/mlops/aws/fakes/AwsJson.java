package dev.mlops.aws.fakes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.mlops.aws.fixtures.ModelValidator;
import dev.mlops.aws.fixtures.ModelViolationError;
import dev.mlops.aws.fixtures.Violation;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Answers of the awsJson 1.1 protocol, as the services send them. */
final class AwsJson {
    static final ObjectMapper JSON = new ObjectMapper();

    private AwsJson() {
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** A timestamp as awsJson sends it: epoch seconds, with milliseconds. */
    static double seconds(Instant t) {
        return t.toEpochMilli() / 1000.0;
    }

    /**
     * A 200 answer, its body checked against the operation's output shape in the official service model.
     *
     * @param service the botocore service, e.g. {@code codepipeline}
     * @param operation the operation
     * @param body the body
     * @return the response
     * @throws ModelViolationError if the body breaks the output shape
     */
    static ResponseDefinition ok(String service, String operation, ObjectNode body) {
        List<Violation> violations = ModelValidator.of(service).validateOutput(operation, body);
        if (!violations.isEmpty()) {
            throw new ModelViolationError(violations);
        }
        return respond(200, body);
    }

    /**
     * An error: the status and {@code {"__type": code, "message": …}}.
     *
     * @param status the HTTP status
     * @param code the error code, e.g. {@code PipelineNotFoundException}
     * @param message the message
     * @return the response
     */
    static ResponseDefinition error(int status, String code, String message) {
        ObjectNode body = object();
        body.put("__type", code);
        body.put("message", message);
        return respond(status, body);
    }

    private static ResponseDefinition respond(int status, ObjectNode body) {
        return new ResponseDefinitionBuilder().withStatus(status)
                .withHeaders(new HttpHeaders(new HttpHeader("Content-Type", "application/x-amz-json-1.1"),
                        new HttpHeader("x-amzn-RequestId", UUID.randomUUID().toString())))
                .withBody(body.toString()).build();
    }
}
